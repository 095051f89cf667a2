import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeEventsHandler } from '../../../../services/reporting/adapters/inbound/events.ts';
import { ALL, M } from '../../../../services/reporting/domain/measures.ts';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { granted, registered, submitted } from './events.ts';
import { FakeAggregateStore } from './fakes.ts';

/** An envelope with some of its data replaced, as a publisher outside the contract might send it. */
const withData = (e: Envelope, patch: Record<string, unknown>): Envelope => ({ ...e, data: { ...(e.data as object), ...patch } });

const record = (messageId: string, body: unknown): SQSRecord =>
  ({
    messageId,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1' },
  }) as unknown as SQSRecord;
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

describe('the events consumer', () => {
  it('counts the valid messages of a batch and fails only the invalid ones', async () => {
    const store = new FakeAggregateStore();
    const bad: Envelope = { ...submitted('x'), data: { applicationId: 1 } };
    const out = await makeEventsHandler({ store })(
      batch(record('m1', submitted('e1')), record('m2', 'not json'), record('m3', bad), record('m4', submitted('e2'))),
    );
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }]);
    expect(store.measure(2026, 'all', ALL, M.received)).toBe(2);
  });

  it('fails only the message with a date that is not one, and counts the rest of its batch', async () => {
    const store = new FakeAggregateStore();
    const out = await makeEventsHandler({ store })(
      batch(
        record('m1', submitted('e1')),
        record('m2', withData(submitted('e2'), { submittedAt: 'yesterday' })),
        record('m3', withData(granted('g1'), { grantedOn: '2026-02-30' })),
        record('m4', submitted('e3')),
      ),
    );
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }]);
    expect(store.measure(2026, 'all', ALL, M.received)).toBe(2);
  });

  it('fails only the message whose event the counters cannot hold, and counts the rest of its batch', async () => {
    const store = new FakeAggregateStore();
    // Its agency code is longer than a counter's key may be (the contract refuses such a code too:
    // whichever check catches it, only its message fails).
    const long = withData(submitted('e2'), { agency: 'a'.repeat(2_000) });
    const out = await makeEventsHandler({ store })(batch(record('m1', submitted('e1')), record('m2', long), record('m3', submitted('e3'))));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect(store.measure(2026, 'all', ALL, M.received)).toBe(2);
  });

  it('refuses an event type it has no counters for', async () => {
    const store = new FakeAggregateStore();
    // A valid enterprise.changed: its contract exists, but no entry of the counter table maps it.
    const changed = { ...registered('e3'), type: 'enterprise.changed' };
    const out = await makeEventsHandler({ store })(batch(record('m1', changed)));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  });

  it('returns every valid message for a retry when the counters cannot be written', async () => {
    const store = new FakeAggregateStore();
    store.apply = async () => Promise.reject(new Error('throttled'));
    const out = await makeEventsHandler({ store })(batch(record('m1', submitted('e1')), record('m2', submitted('e2'))));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
  });
});
