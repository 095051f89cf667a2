/**
 * Enterprise profiles in DynamoDB (one table, `pk`/`sk`):
 *   ENT#<taxCode> / PROFILE          the current profile, with four search index keys
 *   ENT#<taxCode> / HIST#<revision>  one per applied change (written by the change-stream consumer)
 *   EVT#<eventId> / EVT              registry event ids already seen (feed only), kept a year
 *
 * The revision rule is a condition on the profile write, `revision < :new`, so it holds under any
 * concurrency. Writes are batched into transactions (a conditional write cannot use
 * BatchWriteItem); when a transaction is cancelled, the cancellation reasons say exactly which
 * changes were stale or duplicate, and the rest are retried without them. A change whose item
 * DynamoDB refuses (too large, or any per-item validation error) is `rejected` on its own and the
 * rest retried; a request refused as a whole, with no per-item reasons, is halved until the
 * offending changes stand alone.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  type BatchGetCommandOutput,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { withoutKeys } from '../../../../shared/aws/dynamodb.ts';
import { ValidationError, type FieldError } from '../../../../shared/errors.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { decodeCursor, encodeCursor, type Page } from '../../../../shared/http/pagination.ts';
import { profileFrom, searchName, type Enterprise } from '../../domain/enterprise.ts';
import { keepStoredFields } from '../../domain/keep-stored.ts';
import type { PersonRefOf } from '../../domain/person-ref.ts';
import type {
  Change,
  ChangeOutcome,
  EnterpriseRepository,
  EnterpriseSearch,
  HistoryEntry,
  Outcome,
  PersonRefKey,
} from '../../app/ports.ts';
import { now as clockNow } from '../../../../shared/time/clock.ts';

export const PROFILE_SK = 'PROFILE';
export const HISTORY_PREFIX = 'HIST#';
const EVENT_ID_RETENTION_SECONDS = 366 * 24 * 3600;

export const INDEXES = {
  byCommune: { name: 'byCommune', pk: 'gsi1pk', sk: 'gsi1sk' },
  byVsic: { name: 'byVsic', pk: 'gsi2pk', sk: 'gsi2sk' },
  byName: { name: 'byName', pk: 'gsi3pk', sk: 'gsi3sk' },
  bySize: { name: 'bySize', pk: 'gsi4pk', sk: 'gsi4sk' },
} as const;

export const enterpriseKey = (taxCode: string) => ({ pk: `ENT#${taxCode}`, sk: PROFILE_SK });
export const historySk = (revision: number) => `${HISTORY_PREFIX}${String(revision).padStart(10, '0')}`;

export function toItem(p: Enterprise): Record<string, unknown> {
  const nameKey = `${searchName(p.name)}#${p.taxCode}`;
  return {
    ...enterpriseKey(p.taxCode),
    ...p,
    nameKey,
    gsi1pk: `C#${p.communeCode}`,
    gsi1sk: nameKey,
    gsi2pk: `V#${p.vsic.main.slice(0, 2)}`,
    gsi2sk: `${p.vsic.main}#${nameKey}`,
    gsi3pk: `N#${nameKey.slice(0, 1)}`,
    gsi3sk: nameKey,
    gsi4pk: `S#${p.sizeClass.class}`,
    gsi4sk: `${p.status}#${nameKey}`,
  };
}

export const fromItem = (item: Record<string, unknown>): Enterprise => withoutKeys<Enterprise>(item, ['nameKey']);

/** An import change with the stored profile's values filled in, and the revision they came from (null: none). */
type Merged = Change & { stored: Enterprise | undefined; basedOn: number | null; original: Change; attempt: number };

/** Transactions hold at most 100 items and 4 MB; the byte budget leaves room for the estimate's error. */
const MAX_ITEMS = 100;
const MAX_TRANSACTION_BYTES = 3_500_000;
const MAX_CONFLICT_RETRIES = 6;
/** An event-id record is small and bounded: its key holds an event id of at most 100 characters. */
const EVENT_ID_ITEM_BYTES = 600;
/** Cancellation reasons that refuse one item whatever the others do: retrying cannot help it. */
const REFUSALS = new Set(['ValidationError', 'ItemCollectionSizeLimitExceeded']);

