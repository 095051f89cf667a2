/**
 * Matching's single table. Items by key:
 *
 *   SUP#<taxCode>  / SUPPLIER        compact facts the index holds: registry copy, matchable profile,
 *                                    the latest score of each agency's programmes (`q@<agency>`;
 *                                    `q`: one recorded before agencies were kept), outcome counters,
 *                                    change counter `v`
 *   SUP#<taxCode>  / PROFILE         the full business profile, its contact persons, its version
 *   BUYER#<id>     / BUYER           a buyer (listed per agency: `BUYERS#<agency>` / `<createdAt>#<id>`)
 *   BUYER#<id>     / NEED#<at>#<id>  a need of that buyer (a pointer, for listing a buyer's needs)
 *   NEED#<id>      / NEED            a sourcing need
 *   NEED#<id>      / MATCH#<taxCode> a match of that need and its funnel history (feed: MATCHES)
 *   APP#<id>       / APP             whose application it is and whose programme; a score that arrived
 *                                    before that
 *
 * The change feed (index `byChange`): a profiled supplier carries `gsi1pk = CHG#<shard>` (one of
 * SHARDS, by its code, so no partition takes every write) and `gsi1sk = <changedAt>#<taxCode>`,
 * rewritten by every change; a need carries `NEEDS` / `<changedAt>#<id>`, a match `MATCHES` / `<changedAt>#<id>`. Registry updates of an
 * enterprise without a profile set only `gsi1sk`, so the sparse index leaves them out.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../../shared/aws/dynamodb.ts';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { decodeCursor, encodeCursor, type Page } from '../../../../shared/http/pagination.ts';
import { UnitOfWork } from '../../../../shared/outbox/unit-of-work.ts';
import type { Buyer, Need } from '../../domain/need.ts';
import type { QualityRecord, RegistryFacts } from '../../domain/supplier.ts';
import type {
  ApplicationOwner,
  MatchableProfile,
  Match,
  MatchStep,
  MatchingRepository,
  NeedRecord,
  PageRequest,
  ProfileRecord,
  RecordOutcome,
  SupplierRecord,
} from '../../app/ports.ts';

export const SHARDS = 4;
export const CHANGE_INDEX = { name: 'byChange', pk: 'gsi1pk', sk: 'gsi1sk' } as const;

export function shardOf(taxCode: string): number {
  let h = 0;
  for (let i = 0; i < taxCode.length; i++) h = (h * 31 + taxCode.charCodeAt(i)) | 0;
  return Math.abs(h) % SHARDS;
}

const supplierKey = (taxCode: string) => ({ pk: `SUP#${taxCode}`, sk: 'SUPPLIER' });
const profileKey = (taxCode: string) => ({ pk: `SUP#${taxCode}`, sk: 'PROFILE' });
const buyerKey = (id: string) => ({ pk: `BUYER#${id}`, sk: 'BUYER' });
const needKey = (id: string) => ({ pk: `NEED#${id}`, sk: 'NEED' });
const buyerNeedKey = (buyerId: string, createdAt: string, needId: string) => ({
  pk: `BUYER#${buyerId}`,
  sk: `NEED#${createdAt}#${needId}`,
});
const buyersOf = (agency: string) => `BUYERS#${agency}`;
/** Needs stored before they had a status are open; buyers before they had a version are at 1. */
const needOf = (item: Need): Need => ({ ...item, status: item.status ?? 'open' });
const buyerOf = (item: Buyer): Buyer => ({ ...item, version: item.version ?? 1 });
const matchKey = (needId: string, taxCode: string) => ({ pk: `NEED#${needId}`, sk: `MATCH#${taxCode}` });
const appKey = (id: string) => ({ pk: `APP#${id}`, sk: 'APP' });
const changeSort = (at: string, id: string) => `${at}#${id}`;
/** The attribute holding the latest score of an agency's programmes (`q`: of an unknown agency). */
const SCORE_PREFIX = 'q@';
const scoreAttr = (agency: string | undefined) => (agency === undefined ? 'q' : `${SCORE_PREFIX}${agency}`);

const KEY_ATTRS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk']);
function strip<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.has(k))) as T;
}

