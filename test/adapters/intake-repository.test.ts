/**
 * Intake's DynamoDB repository against the local runtime's own records table (`intake-records`),
 * as the deployed handlers use it. Other tests share that table: every test makes its own ids, tax
 * codes, programme codes, agencies and communes, and never assumes it (or the programme catalogue)
 * is empty.
 *
 * Its outbox is a table of its own, with no stream: the runtime's relay reads `intake-outbox`, and
 * this file's events (made-up communes such as `test-commune-…`, agencies, programmes) written
 * there were delivered to scoring, matching and reporting — reporting counted them, and the
 * quarterly open data of a full-suite run carried those made-up communes as cells.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '../../shared/contracts/index.ts';
import { makeDocumentClient } from '../../shared/aws/clients.ts';
import { newEnvelope, type Envelope } from '../../shared/contracts/envelope.ts';
import { ConflictError, ValidationError } from '../../shared/errors.ts';
import type { Page } from '../../shared/http/pagination.ts';
import { localNames } from '../../shared/manifest.ts';
import { DynamoDbIntakeRepository } from '../../services/intake/adapters/outbound/dynamodb-intake-repository.ts';
import type { EnterpriseRecord } from '../../services/intake/app/ports.ts';
import { evolve, type Application, type ApplicationDocument, type Status } from '../../services/intake/domain/application.ts';
import { type Grant, yearPeriod, yearsOf } from '../../services/intake/domain/ledger.ts';
import type { RelatedPartyRecord } from '../../services/intake/domain/related-parties.ts';
import { slotId, type ApprovalWrites } from '../../services/intake/app/ports.ts';
import type { Programme } from '../../services/intake/domain/programme.ts';
import { createTable, localClients, uniqueName } from '../support/aws.ts';

const TABLE = localNames.table('intake', 'records');
// Same key as the service's outbox (`id`), no stream: nothing written here is relayed.
const OUTBOX = uniqueName('intake-repository-outbox');

// The client as the handlers build it (shared/aws/clients.ts), pointed at this run's DynamoDB Local.
const doc = makeDocumentClient({ AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb, AWS_REGION: 'us-east-1' });
const repo = new DynamoDbIntakeRepository(doc, TABLE, OUTBOX);

beforeAll(async () => {
  await createTable(localClients().db, OUTBOX, { pk: 'id' });
});
afterAll(() => doc.destroy());

// ---------------------------------------------------------------------------------------------
// Fixtures: fresh identities per call.

const rand = () => randomUUID().slice(0, 8);
const taxCode = () => String(randomInt(1_000_000_000, 9_999_999_999));
const agency = () => `test-agency-${rand()}`;
const commune = () => `test-commune-${rand()}`;
const contact = { name: 'Nguyễn Thị Lan', phone: '0912 345 678', email: 'lan@example.vn' };

function programme(o: Partial<Programme> = {}): Programme {
  const at = '2026-01-05T03:00:00.000Z';
  return {
    id: randomUUID(),
    code: `T-${rand().toUpperCase()}`,
    name: 'Chương trình hỗ trợ thử nghiệm',
    category: 'supporting-industry',
    ownerAgency: agency(),
    opensOn: '2026-01-01',
    closesOn: '2030-12-31',
    budgetVnd: 1_000_000_000,
    processingDays: 30,
    requiredDocuments: ['business-registration', 'financial-statements'],
    eligibility: { sizeClasses: ['micro', 'small', 'medium'], vsicSections: ['C'], requireActive: true },
    rubric: { id: 'cnht-general', version: 1 },
    questions: [{ id: 'labourProductivityGrowthPct', label: 'Labour productivity improvement', type: 'percent', required: true }],
    annualTargets: [{ target: 'cnht-connection', count: 10 }],
    supportContents: ['cnht/technology'],
    committedVnd: 0,
    version: 1,
    createdAt: at,
    createdBy: 'officer-1',
    updatedAt: at,
    ...o,
  };
}

function application(p: Programme, o: Partial<Application> = {}): Application {
  const createdAt = o.createdAt ?? new Date().toISOString();
  return {
    id: randomUUID(),
    programmeId: p.id,
    programmeCode: p.code,
    agency: p.ownerAgency,
    category: p.category,
    taxCode: taxCode(),
    enterpriseName: 'Công ty TNHH Cơ khí Chính xác Hà Nội',
    communeCode: commune(),
    requestedAmountVnd: 100_000_000,
    answers: { labourProductivityGrowthPct: 12.5 },
    contact,
    status: 'draft',
    version: 1,
    createdAt,
    createdBy: 'enterprise-user-1',
    updatedAt: createdAt,
    flags: [],
    timeline: [{ at: createdAt, by: 'enterprise-user-1', action: 'created', to: 'draft' }],
    ...o,
  };
}

/** The next version, moved to `to`. */
const moved = (app: Application, to: Status, at = new Date().toISOString()) =>
  evolve(
    app,
    { status: to },
    {
      at,
      by: 'officer-1',
      action:
        to === 'draft'
          ? 'created'
          : to === 'awaiting-supplement'
            ? 'supplement-requested'
            : (to as Exclude<Status, 'draft' | 'awaiting-supplement'>),
      from: app.status,
      to,
    },
  );

function grantFor(app: Application, p: Programme, o: Partial<Grant> = {}): Grant {
  const year = o.year ?? 2026;
  return {
    grantId: app.id,
    applicationId: app.id,
    taxCode: app.taxCode,
    programmeId: p.id,
    programmeCode: p.code,
    agency: p.ownerAgency,
    category: p.category,
    contents: [...p.supportContents],
    period: yearPeriod(year),
    amountVnd: 50_000_000,
    grantedAmountVnd: o.amountVnd ?? 50_000_000,
    year,
    grantedOn: `${year}-03-02`,
    status: 'active',
    supersededBy: [],
    adjustments: [],
    version: 1,
    ...o,
  };
}

const submittedEvent = (app: Application) =>
  newEnvelope({
    type: 'application.submitted',
    source: 'intake',
    data: {
      applicationId: app.id,
      programmeId: app.programmeId,
      programmeCode: app.programmeCode,
      agency: app.agency,
      category: app.category,
      taxCode: app.taxCode,
      communeCode: app.communeCode,
      rubric: { id: 'cnht-general', version: 1 },
      answers: app.answers,
      requestedAmountVnd: app.requestedAmountVnd,
      submittedAt: '2026-03-01T02:00:00.000Z',
      dueOn: '2026-03-31',
      enterprise: { revision: 3, sizeClass: 'small', vsicMain: '2592', employees: 42, revenueVnd: 35_000_000_000 },
    },
  });

const grantedEvent = (g: Grant, communeCode: string) =>
  newEnvelope({
    type: 'support.granted',
    source: 'intake',
    data: {
      grantId: g.grantId,
      applicationId: g.applicationId,
      programmeId: g.programmeId,
      programmeCode: g.programmeCode,
      agency: g.agency,
      category: g.category,
      taxCode: g.taxCode,
      communeCode,
      vsicMain: '2592',
      amountVnd: g.amountVnd,
      year: g.year,
      grantedOn: g.grantedOn,
      targets: ['cnht-connection'],
      contents: g.contents,
      period: g.period,
    },
  });

async function outboxItem(e: Envelope) {
  return (await doc.send(new GetCommand({ TableName: OUTBOX, Key: { id: e.id } }))).Item;
}

async function rawItem(pk: string, sk: string) {
  return (await doc.send(new GetCommand({ TableName: TABLE, Key: { pk, sk } }))).Item;
}

