/**
 * The transactional outbox against DynamoDB Local and the local SQS: state and event commit
 * together or not at all, and an event committed while no relay runs (the process died right
 * after the commit) is still delivered once a relay starts.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { newEnvelope } from '../../shared/contracts/envelope.ts';
import { defineEvent } from '../../shared/contracts/registry.ts';
import { ConflictError } from '../../shared/errors.ts';
import { makeRelayHandler } from '../../shared/outbox/relay.ts';
import { streamDeadLetterSchema } from '../../shared/messaging/stream-dead-letters.ts';
import { UnitOfWork } from '../../shared/outbox/unit-of-work.ts';
import { startStreamPoller, type Checkpoints } from '../../local/runtime/stream-poller.ts';
import { eventually } from '../support/http.ts';
import { createQueue, createTable, localClients, uniqueName } from '../support/aws.ts';

const parcelShipped = defineEvent('parcel.shipped', 1, z.object({ parcelId: z.string() }));
const shipped = (parcelId: string) => newEnvelope({ type: parcelShipped.type, source: 'test', data: { parcelId } });

const c = localClients();
let table: string;
let outbox: string;

beforeAll(async () => {
  table = await createTable(c.db, uniqueName('parcels'), { sortKey: true });
  outbox = await createTable(c.db, uniqueName('parcels-outbox'), { pk: 'id', stream: true });
});

const put = (id: string) => ({ Put: { TableName: table, Item: { pk: id, sk: 'P' }, ConditionExpression: 'attribute_not_exists(pk)' } });

async function receiveAll(queueUrl: string, expected: number): Promise<string[]> {
  const bodies: string[] = [];
  await eventually(async () => {
    const out = await c.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    bodies.push(...(out.Messages ?? []).map((m) => m.Body ?? ''));
    return bodies.length >= expected ? true : undefined;
  }, 15_000);
  return bodies;
}

describe('UnitOfWork', () => {
  it('writes the state change and its outbox record in one transaction', async () => {
    const event = shipped('p-1');
    await new UnitOfWork(c.doc, { outbox }).add(put('p-1')).publish(event).commit();
    const state = await c.doc.send(new GetCommand({ TableName: table, Key: { pk: 'p-1', sk: 'P' } }));
    const record = await c.doc.send(new GetCommand({ TableName: outbox, Key: { id: event.id } }));
    expect(state.Item).toBeDefined();
    expect(JSON.parse(record.Item?.envelope as string)).toEqual(event);
  });

  it('writes neither when a condition fails, and names the conflict', async () => {
    const event = shipped('p-1');
    const attempt = new UnitOfWork(c.doc, { outbox }).add(put('p-1'), 'Parcel p-1 already exists').publish(event).commit();
    await expect(attempt).rejects.toThrow(new ConflictError('Parcel p-1 already exists'));
    const record = await c.doc.send(new GetCommand({ TableName: outbox, Key: { id: event.id } }));
    expect(record.Item).toBeUndefined();
  });

  it('reports a second delivery of the same message as a duplicate and changes nothing', async () => {
    const first = await new UnitOfWork(c.doc, { outbox }).add(put('p-2')).markProcessed(table, 'msg-2').commit();
    const second = await new UnitOfWork(c.doc, { outbox }).add(put('p-2b')).markProcessed(table, 'msg-2').commit();
    const sideEffect = await c.doc.send(new GetCommand({ TableName: table, Key: { pk: 'p-2b', sk: 'P' } }));
    expect(first).toBe('committed');
    expect(second).toBe('duplicate');
    expect(sideEffect.Item).toBeUndefined();
  });
});

describe('outbox relay', () => {
  it('delivers events committed while no relay was running, once a relay starts', async () => {
    const source = await createTable(c.db, uniqueName('crash-outbox'), { pk: 'id', stream: true });
    const queueUrl = await createQueue(c.sqs, uniqueName('crash-target'));
    const dlqUrl = await createQueue(c.sqs, uniqueName('crash-relay-dlq'));
    const events = [shipped('c-1'), shipped('c-2'), shipped('c-3')];
    // The "process" commits and dies before anything is sent: no relay exists yet.
    for (const e of events) await new UnitOfWork(c.doc, { outbox: source }).publish(e).commit();

    const poller = await startStreamPoller({
      ...c,
      table: source,
      relay: makeRelayHandler({ sqs: c.sqs, routes: { [parcelShipped.type]: [queueUrl] }, service: 'test' }),
      dlqUrl,
      checkpoints: {},
      onError: () => undefined,
    });
    try {
      const bodies = await receiveAll(queueUrl, 3);
      expect(bodies.map((b) => (JSON.parse(b) as { id: string }).id).sort()).toEqual(events.map((e) => e.id).sort());
    } finally {
      await poller.stop();
    }
  });

  it('resumes after its checkpoint instead of resending what it already relayed', async () => {
    const source = await createTable(c.db, uniqueName('resume-outbox'), { pk: 'id', stream: true });
    const queueUrl = await createQueue(c.sqs, uniqueName('resume-target'));
    const dlqUrl = await createQueue(c.sqs, uniqueName('resume-relay-dlq'));
    const checkpoints: Checkpoints = {};
    const relay = makeRelayHandler({ sqs: c.sqs, routes: { [parcelShipped.type]: [queueUrl] }, service: 'test' });
    const start = () => startStreamPoller({ ...c, table: source, relay, dlqUrl, checkpoints, onError: () => undefined });

    const before = shipped('r-1');
    await new UnitOfWork(c.doc, { outbox: source }).publish(before).commit();
    const first = await start();
    await receiveAll(queueUrl, 1);
    await first.stop();

    const after = shipped('r-2');
    await new UnitOfWork(c.doc, { outbox: source }).publish(after).commit();
    const second = await start();
    try {
      const bodies = await receiveAll(queueUrl, 1);
      await new Promise((r) => setTimeout(r, 500)); // room for a wrong resend to show up
      const out = await c.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
      const ids = [...bodies, ...(out.Messages ?? []).map((m) => m.Body ?? '')].map((b) => (JSON.parse(b) as { id: string }).id);
      expect(ids).toEqual([after.id]);
    } finally {
      await second.stop();
    }
  });

  it('sends records the relay keeps failing to the relay DLQ and moves on', async () => {
    const source = await createTable(c.db, uniqueName('fail-outbox'), { pk: 'id', stream: true });
    const dlqUrl = await createQueue(c.sqs, uniqueName('fail-relay-dlq'));
    await new UnitOfWork(c.doc, { outbox: source }).publish(shipped('f-1')).commit();
    const poller = await startStreamPoller({
      ...c,
      table: source,
      // A route to a queue that does not exist: every send fails.
      relay: makeRelayHandler({
        sqs: c.sqs,
        routes: { [parcelShipped.type]: [`${inject('runtime').endpoints.sqs}/000000000000/missing`] },
        service: 'test',
      }),
      dlqUrl,
      source: { functionName: 'test-outbox-relay', service: 'test' },
      checkpoints: {},
      maxRetries: 1,
      onError: () => undefined,
    });
    try {
      const bodies = await receiveAll(dlqUrl, 1);
      // The whole record, in the message the handlers' own dead-lettering sends (replayable by npm run redrive).
      const letter = streamDeadLetterSchema.parse(JSON.parse(bodies[0]!));
      expect(letter).toMatchObject({
        kind: 'stream-record',
        functionName: 'test-outbox-relay',
        service: 'test',
        attempts: 2,
        record: { eventName: 'INSERT' },
      });
      expect(letter.record.dynamodb).toMatchObject({ NewImage: { type: { S: parcelShipped.type } } });
      expect(poller.stats.failedToDlq).toBe(1);
    } finally {
      await poller.stop();
    }
  });
});