/** The stored form of a supplier's compact record (short attribute names: 50,000 of them load at a cold start). */
export interface SupplierItem {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk: string;
  taxCode: string;
  reg?: RegistryFacts;
  m?: MatchableProfile;
  /** A score recorded before agencies were kept. */
  q?: QualityRecord;
  /** `q@<agency>`: the latest score of that agency's programmes. */
  [score: `q@${string}`]: QualityRecord;
  fc?: number;
  fd?: number;
  v: number;
  changedAt: string;
}

/** The item for a profiled supplier (used by the benchmark to load a network in bulk). */
export function supplierItem(r: SupplierRecord): SupplierItem {
  return {
    ...supplierKey(r.taxCode),
    ...(r.profile ? { gsi1pk: `CHG#${shardOf(r.taxCode)}` } : {}),
    gsi1sk: changeSort(r.changedAt, r.taxCode),
    taxCode: r.taxCode,
    ...(r.registry ? { reg: r.registry } : {}),
    ...(r.profile ? { m: r.profile } : {}),
    ...Object.fromEntries(r.scores.map((q) => [scoreAttr(q.agency), q])),
    fc: r.contracted,
    fd: r.declined,
    v: r.v,
    changedAt: r.changedAt,
  };
}

function supplierRecord(i: Record<string, unknown>): SupplierRecord {
  const item = i as unknown as SupplierItem;
  return {
    taxCode: item.taxCode,
    registry: item.reg,
    profile: item.m,
    scores: [
      ...(item.q ? [item.q] : []),
      ...Object.entries(i)
        .filter(([k]) => k.startsWith(SCORE_PREFIX))
        .map(([k, q]) => ({ ...(q as QualityRecord), agency: k.slice(SCORE_PREFIX.length) })),
    ],
    contracted: item.fc ?? 0,
    declined: item.fd ?? 0,
    v: item.v ?? 0,
    changedAt: item.changedAt,
  };
}

/** The part of an update every change to a supplier makes: it moves in the change feed. */
const touch = (taxCode: string, at: string) => ({
  set: 'taxCode = :taxCode, changedAt = :at, gsi1sk = :chg',
  add: 'v :one',
  values: { ':taxCode': taxCode, ':at': at, ':chg': changeSort(at, taxCode), ':one': 1 },
});