async function created(p: Programme): Promise<Programme> {
  await repo.createProgramme(p);
  return p;
}

async function stored(app: Application): Promise<Application> {
  await repo.createApplication(app);
  return app;
}

/**
 * Approve `app` (as the decide use case does): the application, its grant, its slots (counters as
 * read now, unless `seen` says otherwise), budget, supersession, related-party rows and event.
 */
async function approve(
  app: Application,
  p: Programme,
  o: {
    amountVnd?: number;
    budgetVnd?: number;
    seen?: number;
    grant?: Partial<Grant>;
    supersede?: ApprovalWrites['supersede'];
    relatedParties?: RelatedPartyRecord[];
  } = {},
) {
  const amountVnd = o.amountVnd ?? 50_000_000;
  const grant = grantFor(app, p, { amountVnd, grantedAmountVnd: amountVnd, ...o.grant });
  const keys = grant.contents.flatMap((contentId) => yearsOf(grant.period).map((year) => ({ contentId, year })));
  const counters = await repo.slotCounters(app.taxCode, keys);
  const slots = keys.map((k) => ({ ...k, seen: o.seen ?? counters.get(slotId(k)) ?? 0 }));
  const at = new Date().toISOString();
  const next = evolve(
    app,
    { status: 'approved', decision: { outcome: 'approved', amountVnd, reason: null, by: 'officer-1', at, onTime: true } },
    { at, by: 'officer-1', action: 'approved', from: app.status, to: 'approved' },
  );
  const event = grantedEvent(grant, app.communeCode);
  const attempt = repo.saveApplication(next, app.version, {
    events: [event],
    approval: {
      grant,
      slots,
      budget: { programmeId: p.id, amountVnd, budgetVnd: o.budgetVnd ?? p.budgetVnd },
      ...(o.supersede ? { supersede: o.supersede } : {}),
      relatedParties: o.relatedParties ?? [],
    },
  });
  return { next, grant, event, attempt };
}

