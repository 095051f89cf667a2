import { describe, it, expect } from 'vitest';
import { ingestEvents } from '../../../../services/registry/app/ingest-events.ts';
import type { RegistryDeps } from '../../../../services/registry/app/ports.ts';
import { FakeEnterpriseRepository } from './fakes.ts';
import { NOW, profile, rawEvent, TAX_CODES } from './fixtures.ts';

function setup() {
  const enterprises = new FakeEnterpriseRepository();
  const deps: RegistryDeps = { enterprises, now: () => NOW };
  return { enterprises, deps };
}

const registered = (n: number, taxCode: string) => rawEvent({ eventId: `reg-${n}`, taxCode });
const invalid = (n: number) => rawEvent({ eventId: `reg-${n}`, taxCode: '0100233480' });

describe('ingestEvents', () => {
  it('returns one result per event, in input order', async () => {
    const { deps } = setup();

    const summary = await ingestEvents(deps, [registered(1, TAX_CODES.hanoiA), invalid(2), registered(3, TAX_CODES.hanoiB)]);

    expect(summary.results.map((r) => [r.eventId, r.outcome])).toEqual([
      ['reg-1', 'applied'],
      ['reg-2', 'rejected'],
      ['reg-3', 'applied'],
    ]);
  });

  it('rejects a bad event with its errors while applying the others', async () => {
    const { deps, enterprises } = setup();

    const summary = await ingestEvents(deps, [registered(1, TAX_CODES.hanoiA), invalid(2), registered(3, TAX_CODES.hanoiB)]);

    expect(summary.results[1]).toEqual({
      eventId: 'reg-2',
      outcome: 'rejected',
      errors: [{ path: 'taxCode', message: expect.stringContaining('check digit') }],
    });
    expect([...enterprises.profiles.keys()].sort()).toEqual([TAX_CODES.hanoiA, TAX_CODES.hanoiB]);
    expect(enterprises.applyCalls[0]!.changes.map((c) => c.sourceId)).toEqual(['reg-1', 'reg-3']);
  });

  it('reports the second copy of an event id in one batch as a duplicate and applies it once', async () => {
    const { deps, enterprises } = setup();
    const first = registered(1, TAX_CODES.hanoiA);
    const resend = { ...registered(1, TAX_CODES.hanoiA), revision: 2 };

    const summary = await ingestEvents(deps, [first, resend]);

    expect(summary.results).toEqual([
      { eventId: 'reg-1', outcome: 'applied', errors: [] },
      { eventId: 'reg-1', outcome: 'duplicate', errors: [] },
    ]);
    expect(enterprises.applyCalls).toHaveLength(1);
    expect(enterprises.applyCalls[0]!.changes.map((c) => c.sourceId)).toEqual(['reg-1']);
    expect(enterprises.profiles.get(TAX_CODES.hanoiA)!.revision).toBe(1);
  });

  it('applies with event-id deduplication, so a resend in a later batch is a duplicate', async () => {
    const { deps, enterprises } = setup();
    await ingestEvents(deps, [registered(1, TAX_CODES.hanoiA)]);

    const summary = await ingestEvents(deps, [registered(1, TAX_CODES.hanoiA)]);

    expect(enterprises.applyCalls.map((c) => c.opts.dedupe)).toEqual(['event-id', 'event-id']);
    expect(summary.results[0]!.outcome).toBe('duplicate');
  });

  it('passes the repository’s outcomes through (stale and duplicate)', async () => {
    const { deps, enterprises } = setup();
    enterprises.put(profile({ eventId: 'reg-0', taxCode: TAX_CODES.hanoiA, revision: 5 }));
    enterprises.forcedOutcomes.set('reg-2', 'duplicate');

    const summary = await ingestEvents(deps, [
      rawEvent({ eventId: 'reg-1', taxCode: TAX_CODES.hanoiA, revision: 3, type: 'amended' }),
      registered(2, TAX_CODES.hanoiB),
      registered(3, TAX_CODES.hanoiC),
    ]);

    expect(summary.results.map((r) => r.outcome)).toEqual(['stale', 'duplicate', 'applied']);
  });

  it('passes a store refusal through as rejected with its reason, the rest of the batch applied', async () => {
    const { deps, enterprises } = setup();
    const reason = { path: 'enterprise', message: "the enterprise's profile would exceed the store's 400 KB item limit" };
    enterprises.forcedOutcomes.set('reg-2', { outcome: 'rejected', errors: [reason] });

    const summary = await ingestEvents(deps, [
      registered(1, TAX_CODES.hanoiA),
      registered(2, TAX_CODES.hanoiB),
      registered(3, TAX_CODES.hanoiC),
    ]);

    expect(summary.results).toEqual([
      { eventId: 'reg-1', outcome: 'applied', errors: [] },
      { eventId: 'reg-2', outcome: 'rejected', errors: [reason] },
      { eventId: 'reg-3', outcome: 'applied', errors: [] },
    ]);
    expect(summary.counts).toEqual({ applied: 2, duplicate: 0, stale: 0, rejected: 1 });
  });

  it('counts every outcome, and the counts add up to the batch size', async () => {
    const { deps, enterprises } = setup();
    enterprises.put(profile({ eventId: 'reg-0', taxCode: TAX_CODES.saigon, revision: 9 }));
    const batch = [
      registered(1, TAX_CODES.hanoiA),
      registered(2, TAX_CODES.hanoiB),
      registered(2, TAX_CODES.hanoiB),
      rawEvent({ eventId: 'reg-3', taxCode: TAX_CODES.saigon, revision: 4, type: 'amended' }),
      invalid(4),
      { not: 'an event' },
    ];

    const summary = await ingestEvents(deps, batch);

    expect(summary.counts).toEqual({ applied: 2, duplicate: 1, stale: 1, rejected: 2 });
    expect(Object.values(summary.counts).reduce((a, b) => a + b, 0)).toBe(batch.length);
  });

  it('rejects a non-object with eventId null', async () => {
    const { deps } = setup();

    const summary = await ingestEvents(deps, [null, 'reg-1']);

    expect(summary.results.map((r) => [r.eventId, r.outcome])).toEqual([
      [null, 'rejected'],
      [null, 'rejected'],
    ]);
  });

  it('judges the future with the injected clock', async () => {
    const { enterprises } = setup();
    const deps: RegistryDeps = { enterprises, now: () => new Date('2026-03-01T00:00:00Z') };

    const summary = await ingestEvents(deps, [registered(1, TAX_CODES.hanoiA)]);

    expect(summary.results[0]).toMatchObject({ outcome: 'rejected', errors: [{ path: 'occurredAt', message: 'is in the future' }] });
  });

  it('applies nothing for a batch of only rejected events', async () => {
    const { deps, enterprises } = setup();

    const summary = await ingestEvents(deps, [invalid(1)]);

    expect(summary.counts.rejected).toBe(1);
    expect(enterprises.applyCalls.flatMap((c) => c.changes)).toEqual([]);
  });
});
