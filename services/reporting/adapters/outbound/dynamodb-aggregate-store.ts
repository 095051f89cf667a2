/**
 * The aggregates in DynamoDB. A counter cell is one item — pk `C#<year>#<dimension>`, sk the value —
 * holding one number attribute per measure, changed only by atomic `ADD`. (Keyed by (year,
 * dimension, value) with the measures as attributes rather than an item per measure: one update
 * per cell instead of one per measure, and the item stays small — one write unit.)
 *
 * Exactly once: each event's processed marker (`INBOX#<id>`, conditional on not existing) and its
 * distinct markers are written in the same transaction as the counter updates they allow. The
 * distinct keys of one scope (`<scope>|<member>`: an enterprise in a year, one member per cell it
 * counts in) are one item, `ONCE#<scope>`, holding its members as a string set: the update adds
 * the new members on condition that none is there yet — one item where a grant used to write a
 * dozen. A batch is added up first — all the events' increments to a cell become one
 * ADD — and written as few transactions as DynamoDB's 100-item cap allows (packed so the events
 * of one transaction share as many cells as they can). If a marker's condition
 * fails, the transaction is cancelled as a whole; its reasons name the item, so the event (a
 * re-delivery) or the distinct increment (already counted) is dropped and the rest written again.
 * An event too big for one transaction is written in parts ({@link partsOf}).
 *
 * Counts that can go down again (a grant until it is cancelled, an activity's head counts until a
 * correction) are contributions to a state item, `STATE#<item>` (../../domain/contributions.ts):
 * its state is read before the batch is written, the new state is put on condition that its
 * version is still the one read, and the counters get the difference of the state's value — in
 * the same transaction. A version that moved (another consumer wrote it) cancels the transaction;
 * the state is read again and the difference computed anew.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { INBOX_RETENTION_SECONDS, MAX_TRANSACTION_ITEMS } from '../../../../shared/outbox/unit-of-work.ts';
import { ONCE_MEMBER, type Cell, type Dimension, type PlannedEvent } from '../../domain/measures.ts';
import { cellsOf, contribute, deserialise, difference, serialise, type ItemState } from '../../domain/contributions.ts';
import type { AggregateStore, ApplyOutcome, CellRow } from '../../app/ports.ts';
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
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'label', 'gsi1pk', 'gsi1sk', 'expiresAt']);

/** What item `i` of a transaction stands for, to act on a cancellation reason. */
type Owner = { kind: 'inbox'; eventId: string } | { kind: 'once'; pk: string } | { kind: 'state'; item: string } | { kind: 'cell' };

/** Items one event may touch before it is split into parts (its processed marker is one of them). */
const PART_ITEMS = MAX_TRANSACTION_ITEMS - 1;
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

