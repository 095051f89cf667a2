import { sqsClient } from '../../../../shared/aws/sqs-client.ts';
import { config } from '../../config.ts';
import { buildImportDeps } from '../../deps.ts';
import { manifest } from '../../manifest.ts';
import { makeApplyChunkHandler } from './imports.ts';

const consumer = manifest.consumers.find((c) => c.name === 'import-chunks')!;
const faultRow = (raw: unknown) =>
  typeof (raw as { eventId?: unknown } | null)?.eventId === 'string' && (raw as { eventId: string }).eventId.startsWith('fault:');

export const handler = makeApplyChunkHandler(buildImportDeps(), {
  maxReceiveCount: consumer.maxReceiveCount,
  queueUrl: config().chunkQueueUrl,
  sqs: sqsClient(),
  ...(config().importTestFaults ? { fault: (msg: { rows: { raw: unknown }[] }) => msg.rows.some((r) => faultRow(r.raw)) } : {}),
});
