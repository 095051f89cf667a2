/**
 * The aggregates in DynamoDB. A counter cell is one item — pk `C#<year>#<dimension>`, sk the value —
 * holding one number attribute per measure, changed only by atomic `ADD`. (Keyed by (year,
 * dimension, value) with the measures as attributes rather than an item per measure: one update
 * per cell instead of one per measure, and the item stays small — one write unit.)
 *
 * Two steps, so that the consumer's transactions hold no cell (docs/design-notes.md, "Throughput."):
 * `apply` writes, per transaction, the events' markers and state items and one delta item with the
 * group's summed cell increments; {@link DynamoDbAggregateStore.fold} later moves deltas into the
 * cells, exactly once, in rounds; {@link DynamoDbAggregateStore.cells} adds the pending deltas a
 * cell does not hold yet, so the figures read are the same folded or not.
 *
 * Exactly once: each event's processed marker (`INBOX#<id>`, conditional on not existing) and its
 * distinct markers are written in the same transaction as the delta holding the increments they
 * allow. The distinct keys of one scope (`<scope>|<member>`: an enterprise in a year, one member
 * per cell it counts in) are one item, `ONCE#<scope>`, holding its members as a string set: the
 * update adds the new members on condition that none is there yet — one item where a grant used
 * to write a dozen. A batch is added up first — all the events' increments to a cell become one
 * entry of the delta — and written as few transactions as DynamoDB's 100-item cap allows (packed
 * so the events of one transaction share as many marker and state items as they can). If a
 * marker's condition fails, the transaction is cancelled as a whole; its reasons name the item, so
 * the event (a re-delivery) or the distinct increment (already counted) is dropped and the rest
 * written again. An event too big for one transaction is written in parts ({@link partsOf}).
 *
 * Counts that can go down again (a grant until it is cancelled, an activity's head counts until a
 * correction) are contributions to a state item, `STATE#<item>` (../../domain/contributions.ts):
 * its state is read before the batch is written, the new state is put on condition that its
 * version is still the one read, and the delta gets the difference of the state's value — in
 * the same transaction. A version that moved (another consumer wrote it) cancels the transaction;
 * the state is read again and the difference computed anew.
 */
import { randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { INBOX_RETENTION_SECONDS, MAX_TRANSACTION_ITEMS } from '../../../../shared/outbox/unit-of-work.ts';
import { ONCE_MEMBER, type Cell, type Dimension, type PlannedEvent } from '../../domain/measures.ts';
import { contribute, deserialise, difference, serialise, type ItemState } from '../../domain/contributions.ts';
import type { AggregateStore, ApplyOutcome, CellRow } from '../../app/ports.ts';
import { REPORTING } from '../../config.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { batchDeleteAll, batchGetAll, queryAll } from '../../../../shared/aws/dynamodb.ts';
import { forEachLimit } from '../../../../shared/concurrency.ts';
import { now as clockNow } from '../../../../shared/time/clock.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const cellPk = (year: number, dim: Dimension) => `C#${year}#${dim}`;
const cellKey = (c: Cell) => `${cellPk(c.year, c.dim)}\u0000${c.value}`;
const inboxKey = (id: string) => `INBOX#${id}`;
const stateKey = (item: string) => `STATE#${item}`;
const STATE_SK = 'STATE';

/** A state item as read: its state and its version (0: not written yet). */
interface Stored {
  state: ItemState;
  version: number;
}
/** The distinct keys a marker item holds. */
function keysOf(item: Record<string, unknown>): string[] {
  const scope = (item.pk as string).slice('ONCE#'.length);
  const members = item[MEMBERS];
  return members instanceof Set ? [...(members as Set<string>)].map((m) => (m === '*' ? scope : `${scope}${ONCE_MEMBER}${m}`)) : [];
}

/** A distinct key's marker item (its scope) and its member in that item's set. */
function markerOf(once: string): { pk: string; member: string } {
  const at = once.lastIndexOf(ONCE_MEMBER);
  return at < 0 ? { pk: `ONCE#${once}`, member: '*' } : { pk: `ONCE#${once.slice(0, at)}`, member: once.slice(at + 1) };
}
const onceKey = (once: string) => markerOf(once).pk;
const MEMBERS = 'members';
/** The round that last folded into a cell (see {@link DynamoDbAggregateStore.fold}): not a measure. */
const FOLD_ROUND = 'foldRound';
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'label', 'gsi1pk', 'gsi1sk', 'expiresAt', FOLD_ROUND]);

/** What item `i` of a transaction stands for, to act on a cancellation reason. */
type Owner = { kind: 'inbox'; eventId: string } | { kind: 'once'; pk: string } | { kind: 'state'; item: string } | { kind: 'delta' };

