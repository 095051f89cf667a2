/**
 * Scoring's single table. Items by key:
 *
 *   RUBRICS            / <id>#<version>        a published rubric version (never overwritten)
 *   ENT#<taxCode>      / REV#<revision>        one registry revision's figures and people
 *   ENT#<taxCode>      / LATEST                the newest revision's people (conflicts of interest)
 *   PROG#<id>          / PROG                  what scoring knows of a programme: owner, panel, loads
 *   PROG#<id>          / APP#<applicationId>   a compact row per application (selection reads these);
 *                                              once scored it is in index byRank: RANK#<programme> / rank key;
 *                                              without the application: a withdrawal that arrived first
 *   APP#<id>           / APP                   the application's score: criteria, evidence, reviewers
 *   APP#<id>           / REVIEW#<sub>          one review (its own item: 30 marks with 2,000-character
 *                                              comments are ~85 KB of Vietnamese text, at most ~180 KB;
 *                                              six in one item passed 400 KB)
 *   REVIEWER#<sub>     / APP#<applicationId>   an assignment (GET /reviews/mine)
 *   WATCH#<taxCode>    / APP#<applicationId>   an application of the enterprise waiting for reviews, and
 *   WATCH#<taxCode>    / PANEL#<prog>#<sub>    a panel member who declared an interest in it: what a
 *                                              change of its people rechecks (app/conflicts.ts)
 *   SEL#<id>           / SEL | ENTRIES#<n> | RESULT#<part>   a committed selection, its entries, intake's answers
 *   INBOX#<messageId>                          processed-message markers (TTL)
 */
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { batchPutAll, queryAll } from '../../../../shared/aws/dynamodb.ts';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../../../../shared/http/pagination.ts';
import { UnitOfWork } from '../../../../shared/outbox/unit-of-work.ts';
import type { PersonRef, Review } from '../../domain/panel.ts';
import { rankKey } from '../../domain/ranking.ts';
import type { Rubric } from '../../domain/rubric.ts';
import type { Candidate } from '../../domain/selection.ts';
import { ENTRIES_PER_CHUNK } from '../../app/selections.ts';
import {
  WITHDRAWN_BEFORE_ARRIVAL,
  type ApplicationRecord,
  type Assignment,
  type Decision,
  type EnterpriseRevision,
  type LateConflict,
  type ProgrammeRecord,
  type ScoringRepository,
  type SelectionRecord,
  type Watchers,
  type Write,
} from '../../app/ports.ts';

export const BY_RANK = { name: 'byRank', pk: 'gsi1pk', sk: 'gsi1sk' } as const;
const KEY_ATTRS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk']);
const strip = <T>(item: Record<string, unknown>): T => Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.has(k))) as T;
const pad = (n: number, w = 10) => String(n).padStart(w, '0');

const appKey = (id: string) => ({ pk: `APP#${id}`, sk: 'APP' });
const reviewKey = (applicationId: string, sub: string) => ({ pk: `APP#${applicationId}`, sk: `REVIEW#${sub}` });
const progKey = (id: string) => ({ pk: `PROG#${id}`, sk: 'PROG' });
const summaryKey = (programmeId: string, applicationId: string) => ({ pk: `PROG#${programmeId}`, sk: `APP#${applicationId}` });
const assignmentKey = (sub: string, applicationId: string) => ({ pk: `REVIEWER#${sub}`, sk: `APP#${applicationId}` });
const watchApplicationKey = (taxCode: string, applicationId: string) => ({ pk: `WATCH#${taxCode}`, sk: `APP#${applicationId}` });