export class DynamoDbAggregateStore implements AggregateStore {
  /**
   * Transactions written and the items they held, for logs and the benchmark; `kinds`: the items
   * written by kind (processed markers, distinct markers, state items, cells).
   */
  readonly stats = { transactions: 0, items: 0, retries: 0, kinds: { inbox: 0, once: 0, state: 0, cell: 0 } };

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = clockNow,
  ) {}

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
    for (const group of this.groups(events, known, states)) {
      const done = await this.commitGroup(group, known, states, duplicates);
      applied.push(...done);
    }
    // A part stands for its event: the event is applied when any part was (the others counted before).
    const ids = (list: string[]) => [...new Set(list.map(eventIdOf))];
    const appliedIds = ids(applied);
    return { applied: appliedIds, duplicates: ids(duplicates).filter((id) => !appliedIds.includes(id)) };
  }

  /**
   * Split a batch into transactions within DynamoDB's item cap, packed greedily: each transaction
   * takes next the event that adds the fewest items to it (the cells it shares with the events
   * already there cost nothing), so a batch becomes fewer, fuller transactions than in arrival
   * order. Order within a batch changes no figure: every effect is an ADD or a distinct marker.
   */
  private groups(events: readonly PlannedEvent[], known: Set<string>, states: Map<string, Stored>): PlannedEvent[][] {
    const owns = events.map((e) => {
      const own = new Set<string>([inboxKey(e.id)]);
      for (const f of e.effects) {
        if (f.once && known.has(f.once)) continue;
        if (f.once) own.add(onceKey(f.once));
        for (const c of f.cells) own.add(cellKey(c));
      }
      // A contribution may move any cell its state names (a count moving to another year), and its own.
      for (const c of e.contributions ?? []) {
        own.add(stateKey(c.item));
        for (const cell of cellsOf(states.get(c.item)?.state ?? {})) own.add(cellKey(cell));
        if ('members' in c) for (const m of c.members) own.add(cellKey(m.cell));
      }
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
          if (added < fewest && keys.size + added <= MAX_TRANSACTION_ITEMS) {
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
      const { items, owners, written } = this.build(pending, known, states);
      // A state that grew since the batch was grouped may name more cells than one transaction holds: halve the group.
      if (items.length > MAX_TRANSACTION_ITEMS && pending.length > 1) {
        const half = Math.ceil(pending.length / 2);
        return [
          ...(await this.commitGroup(pending.slice(0, half), known, states, duplicates)),
          ...(await this.commitGroup(pending.slice(half), known, states, duplicates)),
        ];
      }
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
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

  /** The transaction for a group: processed markers, new distinct markers, and one ADD per cell. */
  private build(
    events: readonly PlannedEvent[],
    known: Set<string>,
    states: Map<string, Stored>,
  ): { items: TransactItem[]; owners: Owner[]; written: Map<string, Stored> } {
    const items: TransactItem[] = [];
    const owners: Owner[] = [];
    const expiresAt = Math.floor(this.now().getTime() / 1000) + INBOX_RETENTION_SECONDS;
    const cells = new Map<string, { cell: Cell; adds: Map<string, number>; label?: string }>();
    const addTo = (c: Cell, measure: string, amount: number) => {
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
    for (const { cell, adds, label } of cells.values()) {
      const nonZero = [...adds.entries()].filter(([, v]) => v !== 0);
      if (!nonZero.length && label === undefined) continue;
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const parts = nonZero.map(([m, v], i) => {
        names[`#m${i}`] = m;
        values[`:v${i}`] = v;
        return `#m${i} :v${i}`;
      });
      let expression = parts.length ? `ADD ${parts.join(', ')}` : '';
      if (label !== undefined) {
        names['#label'] = 'label';
        values[':label'] = label;
        expression = `SET #label = :label ${expression}`;
      }
      items.push({
        Update: {
          TableName: this.table,
          Key: { pk: cellPk(cell.year, cell.dim), sk: cell.value },
          UpdateExpression: expression.trim(),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      });
      owners.push({ kind: 'cell' });
    }
    return { items, owners, written };
  }

  /** The state items of these keys as stored (absent: empty, version 0); `consistent` after a conflict. */
  private async states(keys: string[], consistent = false): Promise<Map<string, Stored>> {
    const found = new Map<string, Stored>(keys.map((k) => [k, { state: {}, version: 0 }]));
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += 100) chunks.push(keys.slice(i, i + 100));
    await Promise.all(
      chunks.map(async (chunk) => {
        let request: Record<string, unknown>[] | undefined = chunk.map((k) => ({ pk: stateKey(k), sk: STATE_SK }));
        for (let attempt = 0; request?.length; attempt++) {
          const out = await this.client.send(
            new BatchGetCommand({ RequestItems: { [this.table]: { Keys: request, ConsistentRead: consistent } } }),
          );
          for (const item of out.Responses?.[this.table] ?? [])
            found.set((item.pk as string).slice('STATE#'.length), { state: deserialise(item.s as string), version: item.v as number });
          request = out.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
          if (request?.length) await sleep(Math.min(1000, 20 * 2 ** attempt));
        }
      }),
    );
    return found;
  }

  /** The distinct keys (`<scope>|<member>`) these markers already hold. */
  private async counted(pks: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const chunks: string[][] = [];
    for (let i = 0; i < pks.length; i += 100) chunks.push(pks.slice(i, i + 100));
    await Promise.all(
      chunks.map(async (chunk) => {
        let keys: Record<string, unknown>[] | undefined = chunk.map((pk) => ({ pk, sk: 'ONCE' }));
        for (let attempt = 0; keys?.length; attempt++) {
          const out = await this.client.send(
            new BatchGetCommand({
              RequestItems: {
                [this.table]: { Keys: keys, ProjectionExpression: 'pk, #members', ExpressionAttributeNames: { '#members': MEMBERS } },
              },
            }),
          );
          for (const item of out.Responses?.[this.table] ?? []) for (const key of keysOf(item)) found.add(key);
          keys = out.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
          if (keys?.length) await sleep(Math.min(1000, 20 * 2 ** attempt));
        }
      }),
    );
    return found;
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

  async cells(year: number, dim: Dimension, range?: { from: string; to: string }): Promise<CellRow[]> {
    const rows: CellRow[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: range ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': cellPk(year, dim), ...(range ? { ':from': range.from, ':to': `${range.to}\uffff` } : {}) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const measures: Record<string, number> = {};
        for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k) && typeof v === 'number') measures[k] = v;
        rows.push({ value: item.sk as string, ...(typeof item.label === 'string' ? { label: item.label } : {}), measures });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return rows;
  }
}