export class DynamoDbMatchingRepository implements MatchingRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly outboxTable: string,
  ) {}

  private uow() {
    return new UnitOfWork(this.client, { outbox: this.outboxTable });
  }

  private async get<T>(key: { pk: string; sk: string }, consistent = false): Promise<T | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: consistent }));
    return out.Item ? strip<T>(out.Item) : undefined;
  }

  /** A conditional update: `stale` when the condition (a newer revision or time already stored) fails. */
  private async conditional(update: UpdateCommandInput): Promise<RecordOutcome> {
    try {
      await this.client.send(new UpdateCommand(update));
      return 'applied';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }

  async getSupplier(taxCode: string): Promise<SupplierRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: supplierKey(taxCode), ConsistentRead: true }));
    return out.Item ? supplierRecord(out.Item) : undefined;
  }

  getProfile(taxCode: string): Promise<ProfileRecord | undefined> {
    return this.get<ProfileRecord>(profileKey(taxCode), true);
  }

  async saveProfile(p: ProfileRecord, matchable: MatchableProfile, expectedVersion: number | undefined, at: string): Promise<void> {
    const t = touch(p.taxCode, at);
    await this.uow()
      .add(
        {
          Put: {
            TableName: this.table,
            Item: { ...profileKey(p.taxCode), ...p },
            ...(expectedVersion === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
          },
        },
        `The profile of ${p.taxCode} was changed meanwhile; reload it and retry`,
      )
      .add({
        Update: {
          TableName: this.table,
          Key: supplierKey(p.taxCode),
          UpdateExpression: `SET m = :m, gsi1pk = :shard, ${t.set} ADD ${t.add}`,
          ExpressionAttributeValues: { ...t.values, ':m': matchable, ':shard': `CHG#${shardOf(p.taxCode)}` },
        },
      })
      .commit();
  }

  recordRegistry(taxCode: string, facts: RegistryFacts, at: string): Promise<RecordOutcome> {
    const t = touch(taxCode, at);
    return this.conditional({
      TableName: this.table,
      Key: supplierKey(taxCode),
      UpdateExpression: `SET reg = :reg, ${t.set} ADD ${t.add}`,
      ConditionExpression: 'attribute_not_exists(reg) OR reg.revision < :rev',
      ExpressionAttributeValues: { ...t.values, ':reg': facts, ':rev': facts.revision },
    });
  }

  recordQuality(taxCode: string, q: QualityRecord, at: string): Promise<RecordOutcome> {
    const t = touch(taxCode, at);
    return this.conditional({
      TableName: this.table,
      Key: supplierKey(taxCode),
      UpdateExpression: `SET #q = :q, ${t.set} ADD ${t.add}`,
      ConditionExpression: 'attribute_not_exists(#q) OR #q.scoredAt < :scoredAt',
      ExpressionAttributeNames: { '#q': scoreAttr(q.agency) },
      ExpressionAttributeValues: { ...t.values, ':q': q, ':scoredAt': q.scoredAt },
    });
  }

  async rememberApplication(applicationId: string, owner: ApplicationOwner): Promise<QualityRecord | undefined> {
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: appKey(applicationId),
        UpdateExpression: 'SET taxCode = :t, agency = :a',
        ExpressionAttributeValues: { ':t': owner.taxCode, ':a': owner.agency },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (out.Attributes?.heldScore as QualityRecord | undefined) ?? undefined;
  }

  async applicationOwner(applicationId: string): Promise<Partial<ApplicationOwner> | undefined> {
    const item = await this.get<{ taxCode?: string; agency?: string }>(appKey(applicationId), true);
    return item && { taxCode: item.taxCode, agency: item.agency };
  }

  async holdScore(q: QualityRecord): Promise<void> {
    await this.conditional({
      TableName: this.table,
      Key: appKey(q.applicationId),
      UpdateExpression: 'SET heldScore = :q',
      ConditionExpression: 'attribute_not_exists(heldScore) OR heldScore.scoredAt < :at',
      ExpressionAttributeValues: { ':q': q, ':at': q.scoredAt },
    });
  }

  async createBuyer(b: Buyer): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.table, Item: this.buyerItem(b), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  private buyerItem(b: Buyer) {
    return { ...buyerKey(b.id), gsi1pk: buyersOf(b.ownerAgency), gsi1sk: changeSort(b.createdAt, b.id), ...b };
  }

  async getBuyer(id: string): Promise<Buyer | undefined> {
    const item = await this.get<Buyer>(buyerKey(id), true);
    return item && buyerOf(item);
  }

  async updateBuyer(b: Buyer, expectedVersion: number): Promise<void> {
    await this.uow()
      .add(
        {
          Put: {
            TableName: this.table,
            Item: this.buyerItem(b),
            // Buyers stored before they had a version are at 1.
            ConditionExpression: expectedVersion === 1 ? 'version = :v OR attribute_not_exists(version)' : 'version = :v',
            ExpressionAttributeValues: { ':v': expectedVersion },
          },
        },
        `Buyer ${b.id} was changed meanwhile; reload it and retry`,
      )
      .commit();
  }

  async listBuyers(agency: string, page: PageRequest): Promise<Page<Buyer>> {
    const start = decodeCursor(page.cursor, ['pk', 'sk', CHANGE_INDEX.pk, CHANGE_INDEX.sk], {
      equal: { [CHANGE_INDEX.pk]: buyersOf(agency) },
    });
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: CHANGE_INDEX.name,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': buyersOf(agency) },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: start,
      }),
    );
    return { items: (out.Items ?? []).map((i) => buyerOf(strip<Buyer>(i))), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async createNeed(n: Need): Promise<void> {
    await this.uow()
      .add(
        {
          Put: {
            TableName: this.table,
            Item: { ...needKey(n.id), gsi1pk: 'NEEDS', gsi1sk: changeSort(n.createdAt, n.id), changedAt: n.createdAt, ...n },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        `Need ${n.id} exists already`,
      )
      .add({ Put: { TableName: this.table, Item: { ...buyerNeedKey(n.buyerId, n.createdAt, n.id), needId: n.id } } })
      .commit();
  }

  async updateNeed(n: Need, expectedVersion: number, at: string): Promise<void> {
    await this.uow()
      .add(
        {
          Put: {
            TableName: this.table,
            // It moves in the change feed: the live indexes pick the change up.
            Item: { ...needKey(n.id), gsi1pk: 'NEEDS', gsi1sk: changeSort(at, n.id), changedAt: at, ...n },
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': expectedVersion },
          },
        },
        `Need ${n.id} was changed meanwhile; reload it and retry`,
      )
      .commit();
  }

  async getNeed(id: string): Promise<Need | undefined> {
    const item = await this.get<Need & { changedAt?: string }>(needKey(id));
    if (!item) return undefined;
    const { changedAt: _, ...need } = item;
    return needOf(need);
  }

  async needsOfBuyer(buyerId: string, page: PageRequest): Promise<Page<Need>> {
    const pk = `BUYER#${buyerId}`;
    const start = decodeCursor(page.cursor, ['pk', 'sk'], { equal: { pk }, startsWith: { sk: 'NEED#' } });
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
        ExpressionAttributeValues: { ':pk': pk, ':n': 'NEED#' },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: start,
      }),
    );
    const ids = (out.Items ?? []).map((i) => i.needId as string);
    const byId = new Map<string, Need>();
    let keys: Record<string, unknown>[] = ids.map(needKey);
    while (keys.length > 0) {
      const got = await this.client.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys } } }));
      for (const i of got.Responses?.[this.table] ?? []) {
        const { changedAt: _, ...need } = strip<Need & { changedAt?: string }>(i);
        byId.set(need.id, needOf(need));
      }
      keys = (got.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
    return { items: ids.flatMap((id) => byId.get(id) ?? []), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async getMatch(needId: string, taxCode: string): Promise<Match | undefined> {
    const item = await this.get<Match & { changedAt?: string }>(matchKey(needId, taxCode), true);
    if (!item) return undefined;
    const { changedAt: _, ...match } = item;
    return match;
  }

  async matchesOfNeed(needId: string): Promise<Match[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
      ExpressionAttributeValues: { ':pk': `NEED#${needId}`, ':m': 'MATCH#' },
    });
    return items.map((i) => {
      const { changedAt: _, ...match } = strip<Match & { changedAt?: string }>(i);
      return match;
    });
  }

  async saveMatch(
    m: Match,
    expectedVersion: number,
    events: readonly Envelope[],
    outcome: 'contracted' | 'declined' | undefined,
    at: string,
  ): Promise<void> {
    const uow = this.uow().add(
      {
        Put: {
          TableName: this.table,
          Item: { ...matchKey(m.needId, m.taxCode), gsi1pk: 'MATCHES', gsi1sk: changeSort(at, m.id), changedAt: at, ...m },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        },
      },
      `Match ${m.id} was changed meanwhile; reload it and retry`,
    );
    for (const e of events) uow.publish(e);
    if (outcome) {
      const t = touch(m.taxCode, at);
      uow.add({
        Update: {
          TableName: this.table,
          Key: supplierKey(m.taxCode),
          UpdateExpression: `SET ${t.set} ADD ${t.add}, ${outcome === 'contracted' ? 'fc' : 'fd'} :one`,
          ExpressionAttributeValues: t.values,
        },
      });
    }
    await uow.commit();
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, this.table, input);
  }

  private changes(partition: string, since: string | undefined) {
    return this.queryAll({
      IndexName: CHANGE_INDEX.name,
      KeyConditionExpression: since === undefined ? 'gsi1pk = :p' : 'gsi1pk = :p AND gsi1sk > :since',
      ExpressionAttributeValues: { ':p': partition, ...(since === undefined ? {} : { ':since': since }) },
    });
  }

  async suppliersChangedSince(since: string | undefined): Promise<SupplierRecord[]> {
    const shards = await Promise.all(Array.from({ length: SHARDS }, (_, s) => this.changes(`CHG#${s}`, since)));
    return shards.flat().map(supplierRecord);
  }

  async matchesChangedSince(since: string | undefined): Promise<MatchStep[]> {
    return (await this.changes('MATCHES', since)).map((i) => ({
      needId: i.needId as string,
      taxCode: i.taxCode as string,
      step: i.step as MatchStep['step'],
      version: i.version as number,
      changedAt: i.changedAt as string,
    }));
  }

  async needsChangedSince(since: string | undefined): Promise<NeedRecord[]> {
    return (await this.changes('NEEDS', since)).map((i) => {
      const { changedAt, ...need } = strip<Need & { changedAt: string }>(i);
      return { need: needOf(need), changedAt };
    });
  }
}
