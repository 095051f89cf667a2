/**
 * The trade fairs' table (`fairs`). Items by key:
 *
 *   FAIR#<id> / FAIR                 the fair: slots, tables, participant count, current and active run, version
 *                                    (index byAgency: AGENCY#<agency> / <createdAt>#<id>; index all: FAIRS / same)
 *   FAIR#<id> / PART#<pid>           a participant, its wishes, its version
 *   FAIR#<id> / LINK#TAX#<taxCode>   one participant per enterprise and side …
 *   FAIR#<id> / LINK#BUYER#<id>      … and per matching buyer
 *   FAIR#<id> / BOOTH#<table>        a fixed booth's holder
 *   FAIR#<id> / RUN#<runId>          a schedule run: status, figures, where its schedule is in S3; while it
 *                                    runs, listed in index all under RUNS-DUE / <deadline>#<fairId>#<runId>
 *                                    (sparse: the sweep finds the runs past their deadline there)
 *   FAIR#<id> / MEET#<runId>#<nnnn>  the run's meetings, MEETINGS_PER_CHUNK an item; chunk 0 says how many chunks
 *   FAIR#<id> / HELD                 how far the fair's meetings were looked at (`heldUpTo`), and while some are
 *                                    still to come, listed in index all under MEETINGS-DUE / <next end>#<fairId>
 *
 * A participant is added in one transaction with the count (≤ the fair's maximum) and its link and
 * booth markers, so two requests can neither exceed the maximum nor take the same enterprise or booth.
 */
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { batchPutAll, queryAll, withoutKeys } from '../../../../shared/aws/dynamodb.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../../../../shared/http/pagination.ts';
import { UnitOfWork } from '../../../../shared/outbox/unit-of-work.ts';
import { takesPart, type Fair, type FairParticipantRecord } from '../../domain/fairs/fair.ts';
import type { FairMeeting, FairRole } from '../../domain/fairs/types.ts';
import type { FairRepository, FairRun } from '../../app/fair-ports.ts';

export const FAIR_INDEXES = {
  byAgency: { name: 'byAgency', pk: 'gsi1pk', sk: 'gsi1sk' },
  all: { name: 'all', pk: 'gsi2pk', sk: 'gsi2sk' },
} as const;
export const MEETINGS_PER_CHUNK = 1_000;

const pk = (fairId: string) => `FAIR#${fairId}`;
const partSk = (id: string) => `PART#${id}`;
const runSk = (id: string) => `RUN#${id}`;
const meetSk = (runId: string, chunk: number) => `MEET#${runId}#${String(chunk).padStart(4, '0')}`;

/** The partition of index `all` that lists running runs by deadline (the fairs themselves are under FAIRS). */
const RUNS_DUE = 'RUNS-DUE';
/** The partition of index `all` that lists fairs by the end of their next meetings not yet looked at. */
const MEETINGS_DUE = 'MEETINGS-DUE';
/** A running run's entry in that list; a run without a deadline (recorded before deadlines) has none. */
const runsDue = (run: FairRun) => (run.deadline ? { gsi2pk: RUNS_DUE, gsi2sk: `${run.deadline}#${run.fairId}#${run.id}` } : {});

/** A meeting as stored: [slotId, table, buyerId, exhibitorId, weight] (≈ 50,000 at the limits: docs/benchmarks.md). */
type StoredMeeting = [string, number, string, string, number];

export class DynamoDbFairRepository implements FairRepository {
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

