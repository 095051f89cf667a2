/**
 * Planning's table (`records`). Items by key:
 *
 *   YEAR#<year> / YEAR                 the year's last version number, its open (draft or submitted) plan, its approved plan
 *   PLAN#<id> / PLAN                   a plan version: targets, references, status, revision (index all: PLANS / <year>#<version>)
 *   PLAN#<id> / CONTRIB#<contributor>  one contributor's part of it
 *   ACT#<id> / ACT                     an activity and its counters (index byOwner: ACTBY#<agency>[#<commune>] / <startsOn>#<id>;
 *                                      index all: ACTS / same)
 *   ACT#<id> / ATT#<batch>#<n>         a list of its attendance rows (a list may take a few items: each ≤ 300 KB)
 *   ACT#<id> / UPLOAD#<uploadId>       a CSV attendance upload job
 *
 * One open version per year is the year item's `openPlanId`, set with the new plan in one
 * transaction; an approval clears it, names the approved version, supersedes the previous one and
 * writes `plan.approved` to the outbox in one transaction too. Plans and activities are written whole,
 * conditional on the revision (plans) or version (activities) the use case read.
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { batchPutAll, queryAll, withoutKeys } from '../../../../shared/aws/dynamodb.ts';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../../../../shared/http/pagination.ts';
import { UnitOfWork } from '../../../../shared/outbox/unit-of-work.ts';
import type { ActivityListQuery, ActivityRepository, PageRequest, PlanRepository } from '../../app/ports.ts';
import { COMMUNE_COMMITTEE_AGENCY } from '../../domain/plan.ts';
import type { Activity, StoredRow } from '../../domain/activity.ts';
import type { Contribution, Plan, PlanYear } from '../../domain/plan.ts';
import type { AttendanceUpload } from '../../domain/upload.ts';

export const PLANNING_INDEXES = {
  all: { name: 'all', pk: 'gsi1pk', sk: 'gsi1sk' },
  byOwner: { name: 'byOwner', pk: 'gsi2pk', sk: 'gsi2sk' },
} as const;

/** An attendance item holds rows up to this many bytes of JSON (DynamoDB's item limit is 400 KB). */
export const ATTENDANCE_ITEM_BYTES = 300_000;

const yearKey = (year: number) => ({ pk: `YEAR#${year}`, sk: 'YEAR' });
const planKey = (id: string) => ({ pk: `PLAN#${id}`, sk: 'PLAN' });
const contributionKey = (planId: string, contributor: string) => ({ pk: `PLAN#${planId}`, sk: `CONTRIB#${contributor}` });
const activityKey = (id: string) => ({ pk: `ACT#${id}`, sk: 'ACT' });
const batchSk = (batchId: string, n: number) => `ATT#${batchId}#${String(n).padStart(3, '0')}`;
const uploadKey = (activityId: string, id: string) => ({ pk: `ACT#${activityId}`, sk: `UPLOAD#${id}` });

const ownerPartition = (o: { agency: string; commune?: string | undefined }) =>
  o.agency === COMMUNE_COMMITTEE_AGENCY ? `ACTBY#${o.agency}#${o.commune ?? ''}` : `ACTBY#${o.agency}`;

/** Rows cut into items of at most ATTENDANCE_ITEM_BYTES (at least one item, even for no rows). */
export function chunkRows(rows: readonly StoredRow[], maxBytes = ATTENDANCE_ITEM_BYTES): StoredRow[][] {
  const chunks: StoredRow[][] = [[]];
  let size = 0;
  for (const row of rows) {
    const bytes = Buffer.byteLength(JSON.stringify(row), 'utf8') + 1;
    if (size + bytes > maxBytes && chunks[chunks.length - 1]!.length > 0) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1]!.push(row);
    size += bytes;
  }
  return chunks;
}