type Applied = Exclude<Outcome, 'rejected'>;

interface Prepared {
  change: Change;
  /** The profile item, person refs in place. */
  item: Record<string, unknown>;
}

const logger = loggerFor('registry');

/**
 * An item's size as DynamoDB counts it (attribute names + values; lists and maps 3 bytes plus one
 * per element), rounded up where DynamoDB's rule depends on the digits of a number.
 */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(v: unknown): number {
  if (v === null || typeof v === 'boolean') return 1;
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (typeof v === 'number') return Math.ceil(String(Math.abs(v)).replace(/[.e+-]/g, '').length / 2) + 2;
  if (Array.isArray(v)) return 3 + v.reduce<number>((n, x) => n + 1 + valueSize(x), 0);
  if (typeof v === 'object') {
    let n = 3;
    for (const [k, x] of Object.entries(v)) if (x !== undefined) n += 1 + Buffer.byteLength(k) + valueSize(x);
    return n;
  }
  return 0;
}

/** What the registry says about an event the store refused: DynamoDB's own text stays in the log. */
function refusal(message: string | undefined): { outcome: 'rejected'; errors: FieldError[] } {
  const tooLarge = /size/i.test(message ?? '');
  return {
    outcome: 'rejected',
    errors: [
      {
        path: 'enterprise',
        message: tooLarge ? "the enterprise's profile would exceed the store's 400 KB item limit" : 'the store refused this event',
      },
    ],
  };
}

/** DynamoDB refused the whole request for something in it (no per-item reasons), e.g. an item over 400 KB. */
const isRequestRefused = (error: unknown) => (error as { name?: string } | null)?.name === 'ValidationException';