function summaryItem(app: ApplicationRecord) {
  const panelAssigned = app.reviewers.filter((r) => r.reason === 'panel').length;
  const scored = app.status === 'scored' && app.final;
  return {
    pk: `PROG#${app.programmeId}`,
    sk: `APP#${app.applicationId}`,
    applicationId: app.applicationId,
    taxCode: app.taxCode,
    sizeClass: app.sizeClass,
    communeCode: app.communeCode,
    vsicMain: app.vsicMain,
    requestedAmountVnd: app.requestedAmountVnd,
    submittedAt: app.submittedAt,
    rubric: app.rubric,
    status: app.status,
    needsReviewers: app.status === 'awaiting-review' && (app.reviewsNeeded === 0 || panelAssigned < app.reviewsNeeded),
    // What the panel's officers are shown (app/panel.ts, getPanel).
    ...(app.status === 'awaiting-review' && app.unassignable ? { unassignable: app.unassignable } : {}),
    ...(app.conflicts?.length ? { conflicts: app.conflicts } : {}),
    ...(scored
      ? {
          totalPoints: app.final!.totalPoints,
          priorityPoints: app.final!.priorityPoints,
          gsi1pk: `RANK#${app.programmeId}`,
          gsi1sk: rankKey({
            applicationId: app.applicationId,
            totalPoints: app.final!.totalPoints,
            priorityPoints: app.final!.priorityPoints,
            submittedAt: app.submittedAt,
            requestedAmountVnd: app.requestedAmountVnd,
          }),
        }
      : {}),
  };
}