/**
 * A delta item: `pk` DELTA, `sk` a time-ordered unique id, and one attribute per cell partition
 * (`C#<year>#<dimension>`, the cell's pk) holding that partition's cells of the group as JSON,
 * deflated (a binary attribute): `{ "<value>": { "m": { "<measure>": n }, "l"?: "<label>" } }`.
 * One attribute per partition rather than one for the whole delta: a reader of one dimension
 * projects only its own attribute (a report reads ~20 dimensions, each from every pending delta).
 * JSON rather than a DynamoDB map: a third of the size, and marshalled in one go; deflated, a
 * fifth again (a batch of 100 of the benchmark's events: ~3 KB instead of ~15 KB) — DynamoDB
 * bills writes and reads by the KB, and the delta is written in a transaction (2 units a KB).
 */
const DELTA_PK = 'DELTA';
type DeltaCells = Record<string, { m: Record<string, number>; l?: string }>;
const isCellAttribute = (name: string) => name.startsWith('C#');
/** A delta's size at most (the attributes' names and values), far below DynamoDB's 400 KB item: a bigger group is halved. */
const DELTA_BYTES = 100_000;
/** DynamoDB's limit on a sort key: a cell's value. */
const MAX_SORT_KEY_BYTES = 1024;
/** The fold's control item. */
const FOLD_KEY = { pk: 'FOLD', sk: 'FOLD' } as const;

/** The fold's state, in its control item: round `round` is `phase`, and folds exactly the deltas `deltas`. */
interface Control {
  round: number;
  phase: 'idle' | 'folding' | 'cleaning';
  deltas: string[];
  /** When the round's folder took it (wall clock, ms): another folder resumes it only after the lease. */
  startedAt: number;
  /** Not written yet (round 0, idle). */
  absent?: boolean;
}

/** One cell's sum over a round's deltas: what one UpdateItem of the fold adds. */
export interface FoldCell {
  pk: string;
  value: string;
  measures: Record<string, number>;
  label?: string;
}

/** The store's tuning; the defaults are the production ones, tests shorten the lease. */
export interface FoldOptions {
  /** `apply` folds when at least this many deltas are pending (Infinity: never, only explicit `fold()` calls). */
  foldAt?: number;
  /** Deltas one round takes at most (its control item lists them). */
  roundDeltas?: number;
  /** A round older than this (wall clock, ms) is taken to belong to a folder that died: another resumes it. */
  leaseMs?: number;
  /** The fold's transactions of cell updates in flight at once. */
  parallel?: number;
  /** Cell updates one such transaction carries (at most 100). */
  cellsPerWrite?: number;
}

/** What one `fold()` call did. */
export interface FoldOutcome {
  /** Another folder holds a round (its lease is young): nothing done. */
  busy: boolean;
  /** The round this call brought to its end (started or resumed), if any. */
  round?: number;
  /** The deltas of that round. */
  deltas: number;
}

/** DynamoDB's order of strings (their UTF-8 bytes), which JavaScript's (UTF-16 units) differs from beyond the BMP. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Items one event may touch before it is split into parts (its processed marker is one of them). */
const PART_ITEMS = MAX_TRANSACTION_ITEMS - 1;
/** Items of a group's transaction besides its delta. */
const GROUP_ITEMS = MAX_TRANSACTION_ITEMS - 1;
/**
 * `apply` folds once this many deltas are pending. Larger rounds share more cells: on the
 * benchmark's 30,000 events (deltas of ~50 events), rounds of 16 deltas would update 0.65 cells
 * an event, of 32 0.47, of 64 0.34, of 120 0.25 — but every read of the cells reads every pending
 * delta too. 64: a round costs about a quarter of the consumers' transactional items, and a reader
 * reads ~70 deltas at most (a round's, and those written while it folds) of ~3 KB each, deflated.
 * Measured on the benchmark (docs/benchmarks.md): 1,255 events/s at 64, 1,130 at 32.
 */
const FOLD_AT = 64;
/** Deltas a round folds at most: its control item lists them (~60 bytes each). */
const ROUND_DELTAS = 200;
/** A round's folder is taken to have died after this long (a consumer's Lambda times out after 60 s). */
const LEASE_MS = 60_000;
const PART = '#part-';
const eventIdOf = (id: string) => (id.includes(PART) ? id.slice(0, id.indexOf(PART)) : id);

/**
 * An event that touches more items than one transaction holds (a fair with 150 communes and
 * sectors) is split into parts, each with its own processed marker `<id>#part-<n>`: each part
 * is counted exactly once, and a retry after a partial write finds the written parts marked and
 * writes the rest. The split depends only on the event, never on what was written before, so a
 * re-delivery splits it the same way. An event that fits is left as it is.
 */
