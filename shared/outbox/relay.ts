/**
 * The outbox relay: a DynamoDB Streams consumer of a service's outbox table. For each new outbox
 * record it sends the event to the queue of every consumer that subscribes to its type (routes
 * come from the manifests), ten messages per SQS call. A record that could not be sent everywhere
 * is reported as a batch item failure and retried from (a stream is ordered); a record that keeps
 * failing goes whole to the relay's DLQ (makeDeployedRelayHandler), and Lambda's on-failure
 * destination on the same queue is the backstop. Consumers deduplicate on the event id,
 * so a resend after a partial failure is harmless.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { parseEnv, required } from '../config.ts';
import { envNames } from '../manifest.ts';
import { withStreamDeadLetters } from '../messaging/stream-dead-letters.ts';
import type { Logger } from '@aws-lambda-powertools/logger';
import { loggerFor } from '../observability.ts';

/** `{ [eventType]: queueUrl[] }` */
export type OutboxRoutes = Record<string, string[]>;

export interface RelayDeps {
  sqs: SQSClient;
  routes: OutboxRoutes;
  service: string;
}

const outboxRecord = z.object({ id: z.string(), type: z.string(), envelope: z.string() });

/** One message to route: `key` identifies its source record in failure reports. */
export interface Outgoing {
  key: string;
  eventId: string;
  type: string;
  body: string;
}

const SQS_BATCH = 10;

/**
 * Send each message to every queue its type routes to, ten per SQS call, all queues in parallel.
 * Returns the keys of the messages that did not reach every queue.
 */
export async function sendRouted(
  deps: { sqs: SQSClient; routes: OutboxRoutes; logger: Logger },
  messages: Outgoing[],
): Promise<Set<string>> {
  const failed = new Set<string>();
  const byQueue = new Map<string, Outgoing[]>();
  for (const m of messages) {
    for (const queueUrl of deps.routes[m.type] ?? []) {
      const list = byQueue.get(queueUrl) ?? [];
      list.push(m);
      byQueue.set(queueUrl, list);
    }
  }
  await Promise.all(
    [...byQueue].map(async ([queueUrl, pending]) => {
      for (let i = 0; i < pending.length; i += SQS_BATCH) {
        const chunk = pending.slice(i, i + SQS_BATCH);
        try {
          const result = await deps.sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: chunk.map((p, j) => ({
                Id: String(j),
                MessageBody: p.body,
                MessageAttributes: { eventType: { DataType: 'String', StringValue: p.type } },
              })),
            }),
          );
          for (const f of result.Failed ?? []) {
            const p = chunk[Number(f.Id)];
            if (p) failed.add(p.key);
            deps.logger.warn('SQS refused an event', { queueUrl, eventId: p?.eventId, code: f.Code });
          }
        } catch (error) {
          deps.logger.warn('SQS send failed', { queueUrl, error: error as Error });
          for (const p of chunk) failed.add(p.key);
        }
      }
    }),
  );
  return failed;
}

export function makeRelayHandler(deps: RelayDeps) {
  const logger = loggerFor(deps.service);

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const failed = new Set<string>();
    const outgoing: Outgoing[] = [];
    for (const record of event.Records) {
      if (record.eventName !== 'INSERT') continue; // TTL deletions: nothing to send
      const key = record.dynamodb?.SequenceNumber ?? '';
      const parsed = outboxRecord.safeParse(unmarshall((record.dynamodb?.NewImage ?? {}) as Record<string, AttributeValue>));
      if (!parsed.success) {
        logger.error('outbox record is malformed; the stream must be NEW_IMAGE', { sequence: key });
        failed.add(key);
        continue;
      }
      outgoing.push({ key, eventId: parsed.data.id, type: parsed.data.type, body: parsed.data.envelope });
    }
    for (const key of await sendRouted({ sqs: deps.sqs, routes: deps.routes, logger }, outgoing)) failed.add(key);
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/** Env value `{ [eventType]: queueUrl[] }` as JSON. */
export const routesJson = () =>
  z
    .string()
    .min(1)
    .transform((s, ctx) => {
      let json: unknown;
      try {
        json = JSON.parse(s);
      } catch {
        json = undefined;
      }
      const routes = z.record(z.string(), z.array(z.string().min(1))).safeParse(json);
      if (routes.success) return routes.data;
      ctx.addIssue({ code: 'custom', message: 'must be JSON {eventType: [queueUrl]}' });
      return z.NEVER;
    });

const relayEnv = z.object({ OUTBOX_ROUTES: routesJson(), POWERTOOLS_SERVICE_NAME: z.string().min(1) });

export const relayDepsFromEnv = (sqs: SQSClient): RelayDeps => {
  const env = parseEnv(relayEnv);
  return { sqs, routes: env.OUTBOX_ROUTES, service: env.POWERTOOLS_SERVICE_NAME };
};

/** The relay as deployed: records it keeps failing on go whole to its DLQ (see stream-dead-letters.ts). */
export function makeDeployedRelayHandler(deps: RelayDeps, dlqUrl: string, functionName?: string) {
  return withStreamDeadLetters(makeRelayHandler(deps), {
    sqs: deps.sqs,
    dlqUrl,
    service: deps.service,
    logger: loggerFor(deps.service),
    ...(functionName ? { functionName } : {}),
  });
}

export const relayDlqUrlFromEnv = (): string =>
  parseEnv(z.object({ [envNames.outboxRelayDlqUrl]: required() }))[envNames.outboxRelayDlqUrl] as string;
