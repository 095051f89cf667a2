/** Bulk snapshot imports over HTTP, and the two queue consumers that carry them out. */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { httpHandler } from '../../../../shared/http/handler.ts';
import { uploadConsumer } from '../../../../shared/messaging/s3-notifications.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { completeUploadAs, getImportAs, startImportAs } from '../../app/import-access.ts';
import { applyChunk, importIdOfKey, readImportFile, type ImportDeps } from '../../app/imports.ts';
import { REGISTRY } from '../../config.ts';
import { routes } from '../../routes.ts';

const logger = loggerFor(REGISTRY);

export const makeStartImportHandler = (deps: ImportDeps) =>
  httpHandler(REGISTRY, routes.startImport, async (req) => ({
    status: 201,
    body: await startImportAs(deps, req.principal, {
      format: req.body.format,
      ...(req.body.fileName ? { fileName: req.body.fileName } : {}),
      ...(req.body.sizeBytes ? { sizeBytes: req.body.sizeBytes } : {}),
    }),
  }));

export const makeCompleteUploadHandler = (deps: ImportDeps) =>
  httpHandler(REGISTRY, routes.completeUpload, async (req) => ({ status: 200, body: await completeUploadAs(deps, req.principal, req.params.id, req.body.parts) }));

export const makeGetImportHandler = (deps: ImportDeps) =>
  httpHandler(REGISTRY, routes.getImport, async (req) => ({ status: 200, body: await getImportAs(deps, req.principal, req.params.id) }));

/** S3 "object created" notifications for uploaded files. */
export function makeReadImportFileHandler(deps: ImportDeps) {
  return uploadConsumer(async (key) => {
    const id = importIdOfKey(key);
    if (!id) {
      logger.warn('upload notification for a key that is not an import source file', { key });
      return;
    }
    await readImportFile(deps, id);
  });
}

const chunkMessage = z.object({
  importId: z.string().uuid(),
  chunk: z.number().int().min(0),
  rows: z.array(z.object({ row: z.number().int().min(1), raw: z.unknown(), error: z.string().optional() })),
});

export function makeApplyChunkHandler(deps: ImportDeps) {
  const handleRecord = async (record: SQSRecord) => {
    const msg = chunkMessage.parse(JSON.parse(record.body));
    await applyChunk(deps, msg as Parameters<typeof applyChunk>[1]);
  };
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context });
}