export class DynamoDbEnterpriseRepository implements EnterpriseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly personRefs: PersonRefKey,
    private readonly now: () => Date = clockNow,
  ) {}

  async apply(changes: Change[], opts: { dedupe: 'event-id' | 'profile' }): Promise<Map<string, ChangeOutcome>> {
    const outcomes = new Map<string, ChangeOutcome>();
    if (changes.length === 0) return outcomes;
    const refOf = await this.personRefs.refOf();
    const at = this.now();
    // Changes to the same enterprise go in successive rounds, in the order received: one
    // transaction may not touch an item twice, and sequential order keeps the result the same
    // as applying them one by one.
    const rounds: Change[][] = [];
    const seen = new Map<string, number>();
    for (const c of changes) {
      const k = seen.get(c.event.taxCode) ?? 0;
      (rounds[k] ??= []).push(c);
      seen.set(c.event.taxCode, k + 1);
    }
    const perChange = opts.dedupe === 'event-id' ? 2 : 1;
    for (const plain of rounds) {
      const { round, decided } = await this.withStoredFields(plain);
      for (const [sourceId, outcome] of decided) outcomes.set(sourceId, { outcome });
      await Promise.all(
        this.transactions(this.prepare(round, at, refOf), perChange).map((chunk) => this.applyChunk(chunk, opts.dedupe, at, outcomes)),
      );
    }
    return outcomes;
  }

  /** The profile items of a round: person refs in place, absent snapshot fields taken from the stored profile. */
  private prepare(round: Change[], at: Date, refOf: PersonRefOf): Prepared[] {
    return round.map((c) => {
      const merged = c as Partial<Merged>;
      return { change: c, item: toItem(keepStoredFields(profileFrom(c.event, c.sourceId, at, refOf), c.keep, merged.stored)) };
    });
  }

  /** Transactions of at most 100 items and 4 MB: large profiles make fewer changes per transaction. */
  private transactions(round: Prepared[], perChange: number): Prepared[][] {
    const chunks: Prepared[][] = [];
    let bytes = 0;
    for (const p of round) {
      const size = itemSize(p.item) + (perChange - 1) * EVENT_ID_ITEM_BYTES;
      const last = chunks.at(-1);
      if (!last || (last.length + 1) * perChange > MAX_ITEMS || bytes + size > MAX_TRANSACTION_BYTES) {
        chunks.push([p]);
        bytes = size;
      } else {
        last.push(p);
        bytes += size;
      }
    }
    return chunks;
  }

  private profilePut(p: Prepared) {
    const based = (p.change as Partial<Merged>).basedOn;
    return {
      Put: {
        TableName: this.table,
        Item: p.item,
        ...(based === undefined
          ? {
              ConditionExpression: 'attribute_not_exists(pk) OR revision < :rev',
              ExpressionAttributeValues: { ':rev': p.change.event.revision },
            }
          : based === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'revision = :based', ExpressionAttributeValues: { ':based': based } }),
      },
    };
  }

  private eventIdPut(c: Change, outcome: 'applied' | 'stale', at: Date) {
    return {
      TableName: this.table,
      Item: {
        pk: `EVT#${c.sourceId}`,
        sk: 'EVT',
        outcome,
        taxCode: c.event.taxCode,
        revision: c.event.revision,
        at: at.toISOString(),
        expiresAt: Math.floor(at.getTime() / 1000) + EVENT_ID_RETENTION_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
  }

  private async applyChunk(
    chunk: Prepared[],
    dedupe: 'event-id' | 'profile',
    at: Date,
    outcomes: Map<string, ChangeOutcome>,
  ): Promise<void> {
    let pending = chunk;
    let conflicts = 0;
    const per = dedupe === 'event-id' ? 2 : 1;
    while (pending.length > 0) {
      const items = pending.flatMap((p) =>
        dedupe === 'event-id' ? [this.profilePut(p), { Put: this.eventIdPut(p.change, 'applied', at) }] : [this.profilePut(p)],
      );
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        for (const p of pending) outcomes.set(p.change.sourceId, { outcome: 'applied' });
        return;
      } catch (error) {
        if (isRequestRefused(error)) {
          // Refused as a whole, without saying which item: halve until the offending ones stand alone.
          const message = (error as Error).message;
          if (pending.length === 1) {
            logger.warn('the store refused a change', { sourceId: pending[0]!.change.sourceId, reason: message });
            outcomes.set(pending[0]!.change.sourceId, refusal(message));
            return;
          }
          const half = Math.ceil(pending.length / 2);
          await Promise.all([pending.slice(0, half), pending.slice(half)].map((part) => this.applyChunk(part, dedupe, at, outcomes)));
          return;
        }
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const settled = new Set<number>();
        const staleCandidates: Change[] = [];
        pending.forEach((p, i) => {
          const c = p.change;
          const refused = [reasons[i * per], per === 2 ? reasons[i * per + 1] : undefined].find((r) => REFUSALS.has(r?.Code ?? ''));
          const profileFailed = reasons[i * per]?.Code === 'ConditionalCheckFailed';
          const idSeen = per === 2 && reasons[i * per + 1]?.Code === 'ConditionalCheckFailed';
          if (refused) {
            logger.warn('the store refused a change', { sourceId: c.sourceId, reason: `${refused.Code}: ${refused.Message ?? ''}` });
            outcomes.set(c.sourceId, refusal(refused.Code === 'ValidationError' ? refused.Message : undefined));
            settled.add(i);
          } else if (idSeen) {
            outcomes.set(c.sourceId, { outcome: 'duplicate' });
            settled.add(i);
          } else if (profileFailed) {
            staleCandidates.push(c);
            settled.add(i);
          }
        });
        if (settled.size === 0) {
          // Cancelled by a concurrent transaction or throttling: back off and retry as is.
          if (++conflicts > MAX_CONFLICT_RETRIES) throw error;
          await new Promise((r) => setTimeout(r, 20 * 2 ** conflicts + Math.random() * 20));
          continue;
        }
        await Promise.all(staleCandidates.map(async (c) => outcomes.set(c.sourceId, { outcome: await this.notApplied(c, dedupe) })));
        pending = pending.filter((_, i) => !settled.has(i));
      }
    }
  }

  /** A change whose revision was not newer: stale, or a resend of one already handled. */
  private async notApplied(c: Change, dedupe: 'event-id' | 'profile'): Promise<Applied> {
    if (dedupe === 'event-id') {
      // Remember the stale event id too, so a resend of it is a duplicate.
      try {
        await this.client.send(new PutCommand(this.eventIdPut(c, 'stale', this.now())));
        return 'stale';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'duplicate';
        throw error;
      }
    }
    // Import rows: a redelivered chunk finds its own earlier write.
    const current = await this.client.send(
      new GetCommand({ TableName: this.table, Key: enterpriseKey(c.event.taxCode), ConsistentRead: true }),
    );
    if (current.Item?.sourceId === c.sourceId) return 'applied';
    const merged = c as Merged;
    if (merged.original && (current.Item?.revision ?? 0) < c.event.revision && merged.attempt < MAX_CONFLICT_RETRIES) {
      // The profile this row was merged with changed before the write (still older than the row): merge again.
      return (await this.applyMerged(merged.original, merged.attempt + 1)) ?? 'stale';
    }
    return 'stale';
  }

  // --- Fields a snapshot row leaves out keep the stored values (app/imports.ts, absentFields) ---

  /**
   * Fill the absent fields of the round's changes from the stored profiles, each write then
   * conditioned on the revision it was merged with: if the profile changes in between, the change
   * is merged again (notApplied), so no field is ever taken from a revision that is not the
   * one replaced. Changes without absent fields pass through untouched.
   */
  private async withStoredFields(
    plain: Change[],
    attempt = 0,
  ): Promise<{ round: Change[]; decided: Map<string, Exclude<Outcome, 'rejected'>> }> {
    const decided = new Map<string, Exclude<Outcome, 'rejected'>>();
    if (!plain.some((c) => c.keep?.length)) return { round: plain, decided };
    const stored = await this.storedProfiles([...new Set(plain.filter((c) => c.keep?.length).map((c) => c.event.taxCode))]);
    const round = plain.flatMap((c): Change[] => {
      if (!c.keep?.length) return [c];
      const current = stored.get(c.event.taxCode);
      // Not newer than the stored revision: no write (revisions only grow) — its own earlier
      // write (a chunk sent again), or stale.
      if (current && current.revision >= c.event.revision) {
        decided.set(c.sourceId, current.sourceId === c.sourceId ? 'applied' : 'stale');
        return [];
      }
      const merged: Merged = { ...c, stored: current, basedOn: current ? current.revision : null, original: c, attempt };
      return [merged];
    });
    return { round, decided };
  }

  /** Current profiles by tax code, read consistently, 100 keys per BatchGetItem. */
  private async storedProfiles(taxCodes: string[]): Promise<Map<string, Enterprise>> {
    const found = new Map<string, Enterprise>();
    for (let i = 0; i < taxCodes.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = taxCodes.slice(i, i + 100).map(enterpriseKey);
      for (let tries = 0; keys?.length; tries++) {
        if (tries > MAX_CONFLICT_RETRIES) throw new Error('profiles could not be read (throttled)');
        if (tries > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** tries));
        const out: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of out.Responses?.[this.table] ?? []) found.set((item as { taxCode: string }).taxCode, fromItem(item));
        keys = out.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  private async applyMerged(c: Change, attempt: number): Promise<Applied | undefined> {
    const { round, decided } = await this.withStoredFields([c], attempt);
    const outcomes = new Map<string, ChangeOutcome>([...decided].map(([id, outcome]) => [id, { outcome }]));
    const at = this.now();
    if (round.length > 0) await this.applyChunk(this.prepare(round, at, await this.personRefs.refOf()), 'profile', at, outcomes);
    const result = outcomes.get(c.sourceId);
    return result && result.outcome !== 'rejected' ? result.outcome : undefined;
  }

  async get(taxCode: string): Promise<Enterprise | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: enterpriseKey(taxCode) }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async search(q: EnterpriseSearch): Promise<Page<Enterprise>> {
    const name = q.q ? searchName(q.q) : undefined;
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    let index: (typeof INDEXES)[keyof typeof INDEXES];
    let keyCondition: string;

    if (q.commune) {
      index = INDEXES.byCommune;
      keyCondition = `${index.pk} = :pk${name ? ` AND begins_with(${index.sk}, :name)` : ''}`;
      values[':pk'] = `C#${q.commune}`;
    } else if (q.vsic) {
      index = INDEXES.byVsic;
      keyCondition = `${index.pk} = :pk AND begins_with(${index.sk}, :vsic)`;
      values[':pk'] = `V#${q.vsic.slice(0, 2)}`;
      values[':vsic'] = q.vsic;
    } else if (name) {
      index = INDEXES.byName;
      keyCondition = `${index.pk} = :pk AND begins_with(${index.sk}, :name)`;
      values[':pk'] = `N#${name.slice(0, 1)}`;
    } else if (q.sizeClass) {
      index = INDEXES.bySize;
      keyCondition = `${index.pk} = :pk${q.status ? ` AND begins_with(${index.sk}, :status)` : ''}`;
      values[':pk'] = `S#${q.sizeClass}`;
    } else {
      throw new ValidationError('Narrow the search by commune, vsic, q (name) or sizeClass', {
        errors: [{ path: 'query', message: 'one of commune, vsic, q, sizeClass is required' }],
      });
    }
    if (name) values[':name'] = name;
    if (q.status) values[':status'] = q.status;
    if (name && index !== INDEXES.byCommune && index !== INDEXES.byName) filters.push('begins_with(nameKey, :name)');
    if (q.vsic && index !== INDEXES.byVsic) {
      filters.push('begins_with(#vsic.#main, :vsic)');
      Object.assign(names, { '#vsic': 'vsic', '#main': 'main' });
      values[':vsic'] = q.vsic;
    }
    if (q.sizeClass && index !== INDEXES.bySize) {
      filters.push('#size.#class = :size');
      Object.assign(names, { '#size': 'sizeClass', '#class': 'class' });
      values[':size'] = q.sizeClass;
    }
    if (q.status && !(index === INDEXES.bySize)) {
      filters.push('#status = :status');
      names['#status'] = 'status';
    }

    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: index.name,
      KeyConditionExpression: keyCondition,
      ExpressionAttributeValues: values,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      Limit: q.limit,
    };
    // A cursor must belong to this query: same partition, inside the sort-key prefix it narrows to.
    const prefix = keyCondition.match(/begins_with\([a-z0-9]+, (:[a-z]+)\)/)?.[1];
    const start = decodeCursor(q.cursor, ['pk', 'sk', index.pk, index.sk], {
      equal: { [index.pk]: values[':pk'] as string },
      ...(prefix ? { startsWith: { [index.sk]: values[prefix] as string } } : {}),
    });
    if (start) input.ExclusiveStartKey = start;
    const out = await this.client.send(new QueryCommand(input));
    return { items: (out.Items ?? []).map(fromItem), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async history(taxCode: string, limit: number, cursor?: string): Promise<Page<HistoryEntry>> {
    const start = decodeCursor(cursor, ['pk', 'sk'], { equal: { pk: `ENT#${taxCode}` }, startsWith: { sk: HISTORY_PREFIX } });
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
        ExpressionAttributeValues: { ':pk': `ENT#${taxCode}`, ':h': HISTORY_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const items = (out.Items ?? []).map((i) => withoutKeys<HistoryEntry>(i));
    return { items, nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }
}
