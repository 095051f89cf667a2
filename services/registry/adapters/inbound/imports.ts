/** Bulk snapshot imports over HTTP, and the two queue consumers that carry them out. */
import type { S3Event } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { httpHandler } from '../../../../shared/http/handler.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { applyChunk, completeUpload, getImport, importIdOfKey, readImportFile, startImport, type ImportDeps } from '../../app/imports.ts';
import { REGISTRY } from '../../config.ts';
import { routes } from '../../routes.ts';

const logger = loggerFor(REGISTRY);

export const makeStartImportHandler = (deps: ImportDeps) =>
  httpHandler(REGISTRY, routes.startImport, async (req) => ({
    status: 201,
    body: await startImport(deps, {
      format: req.body.format,
      ...(req.body.fileName ? { fileName: req.body.fileName } : {}),
      ...(req.body.sizeBytes ? { sizeBytes: req.body.sizeBytes } : {}),
      by: req.principal.sub,
    }),
  }));

export const makeCompleteUploadHandler = (deps: ImportDeps) =>
  httpHandler(REGISTRY, routes.completeUpload, async (req) => ({ status: 200, body: await completeUpload(deps, req.params.id, req.body.parts) }));

export const makeGetImportHandler = (deps: ImportDeps) =>
  httpHandler(REGISTRY, routes.getImport, async (req) => ({ status: 200, body: await getImport(deps, req.params.id) }));

/** S3 "object created" notifications for uploaded files (S3 also sends a test event: ignored). */
export function makeReadImportFileHandler(deps: ImportDeps) {
  const handleRecord = async (record: SQSRecord) => {
    const body = JSON.parse(record.body) as Partial<S3Event> & { Event?: string };
    for (const r of body.Records ?? []) {
      const key = decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '));
      const id = importIdOfKey(key);
      if (!id) {
        logger.warn('upload notification for a key that is not an import source file', { key });
        continue;
      }
      await readImportFile(deps, id);
    }
  };
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context });
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