/** Every page of a paged query, with the pages' sizes. */
async function allPages<T>(fetch: (cursor: string | undefined) => Promise<Page<T>>) {
  const items: T[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const page = await fetch(cursor);
    items.push(...page.items);
    sizes.push(page.items.length);
    if (page.nextCursor === null) return { items, sizes };
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

const ids = (items: readonly { id: string }[]) => items.map((i) => i.id);
const forged = (key: unknown) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

// ---------------------------------------------------------------------------------------------

describe('programmes', () => {
  it('createProgramme stores the programme (indexed by code) and claims its code; getProgramme round-trips it', async () => {
    const p = await created(programme({ maxAmountVnd: 200_000_000 }));

    expect(await repo.getProgramme(p.id)).toEqual(p);
    expect(await rawItem(`PROG#${p.id}`, 'PROG')).toMatchObject({ gsi1pk: 'PROGRAMMES', gsi1sk: p.code, committedVnd: 0, version: 1 });
    expect(await rawItem(`PROGCODE#${p.code}`, 'PROGCODE')).toEqual({ pk: `PROGCODE#${p.code}`, sk: 'PROGCODE', programmeId: p.id });
    expect(await repo.getProgramme(randomUUID())).toBeUndefined();
  });

  it('refuses a second programme with the same code, naming the code, and stores nothing of it', async () => {
    const first = await created(programme());
    const second = programme({ code: first.code });

    const attempt = repo.createProgramme(second);

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(first.code);
    expect(await repo.getProgramme(second.id)).toBeUndefined();
    expect(await rawItem(`PROGCODE#${first.code}`, 'PROGCODE')).toMatchObject({ programmeId: first.id });
  });

  it('listProgrammes filters by agency, by category, and by both', async () => {
    const a = agency();
    const b = agency();
    const a1 = await created(programme({ ownerAgency: a, category: 'trade-promotion' }));
    const a2 = await created(programme({ ownerAgency: a, category: 'trade-promotion' }));
    const a3 = await created(programme({ ownerAgency: a, category: 'consulting' }));
    const b1 = await created(programme({ ownerAgency: b, category: 'trade-promotion' }));

    const byAgency = await allPages((cursor) => repo.listProgrammes({ limit: 100, cursor, agency: a }));
    const both = await allPages((cursor) => repo.listProgrammes({ limit: 100, cursor, agency: a, category: 'trade-promotion' }));
    const byCategory = await allPages((cursor) => repo.listProgrammes({ limit: 100, cursor, category: 'trade-promotion' }));

    expect(ids(byAgency.items).sort()).toEqual([a1.id, a2.id, a3.id].sort());
    expect(byAgency.items.find((p) => p.id === a3.id)).toEqual(a3); // no key attributes leak out
    expect(ids(both.items).sort()).toEqual([a1.id, a2.id].sort());
    expect(ids(byCategory.items)).toEqual(expect.arrayContaining([a1.id, a2.id, b1.id]));
    expect(ids(byCategory.items)).not.toContain(a3.id);
    expect(byCategory.items.every((p) => p.category === 'trade-promotion')).toBe(true);
  });

  it('pages through programmes with limit + cursor: every one once, in code order', async () => {
    const a = agency();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await created(programme({ ownerAgency: a })));

    const { items, sizes } = await allPages((cursor) => repo.listProgrammes({ limit: 2, cursor, agency: a }));

    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(sizes.every((n) => n <= 2)).toBe(true);
    expect(ids(items)).toHaveLength(5);
    expect(new Set(ids(items))).toEqual(new Set(ids(made)));
    const codes = items.map((p) => p.code);
    expect(codes).toEqual([...codes].sort());
  });

  it('refuses a cursor it did not issue with a ValidationError', async () => {
    for (const cursor of [
      'not-a-cursor',
      forged({ pk: 'PROG#x' }),
      forged({ pk: 'PROG#x', sk: 'PROG', gsi1pk: 'PROGRAMMES', gsi1sk: 'A', extra: 'x' }),
      forged([1, 2]),
    ]) {
      await expect(repo.listProgrammes({ limit: 10, cursor })).rejects.toThrow(ValidationError);
    }
  });

  it('replaceProgramme writes the next version at the expected version', async () => {
    const p = await created(programme());
    const next = { ...p, name: 'Chương trình đã đổi tên', budgetVnd: 2_000_000_000, version: 2, updatedAt: '2026-02-01T00:00:00.000Z' };

    await repo.replaceProgramme(next, 1);

    expect(await repo.getProgramme(p.id)).toEqual(next);
  });

  it('replaceProgramme refuses a stale expected version and changes nothing', async () => {
    const p = await created(programme());
    const v2 = { ...p, name: 'Version two', version: 2 };
    await repo.replaceProgramme(v2, 1);

    const attempt = repo.replaceProgramme({ ...p, name: 'Lost update', version: 2 }, 1);

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow('expected version 1');
    expect(await repo.getProgramme(p.id)).toEqual(v2);
  });

  it('replaceProgramme refuses to overwrite a committedVnd that moved since the programme was read', async () => {
    const p = await created(programme());
    const read = (await repo.getProgramme(p.id))!;
    // Meanwhile an approval commits 50M.
    const { attempt } = await approve(await stored(application(p, { status: 'scored' })), p, { amountVnd: 50_000_000 });
    await attempt;

    const replace = repo.replaceProgramme({ ...read, name: 'Edited from a stale read', version: read.version + 1 }, read.version);

    await expect(replace).rejects.toThrow(ConflictError);
    expect(await repo.getProgramme(p.id)).toEqual({ ...p, committedVnd: 50_000_000 });
  });

  it('a code change moves the code claim: the old code is free again, the new one is taken', async () => {
    const p = await created(programme());
    const newCode = `T-${rand().toUpperCase()}`;

    await repo.replaceProgramme({ ...p, code: newCode, version: 2 }, 1);

    expect(await repo.getProgramme(p.id)).toMatchObject({ code: newCode, version: 2 });
    expect(await rawItem(`PROG#${p.id}`, 'PROG')).toMatchObject({ gsi1sk: newCode });
    expect(await rawItem(`PROGCODE#${p.code}`, 'PROGCODE')).toBeUndefined();
    expect(await rawItem(`PROGCODE#${newCode}`, 'PROGCODE')).toMatchObject({ programmeId: p.id });
    const reuser = await created(programme({ code: p.code }));
    expect(await repo.getProgramme(reuser.id)).toMatchObject({ code: p.code });
    await expect(repo.createProgramme(programme({ code: newCode }))).rejects.toThrow(ConflictError);
  });

  it('a code change to a code another programme holds is a conflict naming the code, and changes nothing', async () => {
    const p = await created(programme());
    const other = await created(programme());

    const attempt = repo.replaceProgramme({ ...p, code: other.code, version: 2 }, 1);

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(other.code);
    expect(await repo.getProgramme(p.id)).toEqual(p);
    expect(await rawItem(`PROGCODE#${p.code}`, 'PROGCODE')).toMatchObject({ programmeId: p.id });
    expect(await rawItem(`PROGCODE#${other.code}`, 'PROGCODE')).toMatchObject({ programmeId: other.id });
  });

  it('replaceProgramme of a programme that does not exist is a conflict and creates nothing', async () => {
    const ghost = programme();

    await expect(repo.replaceProgramme({ ...ghost, version: 2 }, 1)).rejects.toThrow(
      new ConflictError(`Programme ${ghost.id} no longer exists`),
    );

    expect(await repo.getProgramme(ghost.id)).toBeUndefined();
    expect(await rawItem(`PROGCODE#${ghost.code}`, 'PROGCODE')).toBeUndefined();
  });

  it('createProgramme with an id that exists is a conflict and leaves its new code unclaimed', async () => {
    const p = await created(programme());
    const again = { ...p, code: `T-${rand().toUpperCase()}`, name: 'Overwrite attempt' };

    await expect(repo.createProgramme(again)).rejects.toThrow(ConflictError);

    expect(await repo.getProgramme(p.id)).toEqual(p);
    expect(await rawItem(`PROGCODE#${again.code}`, 'PROGCODE')).toBeUndefined();
  });

  it('hasApplications is false for a programme without applications and true once one names it', async () => {
    const p = await created(programme());
    const other = await created(programme());
    expect(await repo.hasApplications(p.id)).toBe(false);

    await repo.createApplication(application(other));
    expect(await repo.hasApplications(p.id)).toBe(false);

    await repo.createApplication(application(p, { status: 'withdrawn' }));
    expect(await repo.hasApplications(p.id)).toBe(true);
  });
});

describe('enterprises', () => {
  const enterprise = (tax: string, revision: number, o: Partial<EnterpriseRecord> = {}): EnterpriseRecord => ({
    taxCode: tax,
    name: `Công ty TNHH Thử nghiệm r${revision}`,
    revision,
    legalForm: 'llc',
    communeCode: '00004',
    status: 'active',
    foundedOn: '2015-06-01',
    vsic: { version: '2018', main: '2592', others: ['2599', '4659'] },
    employees: 42,
    revenueVnd: 35_000_000_000,
    totalCapitalVnd: 12_000_000_000,
    sizeClass: { class: 'small', sectorGroup: 'industry-construction' },
    updatedAt: `2026-01-0${Math.min(revision, 9)}T00:00:00.000Z`,
    ...o,
  });

  it('recordEnterprise keeps only newer revisions: first and higher are applied, same and lower are stale', async () => {
    const tax = taxCode();
    const r3 = enterprise(tax, 3);
    expect(await repo.getEnterprise(tax)).toBeUndefined();

    expect(await repo.recordEnterprise(r3)).toBe('applied');
    expect(await repo.getEnterprise(tax)).toEqual(r3);

    expect(await repo.recordEnterprise(enterprise(tax, 3, { name: 'Redelivered, changed' }))).toBe('stale');
    expect(await repo.getEnterprise(tax)).toEqual(r3);

    expect(await repo.recordEnterprise(enterprise(tax, 2, { status: 'suspended' }))).toBe('stale');
    expect(await repo.getEnterprise(tax)).toEqual(r3);

    const r4 = enterprise(tax, 4, { status: 'suspended', employees: 40 });
    expect(await repo.recordEnterprise(r4)).toBe('applied');
    expect(await repo.getEnterprise(tax)).toEqual(r4);
  });
});

describe('applications: create and read', () => {
  it('createApplication without events stores the whole application, indexed four ways, and round-trips it', async () => {
    const p = await created(programme());
    const createdAt = '2026-03-01T02:00:00.000Z';
    const app = application(p, {
      createdAt,
      status: 'scored',
      version: 3,
      answers: {
        labourProductivityGrowthPct: 12.5,
        exporter: true,
        markets: ['JP', 'KR'],
        plan: { years: 3, steps: [{ name: 'CNC', costVnd: 1_200_000_000 }], note: '' },
      },
      submittedAt: '2026-03-01T02:05:00.000Z',
      dueOn: '2026-03-31',
      snapshot: {
        revision: 3,
        name: 'Công ty TNHH Cơ khí Chính xác Hà Nội',
        legalForm: 'llc',
        communeCode: '00004',
        status: 'active',
        foundedOn: '2015-06-01',
        vsic: { version: '2018', main: '2592', others: [] },
        employees: 42,
        revenueVnd: 35_000_000_000,
        totalCapitalVnd: 12_000_000_000,
        sizeClass: { class: 'small', sectorGroup: 'industry-construction' },
        takenAt: '2026-03-01T02:05:00.000Z',
      },
      score: { rubric: { id: 'cnht-general', version: 1 }, totalPoints: 72.5, maxPoints: 100, scoredAt: '2026-03-02T00:00:00.000Z' },
      flags: [{ kind: 'enterprise-suspended', revision: 4, at: '2026-03-03T00:00:00.000Z', detail: 'suspended by the tax authority' }],
      timeline: [
        { at: createdAt, by: 'enterprise-user-1', action: 'created', to: 'draft' },
        { at: '2026-03-01T02:05:00.000Z', by: 'enterprise-user-1', action: 'submitted', from: 'draft', to: 'submitted' },
        { at: '2026-03-02T00:00:00.000Z', by: 'system:scoring', action: 'scored', from: 'submitted', to: 'scored' },
        { at: '2026-03-03T00:00:00.000Z', by: 'system:registry', action: 'flagged', detail: 'enterprise-suspended' },
      ],
    });

    await repo.createApplication(app);

    expect(await repo.getApplication(app.id)).toEqual(app);
    const sort = `${createdAt}#${app.id}`;
    expect(await rawItem(`APP#${app.id}`, 'APP')).toMatchObject({
      gsi1pk: `PROG#${p.id}`,
      gsi1sk: sort,
      gsi2pk: `COMMUNE#${app.communeCode}`,
      gsi2sk: sort,
      gsi3pk: `ENT#${app.taxCode}`,
      gsi3sk: sort,
      gsi4pk: `AGENCY#${p.ownerAgency}`,
      gsi4sk: sort,
    });
    expect(await repo.getApplication(randomUUID())).toBeUndefined();
  });

  it('createApplication refuses an id that exists, with and without events, and writes no event', async () => {
    const p = await created(programme());
    const app = await stored(application(p));
    const event = submittedEvent(app);

    await expect(repo.createApplication({ ...app, enterpriseName: 'Other' })).rejects.toThrow(
      new ConflictError(`Application ${app.id} already exists`),
    );
    await expect(repo.createApplication({ ...app, enterpriseName: 'Other' }, [event])).rejects.toThrow(ConflictError);

    expect(await repo.getApplication(app.id)).toEqual(app);
    expect(await outboxItem(event)).toBeUndefined();
  });

  it('createApplication with an event writes the application and the outbox record together', async () => {
    const p = await created(programme());
    const app = application(p, { status: 'submitted' });
    const event = submittedEvent(app);

    await repo.createApplication(app, [event]);

    expect(await repo.getApplication(app.id)).toEqual(app);
    const record = await outboxItem(event);
    expect(record).toMatchObject({ id: event.id, type: 'application.submitted', expiresAt: expect.any(Number) });
    expect(JSON.parse(record!.envelope as string)).toEqual(event);
  });

  it('createApplication refuses an event that does not match its contract, and writes nothing', async () => {
    const p = await created(programme());
    const app = application(p);
    const bad = newEnvelope({ type: 'application.submitted', source: 'intake', data: { applicationId: app.id } });

    await expect(repo.createApplication(app, [bad])).rejects.toThrow();

    expect(await repo.getApplication(app.id)).toBeUndefined();
    expect(await outboxItem(bad)).toBeUndefined();
  });
});

describe('applications: saveApplication', () => {
  it('writes the next version at the expected version', async () => {
    const p = await created(programme());
    const app = await stored(application(p));
    const next = moved(app, 'submitted');

    expect(await repo.saveApplication(next, 1)).toBe('committed');

    expect(await repo.getApplication(app.id)).toEqual(next);
    expect(await rawItem(`APP#${app.id}`, 'APP')).toMatchObject({ gsi1sk: `${app.createdAt}#${app.id}`, status: 'submitted', version: 2 });
  });

  it('refuses a wrong expected version, alone or with events, and changes nothing', async () => {
    const p = await created(programme());
    const app = await stored(application(p));
    const v2 = moved(app, 'submitted');
    await repo.saveApplication(v2, 1);
    const stale = moved(app, 'withdrawn');
    const event = submittedEvent(app);

    await expect(repo.saveApplication(stale, 1)).rejects.toThrow(ConflictError);
    await expect(repo.saveApplication(stale, 1)).rejects.toThrow('expected version 1');
    await expect(repo.saveApplication(stale, 1, { events: [event] })).rejects.toThrow(ConflictError);
    await expect(repo.saveApplication(stale, 3, { events: [event] })).rejects.toThrow('expected version 3');

    expect(await repo.getApplication(app.id)).toEqual(v2);
    expect(await outboxItem(event)).toBeUndefined();
  });

  it('writes its events to the outbox in the same transaction', async () => {
    const p = await created(programme());
    const app = await stored(application(p));
    const next = moved(app, 'submitted');
    const events = [submittedEvent(next), submittedEvent(next)];

    expect(await repo.saveApplication(next, 1, { events })).toBe('committed');

    expect(await repo.getApplication(app.id)).toEqual(next);
    for (const e of events) expect(JSON.parse((await outboxItem(e))!.envelope as string)).toEqual(e);
  });

  it('with a messageId, a second delivery is a duplicate and changes nothing', async () => {
    const p = await created(programme());
    const app = await stored(application(p, { status: 'submitted' }));
    const messageId = randomUUID();
    const v2 = moved(app, 'scored');
    const redelivered = {
      ...moved(v2, 'scored'),
      score: { rubric: { id: 'cnht-general', version: 1 }, totalPoints: 10, maxPoints: 100, scoredAt: '2026-03-05T00:00:00.000Z' },
    };
    const event = submittedEvent(app);

    expect(await repo.saveApplication(v2, 1, { messageId })).toBe('committed');
    // At the current version, so only the processed-message marker can refuse it.
    expect(await repo.saveApplication(redelivered, 2, { messageId, events: [event] })).toBe('duplicate');

    // A redelivery built from the version the first delivery read is a duplicate too, not a conflict.
    expect(await repo.saveApplication(v2, 1, { messageId })).toBe('duplicate');

    expect(await repo.getApplication(app.id)).toEqual(v2);
    expect(await outboxItem(event)).toBeUndefined();
    expect(await rawItem(`INBOX#${messageId}`, `INBOX#${messageId}`)).toMatchObject({ expiresAt: expect.any(Number) });
  });

  it('an approval writes the grant, moves its slot counters on, commits the budget and publishes, with the application', async () => {
    const p = await created(programme({ budgetVnd: 1_000_000_000 }));
    const app = await stored(application(p, { status: 'scored' }));

    const { next, grant, event, attempt } = await approve(app, p, { amountVnd: 80_000_000 });

    expect(await attempt).toBe('committed');
    expect(await repo.getApplication(app.id)).toEqual(next);
    expect(await repo.allGrantsOf(app.taxCode)).toEqual([grant]);
    expect((await repo.grantsOf(app.taxCode)).items).toEqual([grant]);
    expect(await repo.getGrant(grant.grantId)).toEqual(grant);
    expect(await rawItem(`ENT#${app.taxCode}`, 'SLOTC#cnht/technology#2026')).toMatchObject({ n: 1, grantId: grant.grantId });
    expect(
      await repo.slotCounters(app.taxCode, [
        { contentId: 'cnht/technology', year: 2026 },
        { contentId: 'premises/rent', year: 2026 },
      ]),
    ).toEqual(new Map([['cnht/technology#2026', 1]]));
    expect((await repo.getProgramme(p.id))?.committedVnd).toBe(80_000_000);
    expect(JSON.parse((await outboxItem(event))!.envelope as string)).toEqual(event);
  });

  it('a second approval of the same content committing against a slot counter moved since it was read is a conflict and writes nothing', async () => {
    const p = await created(programme());
    const other = await created(programme({ category: 'consulting', supportContents: ['consulting/legal', 'cnht/technology'] }));
    const tax = taxCode();
    const first = await stored(application(p, { status: 'scored', taxCode: tax }));
    const second = await stored(application(other, { status: 'scored', taxCode: tax }));
    // Both read the counters (none) before either commits.
    const firstApproval = await approve(first, p, { seen: 0 });
    await firstApproval.attempt;

    const { event, attempt } = await approve(second, other, { seen: 0 });

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(`Another grant of cnht/technology for ${tax} over 2026 was approved meanwhile; retry to see it`);
    expect(await repo.getApplication(second.id)).toEqual(second);
    expect(await repo.allGrantsOf(tax)).toEqual([firstApproval.grant]);
    expect(await rawItem(`ENT#${tax}`, 'SLOTC#consulting/legal#2026')).toBeUndefined();
    expect((await repo.getProgramme(other.id))?.committedVnd).toBe(0);
    expect(await outboxItem(event)).toBeUndefined();
  });

  it('an approval of another content of the same category has slots of its own: a second grant in the same year', async () => {
    const p = await created(programme());
    const rent = await created(programme({ category: p.category, supportContents: ['premises/rent'] }));
    const tax = taxCode();
    const first = await approve(await stored(application(p, { status: 'scored', taxCode: tax })), p, { seen: 0 });
    await first.attempt;

    const second = await approve(await stored(application(rent, { status: 'scored', taxCode: tax })), rent, { seen: 0 });

    expect(await second.attempt).toBe('committed');
    expect((await repo.allGrantsOf(tax)).map((g) => g.grantId).sort()).toEqual([first.grant.grantId, second.grant.grantId].sort());
  });

  it('a period over two years moves the counters of both years', async () => {
    const p = await created(programme());
    const app = await stored(application(p, { status: 'scored' }));

    await (await approve(app, p, { grant: { period: { from: '2026-07-01', to: '2027-06-30' } } })).attempt;

    expect(await rawItem(`ENT#${app.taxCode}`, 'SLOTC#cnht/technology#2026')).toMatchObject({ n: 1 });
    expect(await rawItem(`ENT#${app.taxCode}`, 'SLOTC#cnht/technology#2027')).toMatchObject({ n: 1 });
  });

  it('a supersession is recorded on the earlier grant at its version, and refused (nothing written) once that moved', async () => {
    const p = await created(programme());
    const other = await created(programme());
    const tax = taxCode();
    const first = await approve(await stored(application(p, { status: 'scored', taxCode: tax })), p);
    await first.attempt;
    const entry = {
      grantId: 'x',
      agency: other.ownerAgency,
      programmeCode: other.code,
      contents: ['cnht/technology'],
      reason: 'more favourable',
      at: 'T',
      by: 'u',
    };

    const secondApp = await stored(application(other, { status: 'scored', taxCode: tax }));
    const second = await approve(secondApp, other, { supersede: { grant: first.grant, entry: { ...entry, grantId: secondApp.id } } });
    expect(await second.attempt).toBe('committed');
    expect(await repo.getGrant(first.grant.grantId)).toMatchObject({ version: 2, supersededBy: [{ ...entry, grantId: secondApp.id }] });

    // Against the stale version 1: refused, nothing written.
    const third = await stored(application(other, { status: 'scored', taxCode: tax }));
    const stale = await approve(third, other, { supersede: { grant: first.grant, entry: { ...entry, grantId: third.id } } });
    await expect(stale.attempt).rejects.toThrow(`Grant ${first.grant.grantId} was adjusted or superseded meanwhile`);
    expect(await repo.getApplication(third.id)).toEqual(third);
    expect((await repo.getGrant(first.grant.grantId))!.supersededBy).toHaveLength(1);
  });

  it('refuses an approval over the remaining budget and writes nothing; one that fits exactly is accepted', async () => {
    const p = await created(programme({ budgetVnd: 100_000_000 }));
    const a1 = await stored(application(p, { status: 'scored' }));
    const a2 = await stored(application(p, { status: 'scored' }));
    const a3 = await stored(application(p, { status: 'scored' }));
    await (await approve(a1, p, { amountVnd: 60_000_000 })).attempt;

    const over = await approve(a2, p, { amountVnd: 50_000_000 });

    await expect(over.attempt).rejects.toThrow(ConflictError);
    await expect(over.attempt).rejects.toThrow('50000000 VND no longer fits');
    expect(await repo.getApplication(a2.id)).toEqual(a2);
    expect(await repo.allGrantsOf(a2.taxCode)).toEqual([]);
    expect(await rawItem(`ENT#${a2.taxCode}`, 'SLOTC#cnht/technology#2026')).toBeUndefined();
    expect((await repo.getProgramme(p.id))?.committedVnd).toBe(60_000_000);
    expect(await outboxItem(over.event)).toBeUndefined();

    const exact = await approve(a3, p, { amountVnd: 40_000_000 });
    expect(await exact.attempt).toBe('committed');
    expect((await repo.getProgramme(p.id))?.committedVnd).toBe(100_000_000);
  });

  it('refuses an approval made against a budget the programme no longer has, and writes nothing', async () => {
    const p = await created(programme({ budgetVnd: 1_000_000_000 }));
    // The budget was lowered after the officer read the programme.
    await repo.replaceProgramme({ ...p, budgetVnd: 500_000_000, version: 2 }, 1);
    const app = await stored(application(p, { status: 'scored' }));

    const { event, attempt } = await approve(app, p, { amountVnd: 10_000_000, budgetVnd: 1_000_000_000 });

    await expect(attempt).rejects.toThrow(ConflictError);
    expect(await repo.getApplication(app.id)).toEqual(app);
    expect(await repo.allGrantsOf(app.taxCode)).toEqual([]);
    expect((await repo.getProgramme(p.id))?.committedVnd).toBe(0);
    expect(await outboxItem(event)).toBeUndefined();
  });
});

describe('applications: listing', () => {
  it('lists by programme, commune or tax code, and by agency by default, narrowing with the other filters', async () => {
    const a = agency();
    const p1 = await created(programme({ ownerAgency: a }));
    const p2 = await created(programme({ ownerAgency: a }));
    const [c1, c2] = [commune(), commune()];
    const [t1, t2] = [taxCode(), taxCode()];
    const x1 = await stored(application(p1, { communeCode: c1, taxCode: t1 }));
    const x2 = await stored(application(p1, { communeCode: c2, taxCode: t1 }));
    const x3 = await stored(application(p2, { communeCode: c1, taxCode: t2 }));
    // Another agency's application in the same commune, for the same enterprise.
    const y = await stored(application(await created(programme()), { communeCode: c1, taxCode: t1 }));
    const list = async (q: { programmeId?: string; commune?: string; taxCode?: string; agency?: string }) =>
      ids((await allPages((cursor) => repo.listApplications({ limit: 100, cursor, agencyIndex: a, ...q }))).items).sort();

    expect(await list({ programmeId: p1.id })).toEqual([x1.id, x2.id].sort());
    expect(await list({ commune: c1 })).toEqual([x1.id, x3.id, y.id].sort());
    expect(await list({ taxCode: t1 })).toEqual([x1.id, x2.id, y.id].sort());
    expect(await list({})).toEqual([x1.id, x2.id, x3.id].sort());
    expect(await list({ commune: c1, programmeId: p1.id })).toEqual([x1.id]);
    expect(await list({ commune: c1, taxCode: t2 })).toEqual([x3.id]);
    expect(await list({ programmeId: p1.id, taxCode: t2 })).toEqual([]);
    expect(await list({ taxCode: t1, programmeId: p2.id })).toEqual([]);
    const { items } = await repo.listApplications({ limit: 100, agencyIndex: a, programmeId: p1.id });
    expect(items.find((i) => i.id === x1.id)).toEqual(x1); // no key attributes leak out
  });

  it('narrows to one status on every index, newest first, and a status change moves the application between filters', async () => {
    const p = await created(programme());
    const [c, t] = [commune(), taxCode()];
    const at = (m: number) => `2026-03-01T02:0${m}:00.000Z`;
    const a1 = await stored(application(p, { communeCode: c, taxCode: t, createdAt: at(1) }));
    const a2 = await stored(application(p, { communeCode: c, taxCode: t, createdAt: at(2) }));
    const a3 = await stored(application(p, { communeCode: c, taxCode: t, createdAt: at(3) }));
    const queries = [{ programmeId: p.id }, { commune: c }, { taxCode: t }, {}];
    const list = async (status: Status) =>
      Promise.all(
        queries.map(async (q) => ids((await repo.listApplications({ limit: 100, agencyIndex: p.ownerAgency, status, ...q })).items)),
      );

    expect(await list('draft')).toEqual(queries.map(() => [a3.id, a2.id, a1.id]));
    expect(await list('submitted')).toEqual(queries.map(() => []));

    await repo.saveApplication(moved(a2, 'submitted'), 1);

    expect(await list('draft')).toEqual(queries.map(() => [a3.id, a1.id]));
    expect(await list('submitted')).toEqual(queries.map(() => [a2.id]));
  });

  it('pages with limit + cursor, newest first, every application once', async () => {
    const p = await created(programme());
    const made: Application[] = [];
    for (let m = 0; m < 5; m++) made.push(await stored(application(p, { createdAt: `2026-03-01T02:0${m}:00.000Z` })));

    const { items, sizes } = await allPages((cursor) =>
      repo.listApplications({ limit: 2, cursor, agencyIndex: p.ownerAgency, programmeId: p.id }),
    );
    const filtered = await allPages((cursor) =>
      repo.listApplications({ limit: 2, cursor, agencyIndex: p.ownerAgency, programmeId: p.id, status: 'draft' }),
    );

    expect(sizes.slice(0, 3)).toEqual([2, 2, 1]);
    expect(ids(items)).toEqual(ids(made).reverse());
    expect(ids(filtered.items)).toEqual(ids(made).reverse());
  });

  it('refuses a cursor it did not issue, or one issued for another index, with a ValidationError', async () => {
    const p = await created(programme());
    const c = commune();
    for (let m = 0; m < 2; m++) await stored(application(p, { communeCode: c }));
    const byProgramme = await repo.listApplications({ limit: 1, agencyIndex: p.ownerAgency, programmeId: p.id });
    expect(byProgramme.nextCursor).not.toBeNull();

    await expect(
      repo.listApplications({ limit: 1, agencyIndex: p.ownerAgency, commune: c, cursor: byProgramme.nextCursor! }),
    ).rejects.toThrow(ValidationError);
    await expect(repo.listApplications({ limit: 1, agencyIndex: p.ownerAgency, cursor: 'bm90IGpzb24' })).rejects.toThrow(ValidationError);
  });

  it('openApplicationsOf returns the draft, submitted and scored applications only', async () => {
    const p = await created(programme());
    const t = taxCode();
    const byStatus = new Map<Status, Application>();
    for (const status of ['draft', 'submitted', 'scored', 'approved', 'rejected', 'withdrawn'] as const) {
      byStatus.set(status, await stored(application(p, { taxCode: t, status })));
    }
    await stored(application(p, { status: 'draft' })); // another enterprise's

    const open = await repo.openApplicationsOf(t);

    expect(ids(open).sort()).toEqual([byStatus.get('draft')!.id, byStatus.get('submitted')!.id, byStatus.get('scored')!.id].sort());
    expect(open.find((a) => a.status === 'scored')).toEqual(byStatus.get('scored'));
    expect(await repo.openApplicationsOf(taxCode())).toEqual([]);
  });
});

describe('applications: listing confined to an agency', () => {
  it("filters an enterprise's or a commune's applications to the owning agency, or those assigned to a reviewer", async () => {
    const [pa, pb] = [await created(programme()), await created(programme())];
    const [c, t] = [commune(), taxCode()];
    const mine = await stored(application(pa, { communeCode: c, taxCode: t }));
    const theirs = await stored(application(pb, { communeCode: c, taxCode: t }));
    const assigned = await stored(application(pb, { communeCode: c, taxCode: t, assignees: ['reviewer-9'] }));

    for (const q of [{ commune: c }, { taxCode: t }, { programmeId: pb.id }]) {
      const only = await repo.listApplications({ limit: 100, ownerAgency: pa.ownerAgency, ...q });
      expect(ids(only.items), JSON.stringify(q)).toEqual('programmeId' in q ? [] : [mine.id]);
      const withAssigned = await repo.listApplications({ limit: 100, ownerAgency: pa.ownerAgency, orAssignedTo: 'reviewer-9', ...q });
      expect(ids(withAssigned.items).sort(), JSON.stringify(q)).toEqual(
        ('programmeId' in q ? [assigned.id] : [mine.id, assigned.id]).sort(),
      );
    }
    expect(ids((await repo.listApplications({ limit: 100, commune: c })).items)).toHaveLength(3);
    expect(theirs.agency).not.toBe(pa.ownerAgency);
  });

  it("fills a page past other agencies' applications, and follows with a cursor to each of its own once", async () => {
    const [pa, pb] = [await created(programme()), await created(programme())];
    const c = commune();
    const at = (n: number) => `2026-03-01T03:${String(n).padStart(2, '0')}:00.000Z`;
    const own: Application[] = [];
    for (let n = 0; n < 3; n++) own.push(await stored(application(pa, { communeCode: c, createdAt: at(n) })));
    // Newer, so read first: twelve of another agency's.
    for (let n = 10; n < 22; n++) await stored(application(pb, { communeCode: c, createdAt: at(n) }));

    const { items, sizes } = await allPages((cursor) =>
      repo.listApplications({ limit: 2, cursor, ownerAgency: pa.ownerAgency, commune: c }),
    );

    expect(sizes).toEqual([2, 1]);
    expect(ids(items)).toEqual(ids(own).reverse());
  });

  it('ends a page short, with a cursor past what it examined, when the examination budget runs out — and the pages still end', async () => {
    const thrifty = new DynamoDbIntakeRepository(doc, TABLE, OUTBOX, 5);
    const [pa, pb] = [await created(programme()), await created(programme())];
    const c = commune();
    const at = (n: number) => `2026-03-01T04:${String(n).padStart(2, '0')}:00.000Z`;
    const mine = await stored(application(pa, { communeCode: c, createdAt: at(0) }));
    for (let n = 10; n < 22; n++) await stored(application(pb, { communeCode: c, createdAt: at(n) }));

    const { items, sizes } = await allPages((cursor) =>
      thrifty.listApplications({ limit: 2, cursor, ownerAgency: pa.ownerAgency, commune: c }),
    );

    expect(sizes[0]).toBe(0);
    expect(sizes.length).toBeLessThanOrEqual(4);
    expect(ids(items)).toEqual([mine.id]);
  });
});

describe('documents', () => {
  it('counts documents per application and refuses one past the maximum, then pages them', async () => {
    const p = await created(programme());
    const app = await stored(application(p));
    const doc3 = (n: number): ApplicationDocument => ({
      documentId: `00000000-0000-4000-8000-00000000000${n}`,
      applicationId: app.id,
      type: 'other',
      fileName: `f${n}.pdf`,
      contentType: 'application/pdf',
      sizeBytes: 10,
      sha256: 'a'.repeat(64),
      status: 'awaiting-upload',
      requestedAt: '2026-03-01T02:00:00.000Z',
      requestedBy: 'officer-1',
    });

    for (const n of [1, 2, 3]) expect(await repo.addDocument(doc3(n), 3)).toBe('added');
    expect(await repo.addDocument(doc3(4), 3)).toBe('full');
    await expect(repo.addDocument(doc3(1), 5)).rejects.toThrow(ConflictError);

    const { items, sizes } = await allPages((cursor) => repo.listDocuments(app.id, { limit: 2, cursor }));
    expect(items.map((d) => d.documentId)).toEqual([1, 2, 3].map((n) => doc3(n).documentId));
    expect(sizes.slice(0, 2)).toEqual([2, 1]);
    expect(await repo.getApplication(app.id)).toEqual(app);
  });

  const document = (applicationId: string, o: Partial<ApplicationDocument> = {}): ApplicationDocument => ({
    documentId: randomUUID(),
    applicationId,
    type: 'business-registration',
    fileName: 'giấy-đkkd.pdf',
    contentType: 'application/pdf',
    sizeBytes: 48_213,
    sha256: 'a'.repeat(64),
    status: 'awaiting-upload',
    requestedAt: '2026-03-01T02:00:00.000Z',
    requestedBy: 'enterprise-user-1',
    ...o,
  });

  it("addDocument / getDocument / listDocuments store and return the application's documents only", async () => {
    const p = await created(programme());
    const app = await stored(application(p));
    const other = await stored(application(p));
    const d1 = document(app.id);
    const d2 = document(app.id, { type: 'financial-statements', fileName: 'bctc-2025.pdf' });
    const d3 = document(other.id);
    for (const d of [d1, d2, d3]) await repo.addDocument(d, 50);

    expect(await repo.getDocument(app.id, d1.documentId)).toEqual(d1);
    expect(await repo.getDocument(other.id, d1.documentId)).toBeUndefined();
    expect(await repo.getDocument(app.id, randomUUID())).toBeUndefined();
    const listed = (await repo.listDocuments(app.id, { limit: 100 })).items;
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(expect.arrayContaining([d1, d2]));
    expect(await repo.listDocuments(randomUUID(), { limit: 100 })).toEqual({ items: [], nextCursor: null });
    expect(await repo.getApplication(app.id)).toEqual(app);
  });

  it('settleDocument settles an awaiting document once, then reports false and keeps the first result', async () => {
    const p = await created(programme());
    const app = await stored(application(p));
    const d = document(app.id);
    await repo.addDocument(d, 50);
    const verified: ApplicationDocument = { ...d, status: 'verified', verifiedAt: '2026-03-01T02:01:00.000Z' };
    const rejected: ApplicationDocument = {
      ...d,
      status: 'rejected',
      verifiedAt: '2026-03-01T02:02:00.000Z',
      problems: ['sha256 differs'],
    };

    expect(await repo.settleDocument(verified)).toBe(true);
    expect(await repo.settleDocument(rejected)).toBe(false);

    expect(await repo.getDocument(app.id, d.documentId)).toEqual(verified);
  });

  it('settleDocument of a document never declared reports false and creates nothing', async () => {
    const d = document(randomUUID(), { status: 'verified' });

    expect(await repo.settleDocument(d)).toBe(false);
    expect(await repo.getDocument(d.applicationId, d.documentId)).toBeUndefined();
  });
});

describe('ledger', () => {
  it("grantsOf lists an enterprise's grants newest first, page by page; allGrantsOf all of them", async () => {
    const t = taxCode();
    const grants: Grant[] = [];
    const years = [2023, 2024, 2025, 2026, 2022];
    for (const year of years) {
      const p = await created(programme());
      const app = await stored(application(p, { status: 'scored', taxCode: t }));
      const { grant, attempt } = await approve(app, p, { grant: { year, grantedOn: `${year}-05-01`, period: yearPeriod(year) } });
      await attempt;
      grants.push(grant);
    }
    // Another enterprise's grant.
    const q = await created(programme());
    await (await approve(await stored(application(q, { status: 'scored' })), q)).attempt;

    const { items, sizes } = await allPages((cursor) => repo.grantsOf(t, { limit: 2, cursor }));

    expect(sizes.slice(0, 3)).toEqual([2, 2, 1]);
    expect(items.map((g) => g.year)).toEqual([2026, 2025, 2024, 2023, 2022]);
    expect(new Set(items.map((g) => g.grantId))).toEqual(new Set(grants.map((g) => g.grantId)));
    expect(items).toEqual(expect.arrayContaining(grants));
    expect(await repo.allGrantsOf(t)).toEqual(items);
    expect((await repo.grantsOf(taxCode())).items).toEqual([]);
    await expect(repo.grantsOf(t, { limit: 2, cursor: forged({ pk: `ENT#${t}` }) })).rejects.toThrow(ValidationError);
  });

  it("reads a grant stored before contents as its category's default contents over its year, and finds it by id", async () => {
    const p = await created(programme({ category: 'digital-transformation', supportContents: ['digital/software'] }));
    const app = await stored(application(p, { status: 'approved' }));
    const old = {
      grantId: app.id,
      applicationId: app.id,
      taxCode: app.taxCode,
      programmeId: p.id,
      programmeCode: p.code,
      agency: p.ownerAgency,
      category: 'digital-transformation',
      amountVnd: 7_000_000,
      year: 2025,
      grantedOn: '2025-08-01',
      stacking: false,
    };
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `ENT#${app.taxCode}`, sk: `GRANT#2025-08-01#${app.id}`, ...old } }));

    const g = await repo.getGrant(app.id);

    expect(g).toMatchObject({
      contents: ['digital/consulting', 'digital/software'],
      period: { from: '2025-01-01', to: '2025-12-31' },
      status: 'active',
      version: 1,
      grantedAmountVnd: 7_000_000,
    });
    expect(g).not.toHaveProperty('stacking');
    expect(await repo.getGrant(randomUUID())).toBeUndefined();
  });

  it('saveGrant writes at the expected version (also over a grant stored without one), with its event and budget release; a stale version writes nothing', async () => {
    const p = await created(programme({ budgetVnd: 1_000_000_000 }));
    const app = await stored(application(p, { status: 'scored' }));
    const approved = await approve(app, p, { amountVnd: 80_000_000 });
    await approved.attempt;
    const { grant } = approved;
    const event = newEnvelope({
      type: 'grant.adjusted',
      source: 'intake',
      data: {
        grantId: grant.grantId,
        adjustmentId: randomUUID(),
        taxCode: grant.taxCode,
        agency: grant.agency,
        programmeId: p.id,
        contents: grant.contents,
        year: 2026,
        previousAmountVnd: 80_000_000,
        amountVnd: 30_000_000,
        cancelled: false,
        adjustedAt: new Date().toISOString(),
      },
    });

    await expect(repo.saveGrant({ ...grant, amountVnd: 30_000_000, version: 3 }, 2, { events: [event] })).rejects.toThrow(ConflictError);
    expect(await outboxItem(event)).toBeUndefined();
    await repo.saveGrant({ ...grant, amountVnd: 30_000_000, version: 2 }, 1, {
      events: [event],
      release: { programmeId: p.id, amountVnd: 50_000_000 },
    });

    expect(await repo.getGrant(grant.grantId)).toMatchObject({ amountVnd: 30_000_000, version: 2 });
    expect((await repo.getProgramme(p.id))?.committedVnd).toBe(30_000_000);
    expect(JSON.parse((await outboxItem(event))!.envelope as string)).toEqual(event);
    // A release of more than is committed: refused with the grant unchanged.
    await expect(
      repo.saveGrant({ ...grant, amountVnd: 0, version: 3 }, 2, { events: [], release: { programmeId: p.id, amountVnd: 30_000_001 } }),
    ).rejects.toThrow(ConflictError);
    expect((await repo.getGrant(grant.grantId))!.version).toBe(2);
  });

  it('lists the related-party rows of a year, newest first, page by page', async () => {
    const year = 2200 + randomInt(0, 700); // a year of its own in the shared table
    const row = (at: string, contentId: string): RelatedPartyRecord => ({
      year,
      contentId,
      applicationId: randomUUID(),
      grantId: randomUUID(),
      taxCode: taxCode(),
      agency: agency(),
      relatedTaxCode: taxCode(),
      relatedGrantId: randomUUID(),
      relatedAgency: agency(),
      sameAgency: false,
      sharedRoles: ['owner'],
      flaggedAt: at,
    });
    const rows = [
      row('2026-03-01T00:00:00.000Z', 'digital/software'),
      row('2026-05-01T00:00:00.000Z', 'premises/rent'),
      row('2026-04-01T00:00:00.000Z', 'cnht/technology'),
    ];
    const p = await created(programme());
    for (const r of rows) await (await approve(await stored(application(p, { status: 'scored' })), p, { relatedParties: [r] })).attempt;

    const { items, sizes } = await allPages((cursor) => repo.relatedPartyRecords(year, { limit: 2, cursor }));

    expect(sizes).toEqual([2, 1]);
    expect(items.map((r) => r.flaggedAt)).toEqual(['2026-05-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
    expect(items[0]).toEqual(rows[1]);
  });
});

