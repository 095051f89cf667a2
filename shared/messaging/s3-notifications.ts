/**
 * Consumers of S3 "object created" notifications delivered through SQS (manifest
 * `uploadNotifications`): one parser for every service. The record shape is Powertools' S3 schema,
 * narrowed to what a consumer reads (the event and the object's key) — the local runtime's
 * notifications carry only those parts of what S3 sends. S3's own test event, sent once when a
 * notification is configured, has no records and is ignored.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';

const s3Record = S3Schema.shape.Records.element;
const uploadRecord = s3Record.pick({ eventSource: true, eventName: true }).extend({ s3: s3Record.shape.s3.pick({ object: true }) });

const records = z.object({ Records: z.array(uploadRecord).max(100) });
const testEvent = z.object({ Event: z.literal('s3:TestEvent') }).loose();

/** S3 URL-encodes the key in a notification, with `+` for a space. */
const decodeKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

/** The keys of the objects an SQS message body announces (none for S3's test event). A malformed body throws. */
export function notifiedKeys(body: string): string[] {
  const json: unknown = JSON.parse(body);
  const parsed = records.safeParse(json);
  if (!parsed.success) {
    testEvent.parse(json);
    return [];
  }
  return parsed.data.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((r) => decodeKey(r.s3.object.key));
}

/** An SQS handler calling `onKey` for each announced object; a failing message is retried alone (then DLQ). */
export function uploadConsumer(onKey: (key: string) => Promise<void>) {
  const handleRecord = async (record: SQSRecord) => {
    for (const key of notifiedKeys(record.body)) await onKey(key);
  };
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context });
}