export function partsOf(e: PlannedEvent): PlannedEvent[] {
  type Unit = {
    effect?: PlannedEvent['effects'][number];
    contribution?: NonNullable<PlannedEvent['contributions']>[number];
    items: string[];
  };
  // A contribution touches its state item and (at least) its members' cells; it travels whole, in the first part.
  const units: Unit[] = [
    ...(e.contributions ?? []).map((c) => ({
      contribution: c,
      items: [stateKey(c.item), ...('members' in c ? c.members.map((m) => cellKey(m.cell)) : [])],
    })),
    ...e.effects.map((f) => ({ effect: f, items: [...(f.once ? [onceKey(f.once)] : []), ...f.cells.map(cellKey)] })),
  ];
  if (new Set(units.flatMap((u) => u.items)).size <= PART_ITEMS) return [e];
  const parts: Unit[][] = [];
  let current: Unit[] = [];
  let keys = new Set<string>();
  for (const u of units) {
    const own = new Set(u.items);
    if (own.size > PART_ITEMS)
      throw new Error(`an effect of event ${e.id} touches ${own.size} items; a transaction holds ${MAX_TRANSACTION_ITEMS}`);
    const merged = new Set([...keys, ...own]);
    if (merged.size > PART_ITEMS) {
      parts.push(current);
      current = [u];
      keys = own;
    } else {
      current.push(u);
      keys = merged;
    }
  }
  if (current.length) parts.push(current);
  return parts.map((units, i) => {
    const contributions = units.flatMap((u) => (u.contribution ? [u.contribution] : []));
    return {
      id: `${e.id}${PART}${i + 1}`,
      effects: units.flatMap((u) => (u.effect ? [u.effect] : [])),
      labels: e.labels,
      ...(contributions.length ? { contributions } : {}),
    };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_ATTEMPTS = 10;
/** Attempts of a reader to find the fold's control unchanged around its reads. */
const READ_ATTEMPTS = 8;

/** A store's counters, all zero (the benchmark starts from these too). */
export function newStats() {
  return {
    transactions: 0,
    items: 0,
    retries: 0,
    kinds: { inbox: 0, once: 0, state: 0, delta: 0 },
    fold: { rounds: 0, deltas: 0, cells: 0, done: 0, writes: 0, deletes: 0, control: 0, failures: 0 },
    /** Bytes of the deltas written (their cell attributes), and the time spent in transactions and in folds (summed over concurrent calls). */
    deltaBytes: 0,
    ms: { transactions: 0, fold: 0 },
  };
}

export class DynamoDbAggregateStore implements AggregateStore {
  /**
   * Transactions written and the items they held, for logs and the benchmark; `kinds`: the items
   * written by kind (processed markers, distinct markers, state items, deltas). `fold`: the rounds
   * this store brought to their end, the deltas they folded, and its writes outside the consumers'
   * transactions: cell updates, cell updates found done already, the transactions that carried the
   * cell updates, delta deletes, control item writes.
   */
  readonly stats = newStats();
  private readonly foldAt: number;
  private readonly roundDeltas: number;
  private readonly leaseMs: number;
  private readonly parallel: number;
  private readonly cellsPerWrite: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = clockNow,
    options: FoldOptions = {},
  ) {
    this.foldAt = options.foldAt ?? FOLD_AT;
    this.roundDeltas = options.roundDeltas ?? ROUND_DELTAS;
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    this.parallel = options.parallel ?? 4;
    this.cellsPerWrite = Math.min(MAX_TRANSACTION_ITEMS, options.cellsPerWrite ?? MAX_TRANSACTION_ITEMS);
  }

  async apply(planned: readonly PlannedEvent[]): Promise<ApplyOutcome> {
    const events = planned.flatMap(partsOf);
    const duplicates: string[] = [];
    // Distinct keys counted before need not be tried (and fail) in a transaction: read their markers first;
    // and the state items the batch contributes to, whose value the counters hold.
    const [known, states] = await Promise.all([
      this.counted([...new Set(events.flatMap((e) => e.effects.flatMap((f) => (f.once ? [onceKey(f.once)] : []))))]),
      this.states([...new Set(events.flatMap((e) => (e.contributions ?? []).map((c) => c.item)))]),
    ]);
    const applied: string[] = [];
    for (const group of this.groups(events, known)) {
      const done = await this.commitGroup(group, known, states, duplicates);
      applied.push(...done);
    }
    // The events are applied (their deltas written): a fold that fails now is resumed by the next batch's.
    if (applied.length && this.foldAt < Infinity) {
      const started = performance.now();
      try {
        await this.fold({ min: this.foldAt });
        this.stats.ms.fold += performance.now() - started;
      } catch (error) {
        this.stats.fold.failures += 1;
        loggerFor(REPORTING).warn('the fold of pending deltas failed; a later batch resumes it', { error: error as Error });
      }
    }
    // A part stands for its event: the event is applied when any part was (the others counted before).
    const ids = (list: string[]) => [...new Set(list.map(eventIdOf))];
    const appliedIds = ids(applied);
    return { applied: appliedIds, duplicates: ids(duplicates).filter((id) => !appliedIds.includes(id)) };
  }

  /**
   * Split a batch into transactions within DynamoDB's item cap less the one delta item, packed
   * greedily: each transaction takes next the event that adds the fewest items to it (the distinct
   * markers and states it shares with the events already there cost nothing), so a batch becomes
   * fewer, fuller transactions than in arrival order. The cells are not items of the transaction
   * (its delta sums them), so they do not count. Order within a batch changes no figure: every
   * effect is an ADD or a distinct marker.
   */
  private groups(events: readonly PlannedEvent[], known: Set<string>): PlannedEvent[][] {
    const owns = events.map((e) => {
      const own = new Set<string>([inboxKey(e.id)]);
      for (const f of e.effects) if (f.once && !known.has(f.once)) own.add(onceKey(f.once));
      for (const c of e.contributions ?? []) own.add(stateKey(c.item));
      return own;
    });
    const remaining = events.map((_, i) => i);
    const groups: PlannedEvent[][] = [];
    while (remaining.length) {
      const first = remaining.shift()!;
      const group = [first];
      const keys = new Set(owns[first]);
      for (;;) {
        let best = -1;
        let fewest = Infinity;
        for (let j = 0; j < remaining.length && fewest > 1; j++) {
          let added = 0;
          for (const k of owns[remaining[j]!]!) if (!keys.has(k)) added++;
          if (added < fewest && keys.size + added <= GROUP_ITEMS) {
            best = j;
            fewest = added;
          }
        }
        if (best < 0) break;
        const [next] = remaining.splice(best, 1);
        group.push(next!);
        for (const k of owns[next!]!) keys.add(k);
      }
      groups.push(group.map((i) => events[i]!));
    }
    return groups;
  }

  private async commitGroup(
    group: PlannedEvent[],
    known: Set<string>,
    states: Map<string, Stored>,
    duplicates: string[],
  ): Promise<string[]> {
    let pending = group;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (pending.length === 0) return [];
      const { items, owners, written, deltaBytes } = this.build(pending, known, states);
      // A group whose delta would be too big (an event's cells are bounded by partsOf, a group's are not): halve it.
      if ((items.length > MAX_TRANSACTION_ITEMS || deltaBytes > DELTA_BYTES) && pending.length > 1) {
        const half = Math.ceil(pending.length / 2);
        return [
          ...(await this.commitGroup(pending.slice(0, half), known, states, duplicates)),
          ...(await this.commitGroup(pending.slice(half), known, states, duplicates)),
        ];
      }
      try {
        const started = performance.now();
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        this.stats.ms.transactions += performance.now() - started;
        this.stats.deltaBytes += deltaBytes;
        this.stats.transactions += 1;
        this.stats.items += items.length;
        for (const o of owners) this.stats.kinds[o.kind] += 1;
        for (const [item, stored] of written) states.set(item, stored);
        return pending.map((e) => e.id);
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        this.stats.retries += 1;
        const reasons = error.CancellationReasons ?? [];
        const failedMarkers: string[] = [];
        const movedStates: string[] = [];
        let resolved = false;
        reasons.forEach((r, i) => {
          if (r.Code !== 'ConditionalCheckFailed') return;
          const owner = owners[i];
          if (owner?.kind === 'inbox') {
            duplicates.push(owner.eventId);
            pending = pending.filter((e) => e.id !== owner.eventId);
            resolved = true;
          } else if (owner?.kind === 'once') {
            failedMarkers.push(owner.pk);
            resolved = true;
          } else if (owner?.kind === 'state') {
            movedStates.push(owner.item);
            resolved = true;
          } else if (owner?.kind === 'delta') {
            // Its id was taken (a collision of time and random suffix): the next attempt draws another.
            resolved = true;
          }
        });
        // A distinct marker already held one of the members: learn which, and count only the others.
        for (const pk of failedMarkers) for (const key of await this.membersOf(pk)) known.add(key);
        // A state item another consumer wrote since it was read: read it again, compute the difference anew.
        if (movedStates.length) for (const [item, stored] of await this.states(movedStates, true)) states.set(item, stored);
        // Otherwise another transaction held one of the cells (TransactionConflict) or the table
        // throttled: back off and try the same writes again.
        if (!resolved) {
          if (!reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError') || attempt === MAX_ATTEMPTS)
            throw error;
          await sleep(Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random()));
        }
      }
    }
    throw new Error('the counters could not be written after repeated conflicts');
  }

  /**
   * The transaction for a group: processed markers, new distinct markers, state items, and one
   * delta holding the group's summed increments to its cells (a cell with nothing to add and no
   * label left out); `deltaBytes` its size.
   */
  private build(
    events: readonly PlannedEvent[],
    known: Set<string>,
    states: Map<string, Stored>,
  ): { items: TransactItem[]; owners: Owner[]; written: Map<string, Stored>; deltaBytes: number } {
    const items: TransactItem[] = [];
    const owners: Owner[] = [];
    const expiresAt = Math.floor(this.now().getTime() / 1000) + INBOX_RETENTION_SECONDS;
    const cells = new Map<string, { cell: Cell; adds: Map<string, number>; label?: string }>();
    const addTo = (c: Cell, measure: string, amount: number) => {
      // What a cell's update would have refused when it was in the transaction must not reach a
      // delta: the fold would fail on it at every attempt, and no delta would be folded after it.
      // (recordEvents rejects such events before; this is the store's own guard.)
      const bytes = Buffer.byteLength(c.value);
      if (bytes === 0 || bytes > MAX_SORT_KEY_BYTES || !Number.isFinite(amount))
        throw new Error(`a cell no fold could write: ${c.dim} value of ${bytes} bytes, ${measure} += ${amount}`);
      const k = cellKey(c);
      const entry = cells.get(k) ?? cells.set(k, { cell: c, adds: new Map() }).get(k)!;
      entry.adds.set(measure, (entry.adds.get(measure) ?? 0) + amount);
    };
    const markers = new Map<string, Set<string>>();
    // Each state item's state after this group's contributions, and the version it was read at.
    const next = new Map<string, { state: ItemState; from: number }>();
    for (const e of events) {
      for (const c of e.contributions ?? []) {
        const was = next.get(c.item) ?? { state: states.get(c.item)?.state ?? {}, from: states.get(c.item)?.version ?? 0 };
        next.set(c.item, { state: contribute(was.state, c), from: was.from });
      }
      const id = inboxKey(e.id);
      items.push({ Put: { TableName: this.table, Item: { pk: id, sk: id, expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' } });
      owners.push({ kind: 'inbox', eventId: e.id });
      for (const f of e.effects) {
        if (f.once) {
          const { pk, member } = markerOf(f.once);
          const members = markers.get(pk) ?? markers.set(pk, new Set()).get(pk)!;
          // Seen before, or claimed by an earlier event of this batch: counted already.
          if (known.has(f.once) || members.has(member)) continue;
          members.add(member);
        }
        for (const c of f.cells) addTo(c, f.measure, f.amount);
      }
      for (const l of e.labels) {
        const k = cellKey(l.cell);
        const entry = cells.get(k);
        if (entry) entry.label = l.text;
      }
    }
    const written = new Map<string, Stored>();
    for (const [item, { state, from }] of next) {
      const before = states.get(item)?.state ?? {};
      const s = serialise(state);
      // Nothing changed (a re-delivered grant, an old revision arriving late): no write, no count.
      if (s === serialise(before)) continue;
      for (const d of difference(before, state)) addTo(d.cell, d.counter, d.amount);
      items.push({
        Put: {
          TableName: this.table,
          Item: { pk: stateKey(item), sk: STATE_SK, s, v: from + 1 },
          ...(from === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'v' }, ExpressionAttributeValues: { ':v': from } }),
        },
      });
      owners.push({ kind: 'state', item });
      written.set(item, { state, version: from + 1 });
    }
    for (const [pk, members] of markers) {
      if (!members.size) continue;
      const values: Record<string, unknown> = { ':new': new Set(members) };
      const absent = [...members].map((m, i) => {
        values[`:m${i}`] = m;
        return `NOT contains(#members, :m${i})`;
      });
      items.push({
        Update: {
          TableName: this.table,
          Key: { pk, sk: 'ONCE' },
          UpdateExpression: 'ADD #members :new',
          ConditionExpression: `attribute_not_exists(#members) OR (${absent.join(' AND ')})`,
          ExpressionAttributeNames: { '#members': MEMBERS },
          ExpressionAttributeValues: values,
        },
      });
      owners.push({ kind: 'once', pk });
    }
    // Per cell partition, its cells' increments (a Map: a value may be any string, `__proto__` too).
    const partitions = new Map<string, Map<string, DeltaCells[string]>>();
    for (const { cell, adds, label } of cells.values()) {
      const nonZero = [...adds.entries()].filter(([, v]) => v !== 0);
      if (!nonZero.length && label === undefined) continue;
      const pk = cellPk(cell.year, cell.dim);
      const partition = partitions.get(pk) ?? partitions.set(pk, new Map()).get(pk)!;
      partition.set(cell.value, { m: Object.fromEntries(nonZero), ...(label !== undefined ? { l: label } : {}) });
    }
    let deltaBytes = 0;
    if (partitions.size) {
      const attributes: Record<string, Uint8Array> = {};
      for (const [pk, partition] of partitions) {
        attributes[pk] = deflateRawSync(JSON.stringify(Object.fromEntries(partition)));
        deltaBytes += Buffer.byteLength(pk) + attributes[pk].byteLength;
      }
      // Time-ordered (the fold takes the oldest first, a later label wins), unique by its random part.
      const sk = `${this.now().toISOString()}#${randomUUID()}`;
      items.push({
        Put: { TableName: this.table, Item: { pk: DELTA_PK, sk, ...attributes }, ConditionExpression: 'attribute_not_exists(pk)' },
      });
      owners.push({ kind: 'delta' });
    }
    return { items, owners, written, deltaBytes };
  }

  /** The state items of these keys as stored (absent: empty, version 0); `consistent` after a conflict. */
  private async states(keys: string[], consistent = false): Promise<Map<string, Stored>> {
    const found = new Map<string, Stored>(keys.map((k) => [k, { state: {}, version: 0 }]));
    const items = await batchGetAll(
      this.client,
      this.table,
      keys.map((k) => ({ pk: stateKey(k), sk: STATE_SK })),
      { ConsistentRead: consistent },
    );
    for (const item of items)
      found.set((item.pk as string).slice('STATE#'.length), { state: deserialise(item.s as string), version: item.v as number });
    return found;
  }

  /** The distinct keys (`<scope>|<member>`) these markers already hold. */
  private async counted(pks: string[]): Promise<Set<string>> {
    const items = await batchGetAll(
      this.client,
      this.table,
      pks.map((pk) => ({ pk, sk: 'ONCE' })),
      { ProjectionExpression: 'pk, #members', ExpressionAttributeNames: { '#members': MEMBERS } },
    );
    return new Set(items.flatMap(keysOf));
  }

  private async membersOf(pk: string): Promise<string[]> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk, sk: 'ONCE' },
        ConsistentRead: true,
        ProjectionExpression: 'pk, #members',
        ExpressionAttributeNames: { '#members': MEMBERS },
      }),
    );
    return out.Item ? keysOf(out.Item) : [];
  }

  /**
   * Move pending deltas into the cells, exactly once, in rounds recorded in the control item
   * `FOLD`: `{ round, phase, deltas, startedAt }`.
   *
   * - idle → folding: the pending deltas (the oldest, at most `roundDeltas`; none started when
   *   fewer than `min`) become round r + 1's, written on condition that the control is still
   *   round r, idle. A delta is immutable until deleted, so the round's sum is fixed.
   * - folding: each cell of the round's sum gets one update — ADD the measures, SET the label,
   *   SET `foldRound` = r — on condition `foldRound < r` (or absent): a cell takes a round once,
   *   however many folders run it ({@link foldCells}: 100 updates to a transaction). Then control →
   *   cleaning (condition round r, folding), entered only once every cell was updated or found done.
   * - cleaning: the round's deltas are deleted, then control → idle (condition round r, cleaning).
   *
   * Every step may be run again, by this folder or another, with the same result. A round whose
   * folder holds it for less than the lease is left to it (`busy`); an older one is resumed.
   */
  async fold(opts: { min?: number } = {}): Promise<FoldOutcome> {
    const min = Math.max(1, opts.min ?? 1);
    let ours: number | undefined;
    let c = await this.control();
    for (let step = 0; step < 20; step++) {
      if (c.phase === 'idle') {
        // Our round (or a later one, should another folder have taken ours over) is done.
        if (ours !== undefined) return { busy: false, round: ours, deltas: c.round === ours ? c.deltas.length : 0 };
        const deltas = await this.pendingDeltas(this.roundDeltas);
        if (deltas.length < min) return { busy: false, deltas: 0 };
        const next: Control = { round: c.round + 1, phase: 'folding', deltas, startedAt: Date.now() };
        try {
          await this.client.send(
            new PutCommand({
              TableName: this.table,
              Item: { ...FOLD_KEY, round: next.round, phase: next.phase, deltas: next.deltas, startedAt: next.startedAt },
              ...(c.absent
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : {
                    ConditionExpression: '#round = :round AND #phase = :idle',
                    ExpressionAttributeNames: { '#round': 'round', '#phase': 'phase' },
                    ExpressionAttributeValues: { ':round': c.round, ':idle': 'idle' },
                  }),
            }),
          );
          this.stats.fold.control += 1;
          ours = next.round;
          c = next;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          c = await this.control();
        }
        continue;
      }
      if (ours !== c.round) {
        // Another folder's round: past ours (it took ours over and went on), or held by its folder, or left by a dead one.
        if (ours !== undefined && c.round > ours) return { busy: false, round: ours, deltas: 0 };
        if (Date.now() - c.startedAt < this.leaseMs) return { busy: true, deltas: 0 };
        if (!(await this.transition(c, c.phase, { startedAt: Date.now() }))) {
          c = await this.control();
          continue;
        }
        ours = c.round;
      }
      if (c.phase === 'folding') {
        const deltas = await this.deltaItems(c.deltas);
        if (deltas.length < c.deltas.length) {
          // Deleted: a folder that resumed this round has folded every cell and is cleaning (or done).
          const now = await this.control();
          if (now.round === c.round && now.phase === 'folding')
            throw new Error(`fold round ${c.round}: ${c.deltas.length - deltas.length} of its deltas are gone while it is still folding`);
          c = now;
          continue;
        }
        const sums = [...sumDeltas(deltas).values()];
        const chunks: FoldCell[][] = [];
        for (let i = 0; i < sums.length; i += this.cellsPerWrite) chunks.push(sums.slice(i, i + this.cellsPerWrite));
        await forEachLimit(chunks, this.parallel, async (chunk) => {
          const { written, done } = await this.foldCells(chunk, c.round);
          this.stats.fold.cells += written;
          this.stats.fold.done += done;
          this.stats.fold.writes += 1;
        });
        c = (await this.transition(c, 'cleaning')) ? { ...c, phase: 'cleaning' } : await this.control();
        continue;
      }
      // Cleaning: every cell has the round; its deltas go.
      const chunks: string[][] = [];
      for (let i = 0; i < c.deltas.length; i += 25) chunks.push(c.deltas.slice(i, i + 25));
      await forEachLimit(chunks, 4, (chunk) => this.deleteDeltas(chunk));
      if (await this.transition(c, 'idle')) {
        this.stats.fold.rounds += 1;
        this.stats.fold.deltas += c.deltas.length;
        return { busy: false, round: c.round, deltas: c.deltas.length };
      }
      c = await this.control();
    }
    throw new Error('the fold found its control item changing at every step');
  }

  /** The fold's control item, read consistently (absent: round 0, idle). */
  private async control(): Promise<Control> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: FOLD_KEY, ConsistentRead: true }));
    if (!out.Item) return { round: 0, phase: 'idle', deltas: [], startedAt: 0, absent: true };
    const { round, phase, deltas, startedAt } = out.Item as Control;
    return { round, phase, deltas, startedAt };
  }

  /** Control round `c.round` from `c.phase` to `phase` (and/or a new `startedAt`); false when it is no longer `c`. */
  private async transition(c: Control, phase: Control['phase'], take?: { startedAt: number }): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: FOLD_KEY,
          UpdateExpression: take ? 'SET #startedAt = :now' : 'SET #phase = :to',
          ConditionExpression: `#round = :round AND #phase = :from${take ? ' AND #startedAt = :was' : ''}`,
          ExpressionAttributeNames: { '#round': 'round', '#phase': 'phase', ...(take ? { '#startedAt': 'startedAt' } : {}) },
          ExpressionAttributeValues: {
            ':round': c.round,
            ':from': c.phase,
            ...(take ? { ':now': take.startedAt, ':was': c.startedAt } : { ':to': phase }),
          },
        }),
      );
      this.stats.fold.control += 1;
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The oldest pending deltas' ids, at most `limit`. */
  private async pendingDeltas(limit: number): Promise<string[]> {
    return (await this.queryDeltas('sk', {}, limit)).map((item) => item.sk as string);
  }

  /** Pending deltas, oldest first, with this projection: all of them, or the first `limit`. */
  private queryDeltas(projection: string, names: Record<string, string>, limit = Infinity): Promise<Record<string, unknown>[]> {
    return queryAll(
      this.client,
      this.table,
      {
        KeyConditionExpression: 'pk = :d',
        ExpressionAttributeValues: { ':d': DELTA_PK },
        ProjectionExpression: projection,
        ConsistentRead: true,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      },
      { most: limit },
    );
  }

  /** The deltas of these ids that still exist, read consistently, in the order of `sks`. */
  private async deltaItems(sks: string[]): Promise<Record<string, unknown>[]> {
    const items = await batchGetAll(
      this.client,
      this.table,
      sks.map((sk) => ({ pk: DELTA_PK, sk })),
      { ConsistentRead: true },
    );
    const found = new Map(items.map((item) => [item.sk as string, item]));
    return sks.flatMap((sk) => (found.has(sk) ? [found.get(sk)!] : []));
  }

  /**
   * Fold these cells' sums of round `round` into them: one update each — ADD the measures, SET
   * the label and `foldRound` — on condition that the cell does not have the round yet. The
   * updates of a chunk travel in one transaction, for no atomicity (each condition stands alone)
   * but because DynamoDB Local runs a transaction of 100 updates two to three times cheaper than
   * 100 single UpdateItems, which it serialises at ~750 a second and which slowed the consumers'
   * transactions beside them (docs/benchmarks.md); in AWS it costs 2 write units an update
   * instead of 1, ~0.5 an event. A cancelled transaction's reasons name the cells found with
   * the round already (another folder of the round was first): they are dropped, the rest written
   * again. Protected: a test stops a folder here, half done.
   */
  protected async foldCells(cells: readonly FoldCell[], round: number): Promise<{ written: number; done: number }> {
    let pending = cells;
    let done = 0;
    for (let attempt = 1; pending.length; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: pending.map((cell) => this.foldUpdate(cell, round)) }));
        return { written: pending.length, done };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const folded = new Set(reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : [])));
        if (folded.size) {
          done += folded.size;
          pending = pending.filter((_, i) => !folded.has(i));
          continue;
        }
        // Another folder's transaction on the same cells (two folders of one round), or throttling: back off.
        if (!reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError') || attempt >= MAX_ATTEMPTS) throw error;
        await sleep(Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
    return { written: 0, done };
  }

  private foldUpdate(cell: FoldCell, round: number): TransactItem {
    const names: Record<string, string> = { '#fr': FOLD_ROUND };
    const values: Record<string, unknown> = { ':r': round };
    const adds = Object.entries(cell.measures).map(([m, v], i) => {
      names[`#m${i}`] = m;
      values[`:v${i}`] = v;
      return `#m${i} :v${i}`;
    });
    let sets = 'SET #fr = :r';
    if (cell.label !== undefined) {
      names['#label'] = 'label';
      values[':label'] = cell.label;
      sets += ', #label = :label';
    }
    return {
      Update: {
        TableName: this.table,
        Key: { pk: cell.pk, sk: cell.value },
        UpdateExpression: adds.length ? `${sets} ADD ${adds.join(', ')}` : sets,
        ConditionExpression: 'attribute_not_exists(#fr) OR #fr < :r',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  /** Delete these deltas (at most 25). Protected: a test stops a folder here, some deleted. */
  protected async deleteDeltas(sks: string[]): Promise<void> {
    await batchDeleteAll(
      this.client,
      this.table,
      sks.map((sk) => ({ pk: DELTA_PK, sk })),
    );
    this.stats.fold.deletes += sks.length;
  }

  /**
   * The cells as the fold will make them: the cell items plus the pending deltas not in them yet.
   * Read like a seqlock: the control item before and after the cells and the deltas; unchanged
   * (round and phase never repeat), it says which deltas each cell holds:
   * - idle: none of the pending deltas (a round deletes its deltas before it ends);
   * - folding round r: a delta of round r is in the cells with `foldRound` r (a cell takes a
   *   round in one update), in no other; the deltas of round r all exist until it is cleaning;
   * - cleaning round r: a delta of round r still there is in every cell already.
   * A delta of no round is in no cell. Changed, the reads are made again.
   */
  async cells(year: number, dim: Dimension, range?: { from: string; to: string }): Promise<CellRow[]> {
    const pk = cellPk(year, dim);
    for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
      const before = await this.control();
      const [items, deltas] = await Promise.all([this.cellItems(pk, range), this.deltasOf(pk)]);
      const after = await this.control();
      if (before.round === after.round && before.phase === after.phase) return merge(items, deltas, after, range);
      await sleep(Math.min(500, 10 * 2 ** attempt) * (0.5 + Math.random()));
    }
    throw new Error(`the cells of ${pk} could not be read: the fold moved on during each of ${READ_ATTEMPTS} reads`);
  }

  private cellItems(pk: string, range?: { from: string; to: string }): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, this.table, {
      KeyConditionExpression: range ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(range ? { ':from': range.from, ':to': `${range.to}\uffff` } : {}) },
      ConsistentRead: true,
    });
  }

  /** Every pending delta's id and its cells of this partition (only that attribute is read). */
  private async deltasOf(pk: string): Promise<{ sk: string; cells?: DeltaCells }[]> {
    return (await this.queryDeltas('sk, #c', { '#c': pk })).map((item) => ({
      sk: item.sk as string,
      ...(item[pk] instanceof Uint8Array ? { cells: JSON.parse(inflateRawSync(item[pk]).toString()) as DeltaCells } : {}),
    }));
  }
}