  /** Every item of a query over one fair's partition (bounded by the fair's limits). */
  private queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, this.table, input);
  }

  async createFair(f: Fair): Promise<void> {
    const order = `${f.createdAt}#${f.id}`;
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: pk(f.id), sk: 'FAIR', gsi1pk: `AGENCY#${f.agency}`, gsi1sk: order, gsi2pk: 'FAIRS', gsi2sk: order, ...f },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  getFair(id: string): Promise<Fair | undefined> {
    return this.get<Fair>({ pk: pk(id), sk: 'FAIR' });
  }

  async listFairs(agency: string | undefined, limit: number, cursor: string | undefined): Promise<Page<Fair>> {
    const ix = agency === undefined ? FAIR_INDEXES.all : FAIR_INDEXES.byAgency;
    const partition = agency === undefined ? 'FAIRS' : `AGENCY#${agency}`;
    const start = decodeCursor(cursor, ['pk', 'sk', ix.pk, ix.sk], { equal: { [ix.pk]: partition } });
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: ix.name,
        KeyConditionExpression: `${ix.pk} = :p`,
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    return { items: (out.Items ?? []).map((i) => withoutKeys<Fair>(i)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async addParticipant(p: FairParticipantRecord, max: number, at: string): Promise<void> {
    const uow = this.uow();
    uow.add(
      {
        Update: {
          TableName: this.table,
          Key: { pk: pk(p.fairId), sk: 'FAIR' },
          UpdateExpression: 'SET participants = participants + :one, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND participants < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': max, ':at': at },
        },
      },
      `The fair has its maximum of ${max} participants`,
    );
    uow.add({
      Put: { TableName: this.table, Item: { pk: pk(p.fairId), sk: partSk(p.id), ...p }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    const marker = (sk: string, conflict: string) =>
      uow.add(
        {
          Put: {
            TableName: this.table,
            Item: { pk: pk(p.fairId), sk, participantId: p.id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        conflict,
      );
    if (p.buyerId) marker(`LINK#BUYER#${p.buyerId}`, `Buyer ${p.buyerId} already takes part in this fair`);
    if (p.taxCode) marker(`LINK#TAX#${p.role}#${p.taxCode}`, `Enterprise ${p.taxCode} already takes part in this fair as ${p.role}`);
    if (p.fixedTable !== undefined) marker(`BOOTH#${p.fixedTable}`, `Table ${p.fixedTable} is already another participant's booth`);
    await uow.commit();
  }

  getParticipant(fairId: string, id: string): Promise<FairParticipantRecord | undefined> {
    return this.get<FairParticipantRecord>({ pk: pk(fairId), sk: partSk(id) });
  }

  async participants(fairId: string): Promise<FairParticipantRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': pk(fairId), ':s': 'PART#' },
      ConsistentRead: true,
    });
    return items
      .map((i) => withoutKeys<FairParticipantRecord>(i))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  async listParticipants(fairId: string, limit: number, cursor: string | undefined): Promise<Page<FairParticipantRecord>> {
    const start = decodeCursor(cursor, ['pk', 'sk'], { equal: { pk: pk(fairId) }, startsWith: { sk: 'PART#' } });
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': pk(fairId), ':s': 'PART#' },
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    return { items: (out.Items ?? []).map((i) => withoutKeys<FairParticipantRecord>(i)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async participantRoles(fairId: string): Promise<Map<string, FairRole>> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': pk(fairId), ':s': 'PART#' },
      ProjectionExpression: 'id, #role, registration',
      ExpressionAttributeNames: { '#role': 'role' },
      ConsistentRead: true,
    });
    return new Map(
      items.filter((i) => takesPart(i as Pick<FairParticipantRecord, 'registration'>)).map((i) => [i.id as string, i.role as FairRole]),
    );
  }

  async saveParticipant(p: FairParticipantRecord, expectedVersion: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: pk(p.fairId), sk: partSk(p.id), ...p },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ConflictError(`Participant ${p.id} was changed by another request; reload and retry`, { cause: error });
      throw error;
    }
  }

  async startRun(run: FairRun, event: Envelope, staleBefore: string): Promise<void> {
    await this.uow()
      .add(
        {
          Update: {
            TableName: this.table,
            Key: { pk: pk(run.fairId), sk: 'FAIR' },
            UpdateExpression: 'SET activeRun = :run, updatedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(activeRun) OR activeRun.#at < :stale)',
            ExpressionAttributeNames: { '#at': 'at' },
            ExpressionAttributeValues: { ':run': { id: run.id, at: run.requestedAt }, ':at': run.requestedAt, ':stale': staleBefore },
          },
        },
        'Another schedule run of this fair is still running: wait for it to finish',
      )
      .add({
        Put: {
          TableName: this.table,
          Item: { pk: pk(run.fairId), sk: runSk(run.id), ...runsDue(run), ...run },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })
      .publish(event)
      .commit();
  }

  async startAttempt(fairId: string, runId: string, at: string): Promise<number | undefined> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(fairId), sk: runSk(runId) },
          UpdateExpression: 'SET attempts = if_not_exists(attempts, :zero) + :one, lastAttemptAt = :at',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':at': at, ':running': 'running' },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return out.Attributes?.attempts as number;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async noteAttemptError(fairId: string, runId: string, lastError: NonNullable<FairRun['lastError']>): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(fairId), sk: runSk(runId) },
          UpdateExpression: 'SET lastError = :e',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':e': lastError, ':running': 'running' },
        }),
      )
      .catch((error: unknown) => {
        // Finished meanwhile: nothing to note.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async fairsWithMeetingsDue(now: string, limit: number): Promise<{ fairId: string; heldUpTo?: string | undefined }[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: FAIR_INDEXES.all.name,
        // `#` sorts before every digit: "<now>#" is after each entry due at or before now.
        KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now',
        ExpressionAttributeValues: { ':due': MEETINGS_DUE, ':now': `${now}#~` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({ fairId: i.fairId as string, heldUpTo: i.heldUpTo as string | undefined }));
  }

  async markMeetingsHeld(fairId: string, upTo: string, next: string | undefined): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: pk(fairId), sk: 'HELD' },
        ...(next
          ? {
              UpdateExpression: 'SET heldUpTo = :upTo, gsi2sk = :next',
              ExpressionAttributeValues: { ':upTo': upTo, ':next': `${next}#${fairId}` },
            }
          : { UpdateExpression: 'SET heldUpTo = :upTo REMOVE gsi2pk, gsi2sk', ExpressionAttributeValues: { ':upTo': upTo } }),
      }),
    );
  }

  async overdueRuns(now: string, limit: number): Promise<FairRun[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: FAIR_INDEXES.all.name,
        KeyConditionExpression: 'gsi2pk = :due AND gsi2sk < :now',
        ExpressionAttributeValues: { ':due': RUNS_DUE, ':now': now },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => withoutKeys<FairRun>(i));
  }

  getRun(fairId: string, runId: string): Promise<FairRun | undefined> {
    return this.get<FairRun>({ pk: pk(fairId), sk: runSk(runId) });
  }

  async putMeetings(fairId: string, runId: string, meetings: readonly FairMeeting[]): Promise<void> {
    const chunks = Math.max(1, Math.ceil(meetings.length / MEETINGS_PER_CHUNK));
    const items = Array.from({ length: chunks }, (_, c) => ({
      pk: pk(fairId),
      sk: meetSk(runId, c),
      ...(c === 0 ? { chunks } : {}),
      m: meetings
        .slice(c * MEETINGS_PER_CHUNK, (c + 1) * MEETINGS_PER_CHUNK)
        .map((x): StoredMeeting => [x.slotId, x.table, x.buyerId, x.exhibitorId, x.weight]),
    }));
    await batchPutAll(this.client, this.table, items);
  }

  async meetingsOf(fairId: string, runId: string): Promise<FairMeeting[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': pk(fairId), ':s': `MEET#${runId}#` },
      ConsistentRead: true,
    });
    // Chunk 0 says how many chunks the last write made: an earlier attempt's extra chunks are ignored.
    const chunks = (items[0]?.chunks as number | undefined) ?? 0;
    return items
      .slice(0, chunks)
      .flatMap((i) =>
        (i.m as StoredMeeting[]).map(([slotId, table, buyerId, exhibitorId, weight]) => ({ slotId, table, buyerId, exhibitorId, weight })),
      );
  }

  async completeRun(run: FairRun, event: Envelope, at: string, meetingsDueFrom: string): Promise<boolean> {
    try {
      await this.uow()
        .add({
          Put: {
            TableName: this.table,
            Item: { pk: pk(run.fairId), sk: runSk(run.id), ...run },
            ConditionExpression: '#status = :running',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':running': 'running' },
          },
        })
        .add({
          Update: {
            TableName: this.table,
            Key: { pk: pk(run.fairId), sk: 'FAIR' },
            UpdateExpression: 'SET scheduleRunId = :run, updatedAt = :at, version = version + :one REMOVE activeRun',
            // A run taken as dead (past RUN_DEADLINE_MS) and replaced by another does not become the schedule.
            ConditionExpression: 'activeRun.id = :run',
            ExpressionAttributeValues: { ':run': run.id, ':at': at, ':one': 1 },
          },
        })
        .add({
          Update: {
            TableName: this.table,
            Key: { pk: pk(run.fairId), sk: 'HELD' },
            UpdateExpression: 'SET gsi2pk = :due, gsi2sk = :next, fairId = :fair',
            ExpressionAttributeValues: { ':due': MEETINGS_DUE, ':next': `${meetingsDueFrom}#${run.fairId}`, ':fair': run.fairId },
          },
        })
        .publish(event)
        .commit();
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  async failRun(fairId: string, runId: string, error: string, at: string): Promise<void> {
    const failRunItem = {
      TableName: this.table,
      Key: { pk: pk(fairId), sk: runSk(runId) },
      UpdateExpression: 'SET #status = :failed, #error = :error, finishedAt = :at REMOVE gsi2pk, gsi2sk',
      ConditionExpression: '#status = :running',
      ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
      ExpressionAttributeValues: { ':failed': 'failed', ':running': 'running', ':error': error, ':at': at },
    };
    try {
      await this.uow()
        .add({ Update: failRunItem })
        .add({
          Update: {
            TableName: this.table,
            Key: { pk: pk(fairId), sk: 'FAIR' },
            UpdateExpression: 'REMOVE activeRun SET updatedAt = :at',
            ConditionExpression: 'activeRun.id = :run',
            ExpressionAttributeValues: { ':run': runId, ':at': at },
          },
        })
        .commit();
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      // The fair has moved on to another run (this one was taken as dead): fail this one alone.
      await this.client.send(new UpdateCommand(failRunItem)).catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
    }
  }
}