describe('related enterprises', () => {
  const person = () => randomUUID().replaceAll('-', '').padEnd(64, '0');
  const record = (tax: string, revision: number, people: EnterpriseRecord['people']): EnterpriseRecord => ({
    taxCode: tax,
    name: 'Công ty TNHH Liên quan',
    revision,
    legalForm: 'llc',
    communeCode: '00004',
    status: 'active',
    vsic: { version: '2018', main: '2592', others: [] },
    employees: 10,
    revenueVnd: 1,
    totalCapitalVnd: 1,
    sizeClass: { class: 'micro', sectorGroup: 'industry-construction' },
    people,
    updatedAt: '2026-01-01T00:00:00.000Z',
  });

  it('links people to enterprises from their registry copy, and finds those sharing one, with their current people', async () => {
    const owner = person();
    const rep = person();
    const [a, b, c] = [taxCode(), taxCode(), taxCode()];
    await repo.recordEnterprise(
      record(a, 1, [
        { role: 'owner', personRef: owner },
        { role: 'legal-representative', personRef: rep },
      ]),
    );
    await repo.recordEnterprise(record(b, 1, [{ role: 'legal-representative', personRef: owner }]));
    await repo.recordEnterprise(record(c, 1, [{ role: 'owner', personRef: person() }]));

    expect(
      await repo.enterprisesSharing(
        a,
        [
          { role: 'owner', personRef: owner },
          { role: 'legal-representative', personRef: rep },
        ],
        10,
      ),
    ).toEqual([{ taxCode: b, people: [{ role: 'legal-representative', personRef: owner }] }]);
    expect(await rawItem(`PERSON#${owner}`, `ENT#${a}`)).toMatchObject({ taxCode: a });
  });

  it('drops the link of a person an enterprise no longer has, and ignores a link its current people contradict', async () => {
    const owner = person();
    const [a, b] = [taxCode(), taxCode()];
    await repo.recordEnterprise(record(a, 1, [{ role: 'owner', personRef: owner }]));
    await repo.recordEnterprise(record(b, 1, [{ role: 'owner', personRef: owner }]));

    await repo.recordEnterprise(record(b, 2, [{ role: 'owner', personRef: person() }]));
    expect(await rawItem(`PERSON#${owner}`, `ENT#${b}`)).toBeUndefined();
    expect(await repo.enterprisesSharing(a, [{ role: 'owner', personRef: owner }], 10)).toEqual([]);

    // A late, older revision naming the person again leaves a stale link: it is not believed.
    expect(await repo.recordEnterprise(record(b, 1, [{ role: 'owner', personRef: owner }]))).toBe('stale');
    expect(await repo.enterprisesSharing(a, [{ role: 'owner', personRef: owner }], 10)).toEqual([]);
  });
});