/** A round's deltas summed per cell, in the deltas' order (the last label wins, as the cells' `SET label` does). */
function sumDeltas(deltas: readonly Record<string, unknown>[]): Map<string, FoldCell> {
  const sums = new Map<string, FoldCell>();
  for (const delta of deltas) {
    for (const [pk, json] of Object.entries(delta)) {
      if (!isCellAttribute(pk) || !(json instanceof Uint8Array)) continue;
      for (const [value, { m, l }] of Object.entries(JSON.parse(inflateRawSync(json).toString()) as DeltaCells)) {
        const k = `${pk}\u0000${value}`;
        const sum = sums.get(k) ?? sums.set(k, { pk, value, measures: {} }).get(k)!;
        for (const [measure, n] of Object.entries(m)) sum.measures[measure] = (sum.measures[measure] ?? 0) + n;
        if (l !== undefined) sum.label = l;
      }
    }
  }
  return sums;
}

/** The cell items plus the deltas they do not hold yet under control `c` (see {@link DynamoDbAggregateStore.cells}). */
function merge(
  items: readonly Record<string, unknown>[],
  deltas: readonly { sk: string; cells?: DeltaCells }[],
  c: Control,
  range?: { from: string; to: string },
): CellRow[] {
  const rows = new Map<string, CellRow & { round?: number }>();
  for (const item of items) {
    const measures: Record<string, number> = {};
    for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k) && typeof v === 'number') measures[k] = v;
    rows.set(item.sk as string, {
      value: item.sk as string,
      ...(typeof item.label === 'string' ? { label: item.label } : {}),
      measures,
      ...(typeof item[FOLD_ROUND] === 'number' ? { round: item[FOLD_ROUND] } : {}),
    });
  }
  const inRound = new Set(c.phase === 'idle' ? [] : c.deltas);
  // The order the fold gives them: the round's deltas first, then the later ones by id (the last label wins).
  const ordered = [...deltas].sort((a, b) => Number(inRound.has(b.sk)) - Number(inRound.has(a.sk)) || byteOrder(a.sk, b.sk));
  const to = range ? `${range.to}\uffff` : '';
  let added = false;
  for (const delta of ordered) {
    if (!delta.cells) continue;
    const mine = inRound.has(delta.sk);
    if (mine && c.phase === 'cleaning') continue;
    for (const [value, { m, l }] of Object.entries(delta.cells)) {
      if (range && (byteOrder(value, range.from) < 0 || byteOrder(value, to) > 0)) continue;
      let row = rows.get(value);
      if (mine && (row?.round ?? 0) >= c.round) continue;
      if (!row) {
        row = { value, measures: {} };
        rows.set(value, row);
        added = true;
      }
      for (const [measure, n] of Object.entries(m)) row.measures[measure] = (row.measures[measure] ?? 0) + n;
      if (l !== undefined) row.label = l;
    }
  }
  const out = [...rows.values()].map(({ round: _, ...row }) => row);
  return added ? out.sort((a, b) => byteOrder(a.value, b.value)) : out;
}
