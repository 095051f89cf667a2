/**
 * Intake's single table. Items by key:
 *
 *   PROG#<id>        / PROG                      a programme (index byProgramme: PROGRAMMES / <code>); its
 *                                                `announcedVersion` is the version programme.changed announced
 *   PROGCODE#<code>  / PROGCODE                  claims a programme code (codes are unique)
 *   APP#<id>         / APP                       an application, its timeline inline
 *   APP#<id>         / DOC#<documentId>          its documents
 *   APP#<id>         / DOCCOUNT                  how many documents it has (bounded, counted with each one)
 *   ENT#<taxCode>    / ENT                       intake's copy of the registry profile (with its person refs)
 *   ENT#<taxCode>    / GRANT#<grantedOn>#<id>    the support ledger (contents, period, adjustments inline)
 *   ENT#<taxCode>    / SLOTC#<content>#<year>    a counter every grant of the content over that year moves on
 *   ENT#<taxCode>    / SLOT#<year>#<cat>         (retired: the category slots of before contents; left alone)
 *   PERSON#<ref>     / ENT#<taxCode>             the enterprise has the person (owner or legal representative)
 *   RPFLAG#<year>    / <at>#<app>#<content>#<g>  Sở Tài chính's list of related-party flags
 *
 * Applications are indexed by programme, commune, enterprise and agency, each sorted by
 * `<createdAt>#<id>` (newest first when read backwards); a status narrows a listing by filter.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { queryAll, withoutKeys } from '../../../../shared/aws/dynamodb.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { decodeCursor, encodeCursor, type CursorScope, type Page } from '../../../../shared/http/pagination.ts';
import { UnitOfWork } from '../../../../shared/outbox/unit-of-work.ts';
import type { Application, ApplicationDocument } from '../../domain/application.ts';
import { OPEN_STATUSES } from '../../domain/application.ts';
import { grantWithDefaults, type Grant } from '../../domain/ledger.ts';
import { programmeWithDefaults, type Programme } from '../../domain/programme.ts';
import type { Person, RelatedPartyRecord } from '../../domain/related-parties.ts';
import {
  MAX_EXAMINED_PER_PAGE,
  slotId,
  type AdjustmentWrites,
  type ApplicationQuery,
  type ApprovalWrites,
  type SlotClaim,
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
/** A stored programme as the domain sees it: without the announcement marker, with its category's contents if it names none. */
const programmeOf = (item: Record<string, unknown>): Programme => programmeWithDefaults(withoutKeys<Programme>(item, ['announcedVersion']));

const programmeKey = (id: string) => ({ pk: `PROG#${id}`, sk: 'PROG' });
const applicationKey = (id: string) => ({ pk: `APP#${id}`, sk: 'APP' });
const documentKey = (applicationId: string, documentId: string) => ({ pk: `APP#${applicationId}`, sk: `DOC#${documentId}` });
const DOCUMENTS_FULL = 'The application has as many documents as it may carry';
const documentCountKey = (applicationId: string) => ({ pk: `APP#${applicationId}`, sk: 'DOCCOUNT' });
const enterpriseKey = (taxCode: string) => ({ pk: `ENT#${taxCode}`, sk: 'ENT' });
// Grants sort by the day granted (newest first when read backwards).
const grantKey = (g: Pick<Grant, 'taxCode' | 'grantedOn' | 'grantId'>) => ({
  pk: `ENT#${g.taxCode}`,
  sk: `GRANT#${g.grantedOn}#${g.grantId}`,
});
const slotKey = (taxCode: string, s: Pick<SlotClaim, 'contentId' | 'year'>) => ({
  pk: `ENT#${taxCode}`,
  sk: `SLOTC#${s.contentId}#${s.year}`,
});
const personKey = (personRef: string, taxCode: string) => ({ pk: `PERSON#${personRef}`, sk: `ENT#${taxCode}` });
const relatedPartyKey = (r: RelatedPartyRecord) => ({
  pk: `RPFLAG#${r.year}`,
  sk: `${r.flaggedAt}#${r.applicationId}#${r.contentId}#${r.relatedGrantId}`,
});
const grantOf = (item: Record<string, unknown>): Grant => grantWithDefaults(strip<Grant>(item));
/** A grant at `version`: one stored before versions had none (version 1). */
const grantVersionCondition = (version: number) =>
  version === 1 ? 'attribute_exists(pk) AND (attribute_not_exists(version) OR version = :v)' : 'version = :v';