describe('programmes stored before support contents', () => {
  it("are read with their category's default contents, without allowStacking", async () => {
    const p = programme({ category: 'green-circular' });
    const { supportContents: _none, ...old } = p;
    await doc.send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: `PROG#${p.id}`, sk: 'PROG', gsi1pk: 'PROGRAMMES', gsi1sk: p.code, ...old, allowStacking: true },
      }),
    );

    const read = await repo.getProgramme(p.id);

    expect(read?.supportContents).toEqual(['green/cleaner-production', 'green/circular']);
    expect(read).not.toHaveProperty('allowStacking');
    // The runtime's table holds every test's programmes: a page of 100 may hold none of this agency's, so follow the pages.
    const listed = (await allPages((cursor) => repo.listProgrammes({ limit: 100, agency: p.ownerAgency, cursor }))).items;
    expect(listed.map((x) => x.supportContents)).toEqual([['green/cleaner-production', 'green/circular']]);
  });
});

describe('raw layout', () => {
  it("keeps an enterprise's grants and slot counters under its ENT# partition, apart from its applications", async () => {
    const p = await created(programme());
    const app = await stored(application(p, { status: 'scored' }));
    await (await approve(app, p)).attempt;

    const out = await doc.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ENT#${app.taxCode}` },
      }),
    );

    const [grant] = (await repo.grantsOf(app.taxCode)).items;
    expect((out.Items ?? []).map((i) => i.sk).sort()).toEqual([`GRANT#${grant!.grantedOn}#${app.id}`, 'SLOTC#cnht/technology#2026']);
  });
});

