/**
 * Intake's single table. Items by key:
 *
 *   PROG#<id>        / PROG                      a programme (index byProgramme: PROGRAMMES / <code>); its
 *                                                `announcedVersion` is the version programme.changed announced
 *   PROGCODE#<code>  / PROGCODE                  claims a programme code (codes are unique)
 *   APP#<id>         / APP                       an application, its timeline inline
 *   APP#<id>         / DOC#<documentId>          its documents
 *   APP#<id>         / DOCCOUNT                  how many documents it has (bounded, counted with each one)
 *   ENT#<taxCode>    / ENT                       intake's copy of the registry profile
 *   ENT#<taxCode>    / GRANT#<grantedOn>#<id>    the support ledger
 *   ENT#<taxCode>    / SLOT#<year>#<cat>         claimed by the first grant of a category in a year
 *
 * Applications are indexed by programme, commune, enterprise and agency, each sorted by
 * `<createdAt>#<id>` (newest first when read backwards); a status narrows a listing by filter.
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { withoutKeys } from '../../../../shared/aws/dynamodb.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { decodeCursor, encodeCursor, type CursorScope, type Page } from '../../../../shared/http/pagination.ts';
import { UnitOfWork } from '../../../../shared/outbox/unit-of-work.ts';
import type { Application, ApplicationDocument } from '../../domain/application.ts';
import { OPEN_STATUSES } from '../../domain/application.ts';
import type { Grant } from '../../domain/ledger.ts';
import type { Programme } from '../../domain/programme.ts';
import {
  MAX_EXAMINED_PER_PAGE,
  type ApplicationQuery,
  type ApprovalWrites,
  type DocumentPage,
  type EnterpriseRecord,
  type IntakeRepository,
  type PageRequest,
  type RecordOutcome,
} from '../../app/ports.ts';

export const INDEXES = {
  byProgramme: { name: 'byProgramme', pk: 'gsi1pk', sk: 'gsi1sk' },
  byCommune: { name: 'byCommune', pk: 'gsi2pk', sk: 'gsi2sk' },
  byEnterprise: { name: 'byEnterprise', pk: 'gsi3pk', sk: 'gsi3sk' },
  byAgency: { name: 'byAgency', pk: 'gsi4pk', sk: 'gsi4sk' },
} as const;

const strip = <T>(item: Record<string, unknown>): T => withoutKeys<T>(item);
/** A programme as the use cases see it: without the marker of its last announced version. */
const programmeOf = (item: Record<string, unknown>): Programme => withoutKeys<Programme>(item, ['announcedVersion']);

const programmeKey = (id: string) => ({ pk: `PROG#${id}`, sk: 'PROG' });
const applicationKey = (id: string) => ({ pk: `APP#${id}`, sk: 'APP' });
const documentKey = (applicationId: string, documentId: string) => ({ pk: `APP#${applicationId}`, sk: `DOC#${documentId}` });
const DOCUMENTS_FULL = 'The application has as many documents as it may carry';
const documentCountKey = (applicationId: string) => ({ pk: `APP#${applicationId}`, sk: 'DOCCOUNT' });
const enterpriseKey = (taxCode: string) => ({ pk: `ENT#${taxCode}`, sk: 'ENT' });
// Grants sort by the day granted (newest first when read backwards); year and category filter them.
const grantKey = (g: Grant) => ({ pk: `ENT#${g.taxCode}`, sk: `GRANT#${g.grantedOn}#${g.grantId}` });
const slotKey = (g: Grant) => ({ pk: `ENT#${g.taxCode}`, sk: `SLOT#${g.year}#${g.category}` });

/** The programme item's marker of the version its events announce (none: no event, e.g. a test's write). */
const announced = (p: Programme, events: readonly Envelope[]) =>
  events.some((e) => e.type === 'programme.changed') ? { announcedVersion: p.version } : {};

function applicationItem(app: Application) {
  const sort = `${app.createdAt}#${app.id}`;
  return {
    ...applicationKey(app.id),
    gsi1pk: `PROG#${app.programmeId}`,
    gsi1sk: sort,
    gsi2pk: `COMMUNE#${app.communeCode}`,
    gsi2sk: sort,
    gsi3pk: `ENT#${app.taxCode}`,
    gsi3sk: sort,
    gsi4pk: `AGENCY#${app.agency}`,
    gsi4sk: sort,
    ...app,
  };
}

