/**
 * Scoring's single table. Items by key:
 *
 *   RUBRICS            / <id>#<version>        a published rubric version (never overwritten)
 *   ENT#<taxCode>      / REV#<revision>        one registry revision's figures and people
 *   ENT#<taxCode>      / LATEST                the newest revision's people (conflicts of interest)
 *   PROG#<id>          / PROG                  what scoring knows of a programme: owner, panel, loads
 *   PROG#<id>          / APP#<applicationId>   a compact row per application (selection reads these);
 *                                              once scored it is in index byRank: RANK#<programme> / rank key
 *   APP#<id>           / APP                   the application's score: criteria, evidence, reviews
 *   REVIEWER#<sub>     / APP#<applicationId>   an assignment (GET /reviews/mine)
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
import { queryAll } from '../../../../shared/aws/dynamodb.ts';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../../../../shared/http/pagination.ts';
import { UnitOfWork } from '../../../../shared/outbox/unit-of-work.ts';
import type { PersonRef } from '../../domain/panel.ts';
import { rankKey } from '../../domain/ranking.ts';
import type { Rubric } from '../../domain/rubric.ts';
import type { Candidate } from '../../domain/selection.ts';
import { ENTRIES_PER_CHUNK } from '../../app/selections.ts';
import type {
  ApplicationRecord,
  Assignment,
  Decision,
  EnterpriseRevision,
  ProgrammeRecord,
  ScoringRepository,
  SelectionRecord,
  Write,
} from '../../app/ports.ts';

export const BY_RANK = { name: 'byRank', pk: 'gsi1pk', sk: 'gsi1sk' } as const;
const KEY_ATTRS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk']);
const strip = <T>(item: Record<string, unknown>): T => Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRS.has(k))) as T;
const pad = (n: number, w = 10) => String(n).padStart(w, '0');

const appKey = (id: string) => ({ pk: `APP#${id}`, sk: 'APP' });
const progKey = (id: string) => ({ pk: `PROG#${id}`, sk: 'PROG' });

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

  async listRubrics(): Promise<Rubric[]> {
    return (await this.queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'RUBRICS' } })).map((i) =>
      strip<Rubric>(i),
    );
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

  async getProgramme(id: string): Promise<ProgrammeRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: progKey(id) }));
    return out.Item ? strip<ProgrammeRecord>(out.Item) : undefined;
  }

  async getApplication(id: string): Promise<ApplicationRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: appKey(id), ConsistentRead: true }));
    return out.Item ? strip<ApplicationRecord>(out.Item) : undefined;
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
      uow.add(
        {
          Put: {
            TableName: this.table,
            Item: { ...appKey(next.applicationId), ...next },
            ...(expectedVersion === null
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
          },
        },
        `Application ${next.applicationId} was changed meanwhile; reload and retry`,
      );
      uow.add({ Put: { TableName: this.table, Item: summaryItem(next) } });
    }
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
      uow.add({ Put: { TableName: this.table, Item: { pk: `REVIEWER#${a.sub}`, sk: `APP#${a.applicationId}`, ...a } } });
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
