/**
 * The DynamoDB aggregate store against DynamoDB Local: a batch is added up into transactions of at
 * most 100 items, and whatever the batch, re-deliveries and concurrency, the counters come out as
 * the in-memory fake (one event at a time, the reference semantics) computes them.
 */
import { describe, expect, it } from 'vitest';
import { DynamoDbAggregateStore, partsOf } from '../../services/reporting/adapters/outbound/dynamodb-aggregate-store.ts';
import { recordEvents } from '../../services/reporting/app/record-events.ts';
import { ALL, DIMENSIONS, planEvent, type PlannedEvent } from '../../services/reporting/domain/measures.ts';
import { HANOI_COMMUNES } from '../../shared/reference/hanoi-communes.ts';
import { FakeAggregateStore } from '../unit/services/reporting/fakes.ts';
import { decided, fairScheduled, granted, registered, submitted } from '../unit/services/reporting/events.ts';
import { createTable, localClients, uniqueName } from '../support/aws.ts';

const c = localClients();

async function freshStore() {
  const table = await createTable(c.db, uniqueName('reporting-records'), { sortKey: true });
  return new DynamoDbAggregateStore(c.doc, table);
}

/** A varied batch: many communes and sectors (so it needs several transactions), repeat grants to the same SMEs. */
function batch(prefix: string, n: number): PlannedEvent[] {
  const vsics = ['2592', '1410', '6201', '4610', '0111'];
  const out = [];
  for (let i = 0; i < n; i++) {
    const commune = HANOI_COMMUNES[(i * 7) % HANOI_COMMUNES.length]!.code;
    const vsic = vsics[i % vsics.length]!;
    const month = String((i % 11) + 1).padStart(2, '0');
    out.push(
      [
        () =>
          submitted(`${prefix}-s${i}`, { commune, vsic, at: `2026-${month}-03T02:00:00Z`, agency: i % 2 ? 'so-khcn' : 'so-cong-thuong' }),
        () => decided(`${prefix}-d${i}`, { at: `2026-${month}-09T02:00:00Z`, onTime: i % 3 > 0 }),
        () =>
          granted(`${prefix}-g${i}`, {
            taxCode: String(1_000_000_000 + (i % 17)),
            commune,
            vsic,
            on: `2026-${month}-10`,
            agency: i % 2 ? 'so-khcn' : 'so-cong-thuong',
            targets: ['direct-capacity-support', 'cnht-connection'],
          }),
        () =>
          registered(`${prefix}-r${i}`, {
            taxCode: String(2_000_000_000 + i),
            commune,
            vsic,
            foundedOn: `2026-${month}-12`,
            cause: i % 5 ? 'registered' : 'converted-from-household',
          }),
      ][i % 4]!(),
    );
  }
  return out.map(planEvent);
}

async function snapshot(store: DynamoDbAggregateStore | FakeAggregateStore) {
  const all: Record<string, Record<string, number>> = {};
  for (const dim of DIMENSIONS) {
    for (const row of await store.cells(2026, dim)) {
      const measures = Object.fromEntries(Object.entries(row.measures).filter(([, v]) => v !== 0));
      if (Object.keys(measures).length) all[`${dim}=${row.value}`] = measures;
    }
  }
  return all;
}