export class DynamoDbIntakeRepository implements IntakeRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly outboxTable: string,
    /** How many index entries one page of a filtered listing examines at most (a test lowers it). */
    private readonly maxExamined: number = MAX_EXAMINED_PER_PAGE,
  ) {}

  private uow() {
    return new UnitOfWork(this.client, { outbox: this.outboxTable });
  }

  private async page<T>(
    input: Omit<QueryCommandInput, 'TableName'>,
    keyNames: readonly string[],
    q: PageRequest,
    scope: CursorScope,
    read: (item: Record<string, unknown>) => T = strip<T>,
  ): Promise<Page<T>> {
    const out = await this.client.send(
      new QueryCommand({ ...input, TableName: this.table, Limit: q.limit, ExclusiveStartKey: decodeCursor(q.cursor, keyNames, scope) }),
    );
    return { items: (out.Items ?? []).map(read), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async createProgramme(p: Programme, events: readonly Envelope[] = []): Promise<void> {
    const uow = this.uow()
      .add(
        {
          Put: {
            TableName: this.table,
            Item: { pk: `PROGCODE#${p.code}`, sk: 'PROGCODE', programmeId: p.id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        `A programme with code ${p.code} already exists`,
      )
      .add({
        Put: {
          TableName: this.table,
          Item: { ...programmeKey(p.id), gsi1pk: 'PROGRAMMES', gsi1sk: p.code, ...p, ...announced(p, events) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    for (const e of events) uow.publish(e);
    await uow.commit();
  }

  async replaceProgramme(next: Programme, expectedVersion: number, events: readonly Envelope[] = []): Promise<void> {
    const current = await this.getProgramme(next.id);
    if (!current) throw new ConflictError(`Programme ${next.id} no longer exists`);
    const uow = this.uow().add(
      {
        Put: {
          TableName: this.table,
          Item: { ...programmeKey(next.id), gsi1pk: 'PROGRAMMES', gsi1sk: next.code, ...next, ...announced(next, events) },
          // committedVnd moves with approvals, outside the version: it must not be overwritten with a stale figure.
          ConditionExpression: 'version = :v AND committedVnd = :c',
          ExpressionAttributeValues: { ':v': expectedVersion, ':c': next.committedVnd },
        },
      },
      `Programme ${next.id} was changed meanwhile (expected version ${expectedVersion}); reload it and retry`,
    );
    if (current.code !== next.code) {
      uow
        .add(
          {
            Put: {
              TableName: this.table,
              Item: { pk: `PROGCODE#${next.code}`, sk: 'PROGCODE', programmeId: next.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          `A programme with code ${next.code} already exists`,
        )
        .add({ Delete: { TableName: this.table, Key: { pk: `PROGCODE#${current.code}`, sk: 'PROGCODE' } } });
    }
    for (const e of events) uow.publish(e);
    await uow.commit();
  }

  async getProgramme(id: string): Promise<Programme | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: programmeKey(id) }));
    return out.Item ? programmeOf(out.Item) : undefined;
  }

  async unannouncedProgrammes(limit: number): Promise<Programme[]> {
    const found: Programme[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEXES.byProgramme.name,
          KeyConditionExpression: 'gsi1pk = :pk',
          // Written before programmes were announced, or (never, as writes announce in the same
          // transaction) a version not announced.
          FilterExpression: 'attribute_not_exists(announcedVersion) OR announcedVersion <> version',
          ExpressionAttributeValues: { ':pk': 'PROGRAMMES' },
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(out.Items ?? []).map(programmeOf));
      start = out.LastEvaluatedKey;
    } while (start && found.length < limit);
    return found.slice(0, limit);
  }

  async announceProgramme(p: Programme, event: Envelope): Promise<'announced' | 'changed'> {
    try {
      await this.uow()
        .add(
          {
            Update: {
              TableName: this.table,
              Key: programmeKey(p.id),
              UpdateExpression: 'SET announcedVersion = :v',
              ConditionExpression: 'version = :v AND (attribute_not_exists(announcedVersion) OR announcedVersion <> :v)',
              ExpressionAttributeValues: { ':v': p.version },
            },
          },
          `Programme ${p.id} changed or was announced meanwhile`,
        )
        .publish(event)
        .commit();
      return 'announced';
    } catch (error) {
      // Changed meanwhile (that change announced itself) or announced by a concurrent run.
      if (error instanceof ConflictError) return 'changed';
      throw error;
    }
  }

  async listProgrammes(q: PageRequest & { category?: string | undefined; agency?: string | undefined }): Promise<Page<Programme>> {
    const filters: string[] = [];
    const values: Record<string, unknown> = { ':pk': 'PROGRAMMES' };
    if (q.category) {
      filters.push('category = :cat');
      values[':cat'] = q.category;
    }
    if (q.agency) {
      filters.push('ownerAgency = :agency');
      values[':agency'] = q.agency;
    }
    return this.page<Programme>(
      {
        IndexName: INDEXES.byProgramme.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeValues: values,
      },
      ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
      q,
      { equal: { gsi1pk: 'PROGRAMMES' } },
      programmeOf,
    );
  }

  async hasApplications(programmeId: string): Promise<boolean> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEXES.byProgramme.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `PROG#${programmeId}` },
        Limit: 1,
      }),
    );
    return (out.Items ?? []).length > 0;
  }

  async getEnterprise(taxCode: string): Promise<EnterpriseRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: enterpriseKey(taxCode) }));
    return out.Item ? strip<EnterpriseRecord>(out.Item) : undefined;
  }

  async recordEnterprise(e: EnterpriseRecord): Promise<RecordOutcome> {
    // Idempotent by revision: a redelivered or older event fails the condition and changes nothing,
    // so no processed-message marker (and no transaction) is needed on this busy path.
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...enterpriseKey(e.taxCode), ...e },
          ConditionExpression: 'attribute_not_exists(pk) OR revision < :r',
          ExpressionAttributeValues: { ':r': e.revision },
        }),
      );
      return 'applied';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }

  async openApplicationsOf(taxCode: string): Promise<Application[]> {
    const open: Application[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEXES.byEnterprise.name,
          KeyConditionExpression: 'gsi3pk = :pk',
          FilterExpression: '#status IN (:s0, :s1, :s2)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': `ENT#${taxCode}`, ...Object.fromEntries(OPEN_STATUSES.map((st, i) => [`:s${i}`, st])) },
          ExclusiveStartKey: cursor,
        }),
      );
      open.push(...(out.Items ?? []).map((i) => strip<Application>(i)));
      cursor = out.LastEvaluatedKey;
    } while (cursor);
    return open;
  }

  async createApplication(app: Application, events: readonly Envelope[] = []): Promise<void> {
    const uow = this.uow().add(
      { Put: { TableName: this.table, Item: applicationItem(app), ConditionExpression: 'attribute_not_exists(pk)' } },
      `Application ${app.id} already exists`,
    );
    for (const e of events) uow.publish(e);
    await uow.commit();
  }

  async getApplication(id: string): Promise<Application | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: applicationKey(id) }));
    return out.Item ? strip<Application>(out.Item) : undefined;
  }

  async saveApplication(
    next: Application,
    expectedVersion: number,
    extra: { events?: readonly Envelope[]; approval?: ApprovalWrites; messageId?: string } = {},
  ): Promise<'committed' | 'duplicate'> {
    const uow = this.uow().add(
      {
        Put: {
          TableName: this.table,
          Item: applicationItem(next),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        },
      },
      `Application ${next.id} was changed meanwhile (expected version ${expectedVersion}); reload it and retry`,
    );
    const a = extra.approval;
    if (a) {
      uow.add({
        Put: { TableName: this.table, Item: { ...grantKey(a.grant), ...a.grant }, ConditionExpression: 'attribute_not_exists(pk)' },
      });
      if (a.claimSlot) {
        uow.add(
          {
            Put: {
              TableName: this.table,
              Item: { ...slotKey(a.grant), grantId: a.grant.grantId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          `Another ${a.grant.category} grant for ${a.grant.taxCode} in ${a.grant.year} was approved meanwhile; retry to see it`,
        );
      }
      uow.add(
        {
          Update: {
            TableName: this.table,
            Key: programmeKey(a.budget.programmeId),
            UpdateExpression: 'SET committedVnd = committedVnd + :a',
            // The budget as read must still be the budget: a concurrent PUT may have lowered it.
            ConditionExpression: 'committedVnd <= :limit AND budgetVnd = :budget',
            ExpressionAttributeValues: {
              ':a': a.budget.amountVnd,
              ':limit': a.budget.budgetVnd - a.budget.amountVnd,
              ':budget': a.budget.budgetVnd,
            },
          },
        },
        `The programme's budget was changed or committed meanwhile; ${a.budget.amountVnd} VND no longer fits`,
      );
    }
    for (const e of extra.events ?? []) uow.publish(e);
    if (extra.messageId) uow.markProcessed(this.table, extra.messageId);
    return uow.commit();
  }

  async listApplications(q: ApplicationQuery): Promise<Page<Application>> {
    const index = q.commune ? INDEXES.byCommune : q.programmeId ? INDEXES.byProgramme : q.taxCode ? INDEXES.byEnterprise : INDEXES.byAgency;
    const agencyIndex = q.agencyIndex ?? q.ownerAgency;
    if (index === INDEXES.byAgency && !agencyIndex) throw new Error('listApplications needs a filter or an agency');
    const pk = q.commune
      ? `COMMUNE#${q.commune}`
      : q.programmeId
        ? `PROG#${q.programmeId}`
        : q.taxCode
          ? `ENT#${q.taxCode}`
          : `AGENCY#${agencyIndex}`;
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': pk };
    if (q.status) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = q.status;
    }
    if (q.programmeId && index !== INDEXES.byProgramme) {
      filters.push('programmeId = :prog');
      values[':prog'] = q.programmeId;
    }
    if (q.taxCode && index !== INDEXES.byEnterprise) {
      filters.push('taxCode = :tax');
      values[':tax'] = q.taxCode;
    }
    if (q.ownerAgency && index !== INDEXES.byAgency) {
      filters.push(q.orAssignedTo ? '(agency = :agency OR contains(assignees, :sub))' : 'agency = :agency');
      values[':agency'] = q.ownerAgency;
      if (q.orAssignedTo) values[':sub'] = q.orAssignedTo;
    }
    const keyNames = ['pk', 'sk', index.pk, index.sk] as const;
    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: index.name,
      KeyConditionExpression: `${index.pk} = :pk`,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
    };
    // A filter drops entries after DynamoDB's Limit: keep reading until the page is full, or until
    // MAX_EXAMINED_PER_PAGE entries were examined (then the page is short and its cursor moves on).
    const items: Record<string, unknown>[] = [];
    let start = decodeCursor(q.cursor, keyNames, { equal: { [index.pk]: pk } }) as Record<string, unknown> | undefined;
    let examined = 0;
    for (;;) {
      const out = await this.client.send(
        new QueryCommand({
          ...input,
          Limit: filters.length ? Math.min(this.maxExamined - examined, Math.max(q.limit * 4, 100)) : q.limit,
          ExclusiveStartKey: start,
        }),
      );
      examined += out.ScannedCount ?? 0;
      const found = out.Items ?? [];
      const room = q.limit - items.length;
      if (found.length >= room) {
        items.push(...found.slice(0, room));
        // More matched than fit: the page ends at its last item, whose key attributes it carries.
        const last = items[items.length - 1]!;
        const more = found.length > room || out.LastEvaluatedKey !== undefined;
        const nextCursor = more ? encodeCursor(Object.fromEntries(keyNames.map((k) => [k, last[k]]))) : null;
        return { items: items.map((i) => strip<Application>(i)), nextCursor };
      }
      items.push(...found);
      start = out.LastEvaluatedKey;
      if (!start || examined >= this.maxExamined) {
        return { items: items.map((i) => strip<Application>(i)), nextCursor: encodeCursor(start) };
      }
    }
  }

  async addDocument(doc: ApplicationDocument, max: number): Promise<'added' | 'full'> {
    try {
      await this.uow()
        .add(
          {
            Update: {
              TableName: this.table,
              Key: documentCountKey(doc.applicationId),
              UpdateExpression: 'ADD documents :one',
              ConditionExpression: 'attribute_not_exists(documents) OR documents < :max',
              ExpressionAttributeValues: { ':one': 1, ':max': max },
            },
          },
          DOCUMENTS_FULL,
        )
        .add(
          {
            Put: {
              TableName: this.table,
              Item: { ...documentKey(doc.applicationId, doc.documentId), ...doc },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          `Document ${doc.documentId} exists`,
        )
        .commit();
      return 'added';
    } catch (error) {
      if (error instanceof ConflictError && error.message === DOCUMENTS_FULL) return 'full';
      throw error;
    }
  }

  async getDocument(applicationId: string, documentId: string): Promise<ApplicationDocument | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: documentKey(applicationId, documentId) }));
    return out.Item ? strip<ApplicationDocument>(out.Item) : undefined;
  }

  async listDocuments(applicationId: string, q: PageRequest): Promise<DocumentPage> {
    return this.page<ApplicationDocument>(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)',
        ExpressionAttributeValues: { ':pk': `APP#${applicationId}`, ':doc': 'DOC#' },
      },
      ['pk', 'sk'],
      q,
      { equal: { pk: `APP#${applicationId}` }, startsWith: { sk: 'DOC#' } },
    );
  }

  async settleDocument(doc: ApplicationDocument): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...documentKey(doc.applicationId, doc.documentId), ...doc },
          ConditionExpression: '#s = :awaiting',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':awaiting': 'awaiting-upload' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async grantsOf(taxCode: string, q: PageRequest = { limit: 100 }): Promise<Page<Grant>> {
    return this.page<Grant>(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)',
        ExpressionAttributeValues: { ':pk': `ENT#${taxCode}`, ':g': 'GRANT#' },
        ScanIndexForward: false,
      },
      ['pk', 'sk'],
      q,
      { equal: { pk: `ENT#${taxCode}` }, startsWith: { sk: 'GRANT#' } },
    );
  }

  async grantsIn(taxCode: string, year: number, category: string): Promise<Grant[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)',
        FilterExpression: 'category = :c',
        ExpressionAttributeValues: { ':pk': `ENT#${taxCode}`, ':g': `GRANT#${year}-`, ':c': category },
      }),
    );
    return (out.Items ?? []).map((i) => strip<Grant>(i));
  }
}