export class DynamoDbScoringRepository implements ScoringRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly outboxTable: string,
  ) {}

  private uow() {
    return new UnitOfWork(this.client, { outbox: this.outboxTable });
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, this.table, input);
  }

  private async count(input: Omit<QueryCommandInput, 'TableName' | 'Select'>): Promise<number> {
    let n = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(new QueryCommand({ ...input, TableName: this.table, Select: 'COUNT', ExclusiveStartKey: start }));
      n += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return n;
  }

  async getRubric(id: string, version: number): Promise<Rubric | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: 'RUBRICS', sk: `${id}#${pad(version, 6)}` } }));
    return out.Item ? strip<Rubric>(out.Item) : undefined;
  }

  async rubricVersions(id: string): Promise<Rubric[]> {
    return (
      await this.queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': 'RUBRICS', ':s': `${id}#` },
      })
    ).map((i) => strip<Rubric>(i));
  }

  async rubricPage(afterId: string | undefined, ids: number): Promise<Rubric[]> {
    // Sort keys are `<id>#<version>`: '#' sorts before every character of an id, so each id's
    // versions are together and ids come in order; `<after>#~` is past the last version of `after`.
    const versions: Rubric[] = [];
    const seen = new Set<string>();
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          ...(afterId === undefined
            ? { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'RUBRICS' } }
            : { KeyConditionExpression: 'pk = :p AND sk > :a', ExpressionAttributeValues: { ':p': 'RUBRICS', ':a': `${afterId}#~` } }),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const r = strip<Rubric>(item);
        if (!seen.has(r.id)) {
          if (seen.size === ids) return versions;
          seen.add(r.id);
        }
        versions.push(r);
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return versions;
  }

  async createRubric(r: Rubric): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: 'RUBRICS', sk: `${r.id}#${pad(r.version, 6)}`, ...r },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ConflictError(`Rubric ${r.id} version ${r.version} was published meanwhile; reload and retry`, { cause: error });
      throw error;
    }
  }

  async recordEnterprise(rev: EnterpriseRevision): Promise<'applied' | 'duplicate'> {
    let applied: 'applied' | 'duplicate' = 'applied';
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `ENT#${rev.taxCode}`, sk: `REV#${pad(rev.revision)}`, ...rev },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      applied = 'duplicate';
    }
    // The latest people: written after the revision, so a retry after a crash in between completes it.
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `ENT#${rev.taxCode}`, sk: 'LATEST', taxCode: rev.taxCode, revision: rev.revision, people: rev.people ?? [] },
          ConditionExpression: 'attribute_not_exists(pk) OR revision < :r',
          ExpressionAttributeValues: { ':r': rev.revision },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return applied;
  }

  async history(taxCode: string): Promise<EnterpriseRevision[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': `ENT#${taxCode}`, ':s': 'REV#' },
    });
    return items.map((i) => strip<EnterpriseRevision>(i));
  }

  async peopleOf(taxCodes: readonly string[]): Promise<Map<string, PersonRef[]>> {
    const out = new Map<string, PersonRef[]>();
    const unique = [...new Set(taxCodes)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((t) => ({ pk: `ENT#${t}`, sk: 'LATEST' }));
      while (keys && keys.length) {
        const res = await this.client.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys } } }));
        for (const item of res.Responses?.[this.table] ?? []) out.set(item.taxCode as string, (item.people as PersonRef[]) ?? []);
        keys = res.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  }

  async latestPeople(taxCode: string): Promise<{ revision: number; people: PersonRef[] } | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: `ENT#${taxCode}`, sk: 'LATEST' } }));
    return out.Item ? { revision: out.Item.revision as number, people: (out.Item.people as PersonRef[]) ?? [] } : undefined;
  }

  async watchersOf(taxCode: string): Promise<Watchers> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `WATCH#${taxCode}` } });
    return {
      applications: items.filter((i) => String(i.sk).startsWith('APP#')).map((i) => i.applicationId as string),
      panelMembers: items
        .filter((i) => String(i.sk).startsWith('PANEL#'))
        .map((i) => ({ programmeId: i.programmeId as string, sub: i.sub as string })),
    };
  }

  async watchInterests(programmeId: string, members: readonly { sub: string; declaredInterests: readonly string[] }[]): Promise<void> {
    const items = members.flatMap((m) =>
      [...new Set(m.declaredInterests)].map((taxCode) => ({
        pk: `WATCH#${taxCode}`,
        sk: `PANEL#${programmeId}#${m.sub}`,
        programmeId,
        sub: m.sub,
      })),
    );
    await batchPutAll(this.client, this.table, items);
  }

  async pendingAssignments(sub: string, programmeId: string): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p',
      FilterExpression: 'programmeId = :g AND #s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':p': `REVIEWER#${sub}`, ':g': programmeId, ':pending': 'pending' },
      ProjectionExpression: 'applicationId',
    });
    return items.map((i) => i.applicationId as string);
  }

  async withdrawnBeforeArrival(programmeId: string, applicationId: string): Promise<string | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.table, Key: summaryKey(programmeId, applicationId), ConsistentRead: true }),
    );
    return out.Item?.withdrawnBeforeArrival ? (out.Item.withdrawnAt as string) : undefined;
  }

  async panelIssues(programmeId: string, limit: number) {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      FilterExpression: 'attribute_exists(unassignable) OR attribute_exists(conflicts)',
      ExpressionAttributeValues: { ':p': `PROG#${programmeId}`, ':s': 'APP#' },
      ProjectionExpression: 'applicationId, unassignable, conflicts',
    });
    const unassignable = items
      .filter((i) => i.unassignable)
      .map((i) => ({ applicationId: i.applicationId as string, ...(i.unassignable as { reason: string; at: string }) }))
      .slice(0, limit);
    const conflicts = items
      .flatMap((i) => ((i.conflicts as LateConflict[] | undefined) ?? []).map((c) => ({ applicationId: i.applicationId as string, ...c })))
      .sort((a, b) => a.foundAt.localeCompare(b.foundAt))
      .slice(0, limit);
    return { unassignable, conflicts };
  }

  async getProgramme(id: string): Promise<ProgrammeRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: progKey(id) }));
    return out.Item ? strip<ProgrammeRecord>(out.Item) : undefined;
  }

  async getApplication(id: string): Promise<ApplicationRecord | undefined> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `APP#${id}` },
      ConsistentRead: true,
    });
    const item = items.find((i) => i.sk === 'APP');
    if (!item) return undefined;
    const { reviews: inline, ...app } = strip<ApplicationRecord & { reviews?: Review[] }>(item);
    const stored = items.filter((i) => String(i.sk).startsWith('REVIEW#')).map((i) => strip<Review & { applicationId?: string }>(i));
    const own = stored.map(({ applicationId: _a, ...r }) => r as Review);
    // Written before reviews had items of their own: moved out of the application's item now.
    const legacy = (inline ?? []).filter((r) => !own.some((o) => o.sub === r.sub));
    if (inline !== undefined) await this.moveInlineReviews(id, app.version, legacy);
    const reviews = [...legacy, ...own].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || (a.sub < b.sub ? -1 : 1));
    return { ...app, reviews };
  }

  /** Read repair of an item from before reviews had their own items; harmless if another reader did it first. */
  private async moveInlineReviews(applicationId: string, version: number, reviews: readonly Review[]): Promise<void> {
    const uow = this.uow();
    for (const r of reviews) uow.add({ Put: { TableName: this.table, Item: { ...reviewKey(applicationId, r.sub), applicationId, ...r } } });
    uow.add({
      Update: {
        TableName: this.table,
        Key: appKey(applicationId),
        UpdateExpression: 'REMOVE reviews',
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': version },
      },
    });
    try {
      await uow.commit();
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  async awaitingReviewers(programmeId: string, limit: number): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      FilterExpression: 'needsReviewers = :t',
      ExpressionAttributeValues: { ':p': `PROG#${programmeId}`, ':s': 'APP#', ':t': true },
      ProjectionExpression: 'applicationId, submittedAt',
    });
    return items
      .sort((a, b) => String(a.submittedAt).localeCompare(String(b.submittedAt)))
      .slice(0, limit)
      .map((i) => i.applicationId as string);
  }

  async commit(w: Write): Promise<'committed' | 'duplicate'> {
    const uow = this.uow();
    for (const { next, expectedVersion } of w.applications ?? []) {
      // Reviews are items of their own (w.reviews), never part of the application's item.
      const { reviews: _reviews, ...stored } = next;
      uow.add(
        {
          Put: {
            TableName: this.table,
            Item: { ...appKey(next.applicationId), ...stored },
            ...(expectedVersion === null
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
          },
        },
        `Application ${next.applicationId} was changed meanwhile; reload and retry`,
      );
      // A new application's ranking row must not be a withdrawal that arrived first (unless it is stored as withdrawn).
      const guarded = expectedVersion === null && next.status !== 'withdrawn';
      uow.add(
        {
          Put: { TableName: this.table, Item: summaryItem(next), ...(guarded ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}) },
        },
        guarded ? WITHDRAWN_BEFORE_ARRIVAL : undefined,
      );
      if (expectedVersion === null && next.status === 'awaiting-review')
        uow.add({
          Put: {
            TableName: this.table,
            Item: { ...watchApplicationKey(next.taxCode, next.applicationId), applicationId: next.applicationId },
          },
        });
      else if (expectedVersion !== null && next.status !== 'awaiting-review')
        uow.add({ Delete: { TableName: this.table, Key: watchApplicationKey(next.taxCode, next.applicationId) } });
    }
    for (const { applicationId, review } of w.reviews ?? [])
      uow.add(
        {
          Put: {
            TableName: this.table,
            Item: { ...reviewKey(applicationId, review.sub), applicationId, ...review },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        `${review.sub} has already reviewed application ${applicationId}`,
      );
    if (w.programme) {
      const { next, expectedVersion } = w.programme;
      uow.add(
        {
          Put: {
            TableName: this.table,
            Item: { ...progKey(next.programmeId), ...next },
            ...(expectedVersion === null
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :pv', ExpressionAttributeValues: { ':pv': expectedVersion } }),
          },
        },
        `Programme ${next.programmeId} was changed meanwhile; reload and retry`,
      );
    }
    for (const a of w.assignments ?? [])
      uow.add({ Put: { TableName: this.table, Item: { ...assignmentKey(a.sub, a.applicationId), ...a } } });
    for (const u of w.unassignments ?? []) uow.add({ Delete: { TableName: this.table, Key: assignmentKey(u.sub, u.applicationId) } });
    for (const m of w.withdrawals ?? []) {
      uow.add(
        {
          ConditionCheck: {
            TableName: this.table,
            Key: appKey(m.applicationId),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        `Application ${m.applicationId} arrived meanwhile; reload and retry`,
      );
      uow.add({
        Put: {
          TableName: this.table,
          Item: { ...summaryKey(m.programmeId, m.applicationId), ...m, status: 'withdrawn', withdrawnBeforeArrival: true },
        },
      });
    }
    for (const e of w.events ?? []) uow.publish(e);
    if (w.messageId) uow.markProcessed(this.table, w.messageId);
    return uow.commit();
  }

  async rankOf(programmeId: string, key: string): Promise<{ rank: number; of: number }> {
    const above = await this.count({
      IndexName: BY_RANK.name,
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :k',
      ExpressionAttributeValues: { ':p': `RANK#${programmeId}`, ':k': key },
    });
    const of = await this.count({
      IndexName: BY_RANK.name,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `RANK#${programmeId}` },
    });
    return { rank: above + 1, of };
  }

  async candidates(programmeId: string): Promise<Candidate[]> {
    const items = await this.queryAll({
      IndexName: BY_RANK.name,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `RANK#${programmeId}` },
    });
    return items.map((i) => ({
      applicationId: i.applicationId as string,
      taxCode: i.taxCode as string,
      totalPoints: i.totalPoints as number,
      priorityPoints: i.priorityPoints as number,
      submittedAt: i.submittedAt as string,
      requestedAmountVnd: i.requestedAmountVnd as number,
      sizeClass: i.sizeClass as string,
      communeCode: i.communeCode as string,
      vsicMain: i.vsicMain as string,
      // Rows written before the rubric was kept on them have none: selection reads it from the score.
      ...(i.rubric ? { rubric: i.rubric as { id: string; version: number } } : {}),
    }));
  }

  async assignmentsOf(sub: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<Assignment>> {
    const pk = `REVIEWER#${sub}`;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': pk },
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, ['pk', 'sk'], { equal: { pk } }),
      }),
    );
    return { items: (out.Items ?? []).map((i) => strip<Assignment>(i)), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async saveSelection(
    sel: SelectionRecord,
    programme: { next: ProgrammeRecord; expectedVersion: number },
    events: Envelope[],
  ): Promise<void> {
    const { entries, ...header } = sel;
    const uow = this.uow()
      .add({
        Put: {
          TableName: this.table,
          Item: { pk: `SEL#${sel.id}`, sk: 'SEL', ...header, chunks: Math.ceil(entries.length / ENTRIES_PER_CHUNK) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })
      .add(
        {
          Put: {
            TableName: this.table,
            Item: { ...progKey(programme.next.programmeId), ...programme.next },
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': programme.expectedVersion },
          },
        },
        `Programme ${programme.next.programmeId} changed meanwhile (another selection or panel change); run the selection again`,
      );
    for (let i = 0; i * ENTRIES_PER_CHUNK < entries.length; i++) {
      uow.add({
        Put: {
          TableName: this.table,
          Item: {
            pk: `SEL#${sel.id}`,
            sk: `ENTRIES#${pad(i + 1, 4)}`,
            entries: entries.slice(i * ENTRIES_PER_CHUNK, (i + 1) * ENTRIES_PER_CHUNK),
          },
        },
      });
    }
    for (const e of events) uow.publish(e);
    await uow.commit();
  }

  async getSelection(id: string): Promise<(SelectionRecord & { decisions: Map<string, Decision> }) | undefined> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `SEL#${id}` } });
    const header = items.find((i) => i.sk === 'SEL');
    if (!header) return undefined;
    const entries = items.filter((i) => String(i.sk).startsWith('ENTRIES#')).flatMap((i) => i.entries as SelectionRecord['entries']);
    const decisions = new Map<string, Decision>();
    for (const r of items.filter((i) => String(i.sk).startsWith('RESULT#'))) {
      for (const x of r.results as { applicationId: string; status: 'applied' | 'refused'; detail?: string }[]) {
        decisions.set(x.applicationId, { status: x.status, ...(x.detail ? { detail: x.detail } : {}) });
      }
    }
    const { chunks: _c, ...rest } = strip<SelectionRecord & { chunks: number }>(header);
    return { ...rest, entries, decisions };
  }

  async recordSelectionResults(
    selectionId: string,
    part: number,
    results: { applicationId: string; status: 'applied' | 'refused'; detail?: string | undefined }[],
    messageId: string,
  ) {
    return this.uow()
      .add({ Put: { TableName: this.table, Item: { pk: `SEL#${selectionId}`, sk: `RESULT#${pad(part, 4)}`, results } } })
      .markProcessed(this.table, messageId)
      .commit();
  }
}