/** Bugs this suite found (ordering, forged cursors), kept as tests of the fixed behaviour. */
describe('ordering and cursors', () => {
  // routes.ts listApplications: "newest first" — across statuses too.
  it('listApplications without a status filter lists newest first across statuses', async () => {
    const p = await created(programme());
    const older = await stored(application(p, { status: 'submitted', createdAt: '2026-03-01T01:00:00.000Z' }));
    const newer = await stored(application(p, { status: 'draft', createdAt: '2026-03-01T02:00:00.000Z' }));

    const { items } = await repo.listApplications({ limit: 100, agencyIndex: p.ownerAgency, programmeId: p.id });

    expect(ids(items)).toEqual([newer.id, older.id]);
  });

  // routes.ts enterpriseSupport: "newest first" — by the day granted, whatever the category.
  it('grantsOf lists newest first within a year', async () => {
    const t = taxCode();
    const early = await created(programme({ category: 'trade-promotion' }));
    const late = await created(programme({ category: 'consulting' }));
    await (await approve(await stored(application(early, { status: 'scored', taxCode: t })), early, { grant: { grantedOn: '2026-01-10' } }))
      .attempt;
    await (await approve(await stored(application(late, { status: 'scored', taxCode: t })), late, { grant: { grantedOn: '2026-06-01' } }))
      .attempt;

    const { items } = await repo.grantsOf(t);

    expect(items.map((g) => g.grantedOn)).toEqual(['2026-06-01', '2026-01-10']);
  });

  // shared/http/pagination.ts: "A cursor that was tampered with is a 400, not a 500" — also one
  // with the right key names but another partition, or a number where the key is a string.
  it('a well-formed cursor for another partition is a ValidationError (listProgrammes)', async () => {
    const cursor = forged({ pk: 'PROG#x', sk: 'PROG', gsi1pk: 'PROG#other', gsi1sk: 'A' });
    await expect(repo.listProgrammes({ limit: 5, cursor })).rejects.toThrow(ValidationError);
  });

  it('a well-formed cursor for another enterprise is a ValidationError (grantsOf)', async () => {
    const cursor = forged({ pk: `ENT#${taxCode()}`, sk: 'GRANT#2026#consulting#x' });
    await expect(repo.grantsOf(taxCode(), { limit: 5, cursor })).rejects.toThrow(ValidationError);
  });

  it('a cursor with a number for a string key is a ValidationError (listApplications)', async () => {
    const p = await created(programme());
    const cursor = forged({ pk: 1, sk: 'APP', gsi1pk: `PROG#${p.id}`, gsi1sk: 'draft#2026' });
    await expect(repo.listApplications({ limit: 5, cursor, agencyIndex: p.ownerAgency, programmeId: p.id })).rejects.toThrow(
      ValidationError,
    );
  });
});
