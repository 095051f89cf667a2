/**
 * Cold starts of the match index: loading from a snapshot and the change feed after its position,
 * writing a snapshot when none exists, and answering 503 with Retry-After while the index loads.
 */
import { describe, expect, it } from 'vitest';
import { IndexNotReadyError, LiveIndex, type ChangeFeed } from '../../../../services/matching/app/live-index.ts';
import { writeIndexSnapshot } from '../../../../services/matching/app/index-snapshot.ts';
import type { IndexSnapshot, IndexSnapshotStore, SupplierRecord } from '../../../../services/matching/app/ports.ts';
import { makeMatchesHandler } from '../../../../services/matching/adapters/inbound/http.ts';
import { httpEvent, lambdaContext } from '../../access/harness.ts';
import { fakeDeps } from './fakes.ts';
import { need } from './fixtures.ts';

const T0 = Date.parse('2026-11-30T03:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

function record(
  taxCode: string,
  v: number,
  changedAt: number,
  o: { processes?: string[]; status?: 'active' | 'dissolved' } = {},
): SupplierRecord {
  return {
    taxCode,
    registry: { name: taxCode, status: o.status ?? 'active', communeCode: '00004', vsicMain: '2592', sizeClass: 'small', revision: v },
    profile: { processes: o.processes ?? ['cnc-machining'], certifications: [{ standard: 'ISO 9001', validUntil: '2028-01-01' }] },
    scores: [],
    contracted: 0,
    declined: 0,
    v,
    changedAt: iso(changedAt),
  };
}

/** A feed over a list of records, remembering the `since` of each supplier read. */
function feed(records: SupplierRecord[]) {
  const sinces: (string | undefined)[] = [];
  const f: ChangeFeed = {
    async suppliersChangedSince(since) {
      sinces.push(since);
      return records.filter((r) => since === undefined || r.changedAt > since).map((r) => structuredClone(r));
    },
    async needsChangedSince() {
      return [];
    },
    async matchesChangedSince() {
      return [];
    },
  };
  return { f, sinces };
}

/** Snapshots kept as JSON text, as the S3 store keeps them. */
function store(initial?: IndexSnapshot) {
  let text = initial && JSON.stringify(initial);
  const s: IndexSnapshotStore & { writes: number; failRead?: boolean } = {
    writes: 0,
    async read() {
      if (s.failRead) throw new Error('access denied');
      return text === undefined ? undefined : (JSON.parse(text) as IndexSnapshot);
    },
    async write(snapshot) {
      s.writes++;
      text = JSON.stringify(snapshot);
      return { bytes: text.length };
    },
  };
  return s;
}

const ranked = (index: LiveIndex) =>
  index.suppliers.rank(need(), { limit: 20, nearMissLimit: 10 }).matches.map((m) => `${m.taxCode}:${m.score}`);

describe('the index at a cold start', () => {
  it('loads from the table when there is no snapshot, and leaves one that a new instance ranks identically from', async () => {
    const records = Array.from({ length: 30 }, (_, i) => record(`01000000${String(i).padStart(2, '0')}`, 1 + (i % 3), T0 - 60_000));
    records.push(record('0100000099', 4, T0 - 60_000, { status: 'dissolved' }));
    const snapshots = store();
    const first = new LiveIndex(feed(records).f, { clock: () => T0, snapshots });
    await first.fresh();
    expect(first.loaded).toMatchObject({ from: 'table', fromFeed: 31 });
    await new Promise((r) => setImmediate(r));
    expect(snapshots.writes).toBe(1);

    const { f, sinces } = feed(records);
    const second = new LiveIndex(f, { clock: () => T0 + 1_000, snapshots });
    await second.fresh();
    expect(second.loaded).toMatchObject({ from: 'snapshot', position: iso(T0), fromFeed: 0 });
    expect(sinces).toEqual([iso(T0 - 5_000)]); // the feed from the snapshot's position, less the look-back
    expect(second.suppliers.size).toBe(30); // the dissolved one stays out
    expect(ranked(second)).toEqual(ranked(first));
  });

  it('applies the changes made after the snapshot was taken, and keeps the newer of the two', async () => {
    const records = [record('0100000001', 1, T0 - 60_000), record('0100000002', 1, T0 - 60_000)];
    const snapshots = store();
    const writer = new LiveIndex(feed(records).f, { clock: () => T0, snapshots });
    await writeIndexSnapshot({ index: writer, snapshots });

    // After the snapshot: one supplier dissolves, one changes its processes, one joins.
    records[0] = record('0100000001', 2, T0 + 30_000, { status: 'dissolved' });
    records[1] = record('0100000002', 2, T0 + 30_000, { processes: ['forging'] });
    records.push(record('0100000003', 1, T0 + 30_000));
    const reader = new LiveIndex(feed(records).f, { clock: () => T0 + 60_000, snapshots });
    await reader.fresh();
    expect(reader.loaded).toMatchObject({ from: 'snapshot', fromFeed: 3 });
    expect(reader.suppliers.get('0100000001')).toBeUndefined();
    expect(reader.suppliers.get('0100000002')!.processes).toEqual(['forging']);
    expect(reader.suppliers.get('0100000003')).toBeDefined();
  });

  it('reads the table when the snapshot cannot be read, and says so', async () => {
    const snapshots = store();
    snapshots.failRead = true;
    const errors: string[] = [];
    const index = new LiveIndex(feed([record('0100000001', 1, T0 - 60_000)]).f, {
      clock: () => T0,
      snapshots,
      onError: (_e, what) => errors.push(what),
    });
    await index.fresh();
    expect(index.loaded?.from).toBe('table');
    expect(index.suppliers.size).toBe(1);
    expect(errors).toEqual(['index snapshot read']);
  });

  it('refuses a request with IndexNotReadyError while the load takes longer than it may wait, then answers once loaded', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: ChangeFeed = {
      async suppliersChangedSince() {
        await gate;
        return [record('0100000001', 1, T0 - 60_000)];
      },
      async needsChangedSince() {
        return [];
      },
      async matchesChangedSince() {
        return [];
      },
    };
    const index = new LiveIndex(slow, { clock: () => T0, readyWaitMs: 20 }).warm();
    const refused = await index.fresh().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IndexNotReadyError);
    expect((refused as IndexNotReadyError).retryAfterSeconds).toBe(10); // loading the whole table
    release();
    expect((await index.fresh()).suppliers).toBe(1);
  });

  it('answers 503 problem+json with Retry-After over HTTP while the index loads, never 500', async () => {
    const deps = fakeDeps();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const repo = deps.repo;
    const gated: ChangeFeed = {
      suppliersChangedSince: async (since) => {
        await gate;
        return repo.suppliersChangedSince(since);
      },
      needsChangedSince: (since) => repo.needsChangedSince(since),
      matchesChangedSince: (since) => repo.matchesChangedSince(since),
    };
    const index = new LiveIndex(gated, { clock: () => deps.clock.now, readyWaitMs: 20, snapshots: store() });
    const handler = makeMatchesHandler({ ...deps, index });
    const event = httpEvent(
      'GET /needs/{id}/matches',
      { sub: 'o', agency: 'so-cong-thuong', roles: ['officer'] },
      {
        params: { id: '11111111-1111-4111-8111-111111111111' },
        query: {},
      },
    );
    const res = await handler(event, lambdaContext());
    expect(res.statusCode).toBe(503);
    expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '10' }); // no snapshot: the whole table loads
    expect(JSON.parse(res.body!)).toMatchObject({ status: 503, title: 'Service unavailable' });
    release();
    const after = await handler(event, lambdaContext());
    expect(after.statusCode).toBe(404); // loaded: now the need itself is looked up (there is none)
  });
});
