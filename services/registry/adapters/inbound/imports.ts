/** Bulk snapshot imports over HTTP, the two queue consumers that carry them out, and the sweep. */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { httpHandler } from '../../../../shared/http/handler.ts';
import { notifiedKeys } from '../../../../shared/messaging/s3-notifications.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { completeUploadAs, getImportAs, startImportAs } from '../../app/import-access.ts';
import {
  applyChunk,
  failChunk,
  importIdOfKey,
  readImportFile,
  sweepImports,
  type ImportDeps,
  type SweepReport,
} from '../../app/imports.ts';
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
  httpHandler(REGISTRY, routes.completeUpload, async (req) => ({
    status: 200,
    body: await completeUploadAs(deps, req.principal, req.params.id, req.body.parts),
  }));

export const makeGetImportHandler = (deps: ImportDeps) =>
  httpHandler(REGISTRY, routes.getImport, async (req) => ({ status: 200, body: await getImportAs(deps, req.principal, req.params.id) }));

/** A continuation: "go on reading this import" (the reader's own, or the sweep's). */
const continueMessage = z.object({ continueReading: z.string().uuid(), retry: z.boolean().optional() });

/**
 * The reader's queue carries S3 "object created" notifications for uploaded files (S3's test event
 * is ignored) and continuations. Either way the reader goes on from the job's checkpoint, and stops
 * a minute before this invocation's time runs out.
 */
export function makeReadImportFileHandler(deps: ImportDeps) {
  const handleRecord = async (record: SQSRecord, context: Context) => {
    const remainingMs = () => context.getRemainingTimeInMillis();
    const cont = continueMessage.safeParse(JSON.parse(record.body));
    if (cont.success) {
      await readImportFile(deps, cont.data.continueReading, { remainingMs, retry: cont.data.retry ?? false });
      return;
    }
    for (const key of notifiedKeys(record.body)) {
      const id = importIdOfKey(key);
      if (!id) {
        logger.warn('upload notification for a key that is not an import source file', { key });
        continue;
      }
      await readImportFile(deps, id, { remainingMs });
    }
  };
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, (record: SQSRecord) => handleRecord(record, context), new BatchProcessor(EventType.SQS), { context });
}

const chunkMessage = z.object({
  importId: z.string().uuid(),
  chunk: z.number().int().min(0),
  rows: z.array(z.object({ row: z.number().int().min(1), raw: z.unknown(), error: z.string().optional() })).max(10_000),
});

/** Seconds before a failed chunk is tried again, by attempt: transient conflicts clear quickly. */
export const chunkRetryDelaySeconds = (attempt: number) => Math.min(120, 2 ** attempt);

export interface ChunkHandlerOptions {
  /** The import-chunks consumer's maxReceiveCount: the attempt that is the last. */
  maxReceiveCount: number;
  queueUrl: string;
  sqs: SQSClient;
  /** Local test runs only: make a chunk fail every attempt (see config.ts). */
  fault?: (msg: { rows: { raw: unknown }[] }) => boolean;
}

/**
 * Applies chunks. A failed attempt is retried after a short back-off (its visibility shortened);
 * the last attempt records the chunk as failed on the job — with its rows and the reason — before
 * failing, so the job ends even though the message goes to the dead-letter queue (for redrive).
 */
export function makeApplyChunkHandler(deps: ImportDeps, opts: ChunkHandlerOptions) {
  const handleRecord = async (record: SQSRecord) => {
    const msg = chunkMessage.parse(JSON.parse(record.body)) as Parameters<typeof applyChunk>[1];
    const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
    try {
      if (opts.fault?.(msg)) throw new Error('fault injected for a test (REGISTRY_IMPORT_TEST_FAULTS)');
      await applyChunk(deps, msg);
    } catch (error) {
      const reason = `${(error as Error).name}: ${(error as Error).message}`;
      if (attempt >= opts.maxReceiveCount) {
        logger.error('import chunk failed its last attempt; recorded on the job, message to the DLQ', {
          importId: msg.importId,
          chunk: msg.chunk,
          attempt,
        });
        await failChunk(deps, msg, `Failed ${attempt} attempts; last error: ${reason}`);
      }
      // Back off briefly (not the whole visibility timeout); after the last attempt this is how
      // soon SQS moves the message to the dead-letter queue.
      await opts.sqs
        .send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: opts.queueUrl,
            ReceiptHandle: record.receiptHandle,
            VisibilityTimeout: chunkRetryDelaySeconds(attempt),
          }),
        )
        .catch((e: unknown) => logger.warn('could not shorten the retry delay of a chunk', { error: e as Error }));
      throw error;
    }
  };
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context });
}

/** The scheduled sweep (EventBridge Scheduler in AWS, the runtime's scheduler locally). */
export function makeSweepImportsHandler(deps: ImportDeps) {
  return async (): Promise<SweepReport> => {
    const report = await sweepImports(deps);
    if (report.resumed.length || report.failed.length || report.completed.length)
      logger.warn('import sweep acted on stalled jobs', { ...report });
    return report;
  };
}