export class DynamoDbPlanningRepository implements PlanRepository, ActivityRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly outboxTable: string,
  ) {}

  private uow() {
    return new UnitOfWork(this.client, { outbox: this.outboxTable });
  }

  private async get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return out.Item ? withoutKeys<T>(out.Item) : undefined;
  }

  private planItem(p: Plan) {
    return { ...planKey(p.id), gsi1pk: 'PLANS', gsi1sk: `${p.year}#${String(p.version).padStart(4, '0')}`, ...p };
  }

  private activityItem(a: Activity) {
    const order = `${a.startsOn}#${a.id}`;
    return { ...activityKey(a.id), gsi1pk: 'ACTS', gsi1sk: order, gsi2pk: ownerPartition(a), gsi2sk: order, ...a };
  }

  // Plans

  getYear(year: number): Promise<PlanYear | undefined> {
    return this.get<PlanYear>(yearKey(year));
  }

  async createPlan(plan: Plan, contributions: readonly Contribution[], expectedLastVersion: number): Promise<void> {
    // Copied contributions first: until the plan item exists they belong to no plan anyone can read.
    await batchPutAll(
      this.client,
      this.table,
      contributions.map((c) => ({ ...contributionKey(plan.id, c.agency), ...c })),
    );
    const uow = this.uow();
    uow.add(
      {
        Update: {
          TableName: this.table,
          Key: yearKey(plan.year),
          UpdateExpression: 'SET #year = :year, lastVersion = :version, openPlanId = :id',
          ConditionExpression:
            expectedLastVersion === 0 ? 'attribute_not_exists(pk)' : 'lastVersion = :last AND attribute_not_exists(openPlanId)',
          ExpressionAttributeNames: { '#year': 'year' },
          ExpressionAttributeValues: {
            ':year': plan.year,
            ':version': plan.version,
            ':id': plan.id,
            ...(expectedLastVersion === 0 ? {} : { ':last': expectedLastVersion }),
          },
        },
      },
      `${plan.year} has a plan being drawn up, or another version was created meanwhile: one draft per year; reload and retry`,
    );
    uow.add({ Put: { TableName: this.table, Item: this.planItem(plan), ConditionExpression: 'attribute_not_exists(pk)' } });
    await uow.commit();
  }

  getPlan(id: string): Promise<Plan | undefined> {
    return this.get<Plan>(planKey(id));
  }

  async listPlans(year: number | undefined, page: PageRequest): Promise<Page<Plan>> {
    const ix = PLANNING_INDEXES.all;
    const prefix = year === undefined ? undefined : `${year}#`;
    const start = decodeCursor(page.cursor, ['pk', 'sk', ix.pk, ix.sk], {
      equal: { [ix.pk]: 'PLANS' },
      ...(prefix ? { startsWith: { [ix.sk]: prefix } } : {}),
    });
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: ix.name,
        KeyConditionExpression: prefix ? `${ix.pk} = :p AND begins_with(${ix.sk}, :y)` : `${ix.pk} = :p`,
        ExpressionAttributeValues: { ':p': 'PLANS', ...(prefix ? { ':y': prefix } : {}) },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: start,
      }),
    );
    return { items: (out.Items ?? []).map((i) => withoutKeys<Plan>(i)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async contributions(planId: string): Promise<Contribution[]> {
    const items = await queryAll(this.client, this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
      ExpressionAttributeValues: { ':pk': `PLAN#${planId}`, ':c': 'CONTRIB#' },
      ConsistentRead: true,
    });
    return items.map((i) => withoutKeys<Contribution>(i));
  }

  getContribution(planId: string, contributor: string): Promise<Contribution | undefined> {
    return this.get<Contribution>(contributionKey(planId, contributor));
  }

  private putPlan(next: Plan, expectedRevision: number) {
    return {
      Put: {
        TableName: this.table,
        Item: this.planItem(next),
        ConditionExpression: 'revision = :r',
        ExpressionAttributeValues: { ':r': expectedRevision },
      },
    };
  }

  async savePlan(next: Plan, expectedRevision: number): Promise<void> {
    try {
      await this.client.send(new PutCommand(this.putPlan(next, expectedRevision).Put));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ConflictError(`Plan ${next.id} was changed meanwhile: reload and retry`, { cause: error });
      throw error;
    }
  }

  async saveContribution(next: Plan, contribution: Contribution, expectedRevision: number): Promise<void> {
    const uow = this.uow();
    uow.add(this.putPlan(next, expectedRevision), `Plan ${next.id} was changed meanwhile: reload and retry`);
    uow.add({ Put: { TableName: this.table, Item: { ...contributionKey(next.id, contribution.agency), ...contribution } } });
    await uow.commit();
  }

  async approve(next: Plan, previous: Plan | undefined, event: Envelope, expectedRevision: number): Promise<void> {
    const uow = this.uow();
    uow.add(this.putPlan(next, expectedRevision), `Plan ${next.id} was changed meanwhile: reload and retry`);
    uow.add(
      {
        Update: {
          TableName: this.table,
          Key: yearKey(next.year),
          UpdateExpression: 'SET approvedPlanId = :id REMOVE openPlanId',
          ConditionExpression: previous
            ? 'openPlanId = :id AND approvedPlanId = :prev'
            : 'openPlanId = :id AND attribute_not_exists(approvedPlanId)',
          ExpressionAttributeValues: { ':id': next.id, ...(previous ? { ':prev': previous.id } : {}) },
        },
      },
      `Another version of ${next.year} was approved meanwhile: reload and retry`,
    );
    if (previous) {
      uow.add({
        Put: {
          TableName: this.table,
          Item: this.planItem({
            ...previous,
            status: 'superseded',
            supersededBy: next.id,
            revision: previous.revision + 1,
            updatedAt: next.updatedAt,
          }),
          ConditionExpression: 'revision = :r AND #s = :approved',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':r': previous.revision, ':approved': 'approved' },
        },
      });
    }
    uow.publish(event);
    await uow.commit();
  }

  // Activities

  async createActivity(a: Activity): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.table, Item: this.activityItem(a), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  getActivity(id: string): Promise<Activity | undefined> {
    return this.get<Activity>(activityKey(id));
  }

  async listActivities(q: ActivityListQuery): Promise<Page<Activity>> {
    const ix = q.owner ? PLANNING_INDEXES.byOwner : PLANNING_INDEXES.all;
    const partition = q.owner ? ownerPartition(q.owner) : 'ACTS';
    const prefix = q.year === undefined ? undefined : `${q.year}-`;
    const start = decodeCursor(q.cursor, ['pk', 'sk', ix.pk, ix.sk], {
      equal: { [ix.pk]: partition },
      ...(prefix ? { startsWith: { [ix.sk]: prefix } } : {}),
    });
    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: ix.name,
      KeyConditionExpression: prefix ? `${ix.pk} = :p AND begins_with(${ix.sk}, :y)` : `${ix.pk} = :p`,
      ExpressionAttributeValues: { ':p': partition, ...(prefix ? { ':y': prefix } : {}), ...(q.kind ? { ':k': q.kind } : {}) },
      ...(q.kind ? { FilterExpression: 'kind = :k' } : {}),
      ScanIndexForward: false,
      Limit: q.limit,
      ExclusiveStartKey: start,
    };
    const out = await this.client.send(new QueryCommand(input));
    return { items: (out.Items ?? []).map((i) => withoutKeys<Activity>(i)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  private putActivity(next: Activity, expectedVersion: number) {
    return {
      Put: {
        TableName: this.table,
        Item: this.activityItem(next),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': expectedVersion },
      },
    };
  }

  async addAttendance(next: Activity, batchId: string, rows: readonly StoredRow[], expectedVersion: number): Promise<void> {
    const uow = this.uow();
    uow.add(this.putActivity(next, expectedVersion), `Activity ${next.id} was changed meanwhile: retry`);
    chunkRows(rows).forEach((chunk, n) =>
      uow.add(
        {
          Put: {
            TableName: this.table,
            Item: { pk: `ACT#${next.id}`, sk: batchSk(batchId, n), rows: chunk },
            ConditionExpression: 'attribute_not_exists(sk)',
          },
        },
        `Attendance list ${batchId} is recorded already`,
      ),
    );
    await uow.commit();
  }

  async hasBatch(activityId: string, batchId: string): Promise<boolean> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `ACT#${activityId}`, sk: batchSk(batchId, 0) },
        ProjectionExpression: 'pk',
        ConsistentRead: true,
      }),
    );
    return out.Item !== undefined;
  }

  async attendance(activityId: string): Promise<StoredRow[]> {
    const items = await queryAll(this.client, this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':pk': `ACT#${activityId}`, ':a': 'ATT#' },
      ConsistentRead: true,
    });
    return items.flatMap((i) => (i.rows as StoredRow[] | undefined) ?? []);
  }

  async complete(next: Activity, events: readonly Envelope[], expectedVersion: number): Promise<void> {
    const uow = this.uow();
    uow.add(this.putActivity(next, expectedVersion), `Activity ${next.id} was changed meanwhile: retry`);
    for (const e of events) uow.publish(e);
    await uow.commit();
  }

  async createUpload(u: AttendanceUpload): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...uploadKey(u.activityId, u.id), ...u },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  getUpload(activityId: string, uploadId: string): Promise<AttendanceUpload | undefined> {
    return this.get<AttendanceUpload>(uploadKey(activityId, uploadId));
  }

  async saveUpload(u: AttendanceUpload): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.table, Item: { ...uploadKey(u.activityId, u.id), ...u } }));
  }
}
