import { describe, expect, it } from 'vitest';
import { LiveIndex, type ChangeFeed } from '../../../../services/matching/app/live-index.ts';
import type { SupplierRecord } from '../../../../services/matching/app/ports.ts';

const T0 = Date.parse('2026-11-30T03:00:00Z');

function record(taxCode: string, v: number, changedAt: number, processes = ['cnc-machining']): SupplierRecord {
  return {
    taxCode,
    registry: { name: taxCode, status: 'active', communeCode: '00004', vsicMain: '2592', sizeClass: 'small', revision: v },
    profile: { processes, certifications: [] },
    scores: [],
    contracted: 0,
    declined: 0,
    v,
    changedAt: new Date(changedAt).toISOString(),
  };
}

/** A feed over a list of records, counting what each read returns. */
function feed(records: SupplierRecord[]) {
  const reads: number[] = [];
  const f: ChangeFeed = {
    async suppliersChangedSince(since) {
      const out = records.filter((r) => since === undefined || r.changedAt > since);
      reads.push(out.length);
      return out;
    },
    async needsChangedSince() {
      return [];
    },
    async matchesChangedSince() {
      return [];
    },
  };
  return { f, reads };
}

describe('the live index', () => {
  it('loads everything first, then reads only what changed within the look-back of the last refresh', async () => {
    const records = Array.from({ length: 5 }, (_, i) => record(`010000000${i}`, 1, T0 - 60_000));
    const { f, reads } = feed(records);
    const clock = { now: T0 };
    const index = new LiveIndex(f, () => clock.now);
    await index.fresh();
    expect(index.suppliers.size).toBe(5);
    clock.now += 10_000; // past maxStale: this request waits for the refresh
    await index.fresh();
    clock.now += 10_000;
    await index.fresh();
    expect(reads).toEqual([5, 0, 0]); // the initial burst is not read again and again
  });

  it('still picks up a change stamped just before the last refresh (late GSI propagation, writer clock skew)', async () => {
    const records = [record('0100000001', 1, T0 - 60_000, ['forging'])];
    const { f } = feed(records);
    const clock = { now: T0 };
    const index = new LiveIndex(f, () => clock.now);
    await index.fresh();
    // Written 3 s before that refresh started, but only visible in the feed now.
    records.push(record('0100000001', 2, T0 - 3_000, ['cnc-machining']));
    clock.now += 6_000;
    await index.fresh();
    expect(index.suppliers.get('0100000001')!.processes).toEqual(['cnc-machining']);
  });

  it('reads everything again when its clock is set back (a local runtime living on an earlier day)', async () => {
    const records = [record('0100000001', 1, T0 - 60_000)];
    const { f, reads } = feed(records);
    const clock = { now: T0 };
    const index = new LiveIndex(f, () => clock.now);
    await index.fresh();
    // The clock goes back a year, and a supplier is stamped on it: far before the last mark.
    clock.now = T0 - 365 * 86_400_000;
    records.push(record('0100000002', 1, clock.now));
    await index.fresh();
    expect(index.suppliers.size).toBe(2);
    expect(reads).toEqual([1, 2]);
  });

  it('answers at once while a refresh runs behind it, and shares one refresh between callers', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const f: ChangeFeed = {
      async suppliersChangedSince() {
        calls++;
        if (calls > 1) await gate;
        return [];
      },
      async needsChangedSince() {
        return [];
      },
      async matchesChangedSince() {
        return [];
      },
    };
    const clock = { now: T0 };
    const index = new LiveIndex(f, () => clock.now);
    await index.fresh();
    clock.now += 1_500;
    const a = await index.fresh(); // refresh started, not awaited
    const b = await index.fresh();
    expect(a.refreshedAt).toBe(new Date(T0).toISOString());
    expect(b.refreshedAt).toBe(a.refreshedAt);
    expect(calls).toBe(2);
    release();
    await new Promise((r) => setImmediate(r));
    expect((await index.fresh()).refreshedAt).toBe(new Date(T0 + 1_500).toISOString());
  });
});