describe('DynamoDbAggregateStore', () => {
  it('adds up a batch bigger than one transaction to the same counters as event-by-event', async () => {
    const store = await freshStore();
    const events = batch('a', 240);
    const reference = new FakeAggregateStore();
    await reference.apply(events);

    const outcome = await store.apply(events);

    expect(outcome.applied).toHaveLength(240);
    expect(outcome.duplicates).toEqual([]);
    expect(await snapshot(store)).toEqual(await snapshot(reference));
  });

  it('counts nothing twice when a batch comes again, whole or mixed with new events', async () => {
    const store = await freshStore();
    const first = batch('b', 60);
    const second = batch('c', 60);
    const reference = new FakeAggregateStore();
    await reference.apply([...first, ...second]);
    await store.apply(first);

    const again = await store.apply([...first.slice(0, 30), ...second, ...first.slice(30)]);

    expect(again.duplicates.sort()).toEqual(first.map((e) => e.id).sort());
    expect(again.applied.sort()).toEqual(second.map((e) => e.id).sort());
    expect(await snapshot(store)).toEqual(await snapshot(reference));
  });

  it('counts each event once when two consumers apply overlapping batches at the same time', async () => {
    const store = await freshStore();
    const events = batch('d', 80);
    const reference = new FakeAggregateStore();
    await reference.apply(events);

    const [x, y] = await Promise.all([store.apply(events.slice(0, 60)), store.apply(events.slice(20))]);

    expect([...x.applied, ...y.applied].sort()).toEqual(events.map((e) => e.id).sort());
    expect(await snapshot(store)).toEqual(await snapshot(reference));
  });

  it('writes an event too big for one transaction in parts, each once, and finishes a partly written one on its retry', async () => {
    const store = await freshStore();
    // A fair whose 240 enterprises come from 120 communes and several sectors: more than 100 cells.
    const vsics = ['2592', '1410', '6201', '4610', '0111', '8620'];
    const enterprises = Array.from({ length: 240 }, (_, i) => ({
      taxCode: String(3_000_000_000 + i),
      commune: HANOI_COMMUNES[i % 120]!.code,
      vsic: vsics[i % vsics.length]!,
      added: 2,
      removed: 0,
    }));
    const fair = planEvent(fairScheduled('fair-big', { added: 240, removed: 0, meetings: 240, enterprises }));
    const parts = partsOf(fair);
    expect(parts.length).toBeGreaterThan(1);
    const reference = new FakeAggregateStore();
    await reference.apply([fair]);

    // The first part was written before the consumer failed; the retry brings the whole event.
    await store.apply([parts[0]!]);
    const retry = await store.apply([fair]);
    const again = await store.apply([fair]);

    expect(retry).toEqual({ applied: ['fair-big'], duplicates: [] });
    expect(again).toEqual({ applied: [], duplicates: ['fair-big'] });
    expect(await snapshot(store)).toEqual(await snapshot(reference));
  });

  it('fails alone an event whose cell no DynamoDB key can hold, and writes the rest of its batch in one transaction', async () => {
    const store = await freshStore();
    // Valid by its contract; its agency code (a cell's sort key) is twice DynamoDB's 1,024-byte limit.
    const tooLong = submitted('k2', { agency: 'a'.repeat(2_048) });

    const out = await recordEvents({ store }, [submitted('k1'), tooLong, submitted('k3')]);

    expect(out.rejected).toEqual([{ id: 'k2', reason: expect.stringMatching(/^agency: a value of 2048 bytes/) }]);
    expect(out.applied.sort()).toEqual(['k1', 'k3']);
    expect(store.stats.transactions).toBe(1);
    const [city] = await store.cells(2026, 'all', { from: ALL, to: ALL });
    expect(city?.measures.received).toBe(2);
  });

  it('counts an enterprise once per cell when two consumers credit it at the same time, each learning what the other counted', async () => {
    const store = await freshStore();
    const reference = new FakeAggregateStore();
    const pairs = Array.from({ length: 6 }, (_, i) => {
      const taxCode = String(4_000_000_000 + i);
      return [
        planEvent(granted(`race-${i}-a`, { taxCode, on: '2026-11-10', targets: ['direct-capacity-support', 'cnht-direct-suppliers'] })),
        planEvent(granted(`race-${i}-b`, { taxCode, on: '2026-12-10', agency: 'so-khcn', targets: ['direct-capacity-support'] })),
      ] as const;
    });
    for (const [a, b] of pairs) await reference.apply([a, b]);

    // Both read the markers before either writes: the second to write finds members there already.
    for (const [a, b] of pairs) await Promise.all([store.apply([a]), store.apply([b])]);

    expect(await snapshot(store)).toEqual(await snapshot(reference));
    expect(store.stats.retries).toBeGreaterThan(0);
  });
});