const BATCH_WRITE = 25;
const BATCH_GET = 100;

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
    const page = await this.page<Programme>(
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
    return page;
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

  async programmeAndEnterprise(
    programmeId: string,
    taxCode: string,
  ): Promise<{ programme: Programme | undefined; enterprise: EnterpriseRecord | undefined }> {
    // One BatchGetItem instead of two GetItems; read as GetItem reads them (eventually consistent).
    const pk = { programme: programmeKey(programmeId).pk, enterprise: enterpriseKey(taxCode).pk };
    const items = await this.batchGet([programmeKey(programmeId), enterpriseKey(taxCode)], false);
    const programme = items.find((i) => i.pk === pk.programme);
    const enterprise = items.find((i) => i.pk === pk.enterprise);
    return {
      programme: programme ? programmeOf(programme) : undefined,
      enterprise: enterprise ? strip<EnterpriseRecord>(enterprise) : undefined,
    };
  }

  async getEnterprise(taxCode: string): Promise<EnterpriseRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: enterpriseKey(taxCode) }));
    return out.Item ? strip<EnterpriseRecord>(out.Item) : undefined;
  }

  async recordEnterprise(e: EnterpriseRecord): Promise<RecordOutcome> {
    // Idempotent by revision: a redelivered or older event fails the condition and changes nothing,
    // so no processed-message marker (and no transaction) is needed on this busy path. Its people's
    // links go first (idempotent puts): a crash after them is redone by the redelivery. A link of a
    // person the enterprise no longer has (a late older revision's, or a crash before the deletes)
    // is harmless: enterprisesSharing checks each link against the enterprise's current people.
    const refs = [...new Set((e.people ?? []).map((p) => p.personRef))];
    await this.batchWrite(refs.map((ref) => ({ PutRequest: { Item: { ...personKey(ref, e.taxCode), taxCode: e.taxCode } } })));
    let before: EnterpriseRecord | undefined;
    try {
      const out = await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...enterpriseKey(e.taxCode), ...e },
          ConditionExpression: 'attribute_not_exists(pk) OR revision < :r',
          ExpressionAttributeValues: { ':r': e.revision },
          ReturnValues: 'ALL_OLD',
        }),
      );
      before = out.Attributes as EnterpriseRecord | undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
    const gone = [...new Set((before?.people ?? []).map((p) => p.personRef))].filter((ref) => !refs.includes(ref));
    await this.batchWrite(gone.map((ref) => ({ DeleteRequest: { Key: personKey(ref, e.taxCode) } })));
    return 'applied';
  }

  /** BatchWriteItem, 25 at a time, retrying what DynamoDB leaves unprocessed. */
  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH_WRITE) {
      let pending = requests.slice(i, i + BATCH_WRITE);
      for (let attempt = 1; pending.length; attempt++) {
        const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending as never } }));
        pending = (out.UnprocessedItems?.[this.table] ?? []) as Record<string, unknown>[];
        if (pending.length && attempt >= 8) throw new Error(`${pending.length} writes stayed unprocessed in ${this.table}`);
        if (pending.length) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      }
    }
  }

  /** BatchGetItem (consistent unless told), 100 keys at a time, retrying what DynamoDB leaves unprocessed. */
  private async batchGet(keys: Record<string, string>[], consistent = true): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += BATCH_GET) {
      let pending = keys.slice(i, i + BATCH_GET);
      for (let attempt = 1; pending.length; attempt++) {
        const out = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: consistent } } }),
        );
        items.push(...(out.Responses?.[this.table] ?? []));
        pending = (out.UnprocessedKeys?.[this.table]?.Keys ?? []) as Record<string, string>[];
        if (pending.length && attempt >= 8) throw new Error(`${pending.length} reads stayed unprocessed in ${this.table}`);
        if (pending.length) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      }
    }
    return items;
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
          FilterExpression: `#status IN (${OPEN_STATUSES.map((_, i) => `:s${i}`).join(', ')})`,
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
      const g = a.grant;
      uow.add({
        Put: { TableName: this.table, Item: { ...grantKey(g), ...g }, ConditionExpression: 'attribute_not_exists(pk)' },
      });
      // Every (content, year) slot the grant covers moves on, if no other approval moved it since the check read it.
      for (const slot of a.slots) {
        uow.add(
          {
            Update: {
              TableName: this.table,
              Key: slotKey(g.taxCode, slot),
              UpdateExpression: 'SET n = :next, grantId = :g',
              ConditionExpression: slot.seen === 0 ? 'attribute_not_exists(pk)' : 'n = :seen',
              ExpressionAttributeValues: { ':next': slot.seen + 1, ':g': g.grantId, ...(slot.seen === 0 ? {} : { ':seen': slot.seen }) },
            },
          },
          `Another grant of ${slot.contentId} for ${g.taxCode} over ${slot.year} was approved meanwhile; retry to see it`,
        );
      }
      if (a.supersede) {
        const earlier = a.supersede.grant;
        uow.add(
          {
            Update: {
              TableName: this.table,
              Key: grantKey(earlier),
              UpdateExpression: 'SET supersededBy = list_append(if_not_exists(supersededBy, :none), :entry), version = :next',
              ConditionExpression: `${grantVersionCondition(earlier.version)} AND (attribute_not_exists(#status) OR #status <> :cancelled)`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':none': [],
                ':entry': [a.supersede.entry],
                ':next': earlier.version + 1,
                ':v': earlier.version,
                ':cancelled': 'cancelled',
              },
            },
          },
          `Grant ${earlier.grantId} was adjusted or superseded meanwhile; reload it and retry`,
        );
      }
      for (const r of a.relatedParties) uow.add({ Put: { TableName: this.table, Item: { ...relatedPartyKey(r), ...r } } });
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
    const page = await this.page<Grant>(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)',
        ExpressionAttributeValues: { ':pk': `ENT#${taxCode}`, ':g': 'GRANT#' },
        ScanIndexForward: false,
      },
      ['pk', 'sk'],
      q,
      { equal: { pk: `ENT#${taxCode}` }, startsWith: { sk: 'GRANT#' } },
    );
    return { ...page, items: page.items.map((g) => grantWithDefaults(g)) };
  }

  async allGrantsOf(taxCode: string): Promise<Grant[]> {
    const items = await queryAll(this.client, this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)',
      ExpressionAttributeValues: { ':pk': `ENT#${taxCode}`, ':g': 'GRANT#' },
      ConsistentRead: true,
      ScanIndexForward: false,
    });
    return items.map(grantOf);
  }

  async slotCounters(taxCode: string, slots: readonly Pick<SlotClaim, 'contentId' | 'year'>[]): Promise<Map<string, number>> {
    const items = await this.batchGet(slots.map((s) => slotKey(taxCode, s)));
    const counters = new Map<string, number>();
    for (const item of items) {
      const [, contentId, year] = /^SLOTC#(.+)#(\d{4})$/.exec(String(item.sk)) ?? [];
      if (contentId && year) counters.set(slotId({ contentId, year: Number(year) }), Number(item.n ?? 0));
    }
    return counters;
  }

  async getGrant(grantId: string): Promise<Grant | undefined> {
    // A grant's id is its application's: the application names the enterprise whose partition holds it.
    const app = await this.client.send(
      new GetCommand({ TableName: this.table, Key: applicationKey(grantId), ProjectionExpression: 'taxCode', ConsistentRead: true }),
    );
    const taxCode = app.Item?.taxCode as string | undefined;
    if (!taxCode) return undefined;
    return (await this.allGrantsOf(taxCode)).find((g) => g.grantId === grantId);
  }

  async saveGrant(next: Grant, expectedVersion: number, extra: AdjustmentWrites): Promise<void> {
    const uow = this.uow().add(
      {
        Put: {
          TableName: this.table,
          Item: { ...grantKey(next), ...next },
          ConditionExpression: grantVersionCondition(expectedVersion),
          ExpressionAttributeValues: { ':v': expectedVersion },
        },
      },
      `Grant ${next.grantId} was changed meanwhile (expected version ${expectedVersion}); reload it and retry`,
    );
    if (extra.release) {
      uow.add(
        {
          Update: {
            TableName: this.table,
            Key: programmeKey(extra.release.programmeId),
            UpdateExpression: 'SET committedVnd = committedVnd - :r',
            ConditionExpression: 'committedVnd >= :r',
            ExpressionAttributeValues: { ':r': extra.release.amountVnd },
          },
        },
        `The programme has less than ${extra.release.amountVnd} VND committed; reload the grant and retry`,
      );
    }
    for (const e of extra.events) uow.publish(e);
    await uow.commit();
  }

  async enterprisesSharing(taxCode: string, people: readonly Person[], limit: number): Promise<{ taxCode: string; people: Person[] }[]> {
    const refs = [...new Set(people.map((p) => p.personRef))];
    const others = new Set<string>();
    for (const ref of refs) {
      // At most limit + 1 links per person: the enterprise itself may be among them.
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `PERSON#${ref}` },
          Limit: limit + 1,
        }),
      );
      for (const item of out.Items ?? []) if (item.taxCode !== taxCode && others.size < limit) others.add(String(item.taxCode));
    }
    if (!others.size) return [];
    const records = await this.batchGet([...others].map((t) => enterpriseKey(t)));
    const wanted = new Set(refs);
    return records
      .map((i) => strip<EnterpriseRecord>(i))
      .filter((e) => (e.people ?? []).some((p) => wanted.has(p.personRef)))
      .map((e) => ({ taxCode: e.taxCode, people: e.people ?? [] }))
      .sort((a, b) => a.taxCode.localeCompare(b.taxCode));
  }

  async relatedPartyRecords(year: number, q: PageRequest): Promise<Page<RelatedPartyRecord>> {
    return this.page<RelatedPartyRecord>(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `RPFLAG#${year}` }, ScanIndexForward: false },
      ['pk', 'sk'],
      q,
      { equal: { pk: `RPFLAG#${year}` } },
    );
  }
}
