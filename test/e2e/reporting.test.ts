/**
 * Reporting on the local runtime: registry and intake events (by their real paths) move the
 * counters; a re-delivered event does not count twice; an SME supported twice in a year counts once
 * toward the distinct-SME target; a report comes out of the schedule and out of a request, and its
 * files open (the XLSX cells are read back, the PDF's text extracted). Goals come from the year's
 * approved plan (reporting-plans.test.ts publishes one); this file asserts only that a goal is
 * there exactly when a plan is.
 *
 * The runtime is shared with the other e2e files, so every figure asserted exactly is one of an
 * agency code this file alone uses; city-wide figures are asserted as deltas or bounds.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { openDataDocument } from '../../services/reporting/adapters/outbound/render/open-data.ts';
import { newEnvelope } from '../../shared/contracts/envelope.ts';
import { localNames } from '../../shared/manifest.ts';
import { quarterOf } from '../../shared/time/hanoi.ts';
import { localClients } from '../support/aws.ts';
import { thisYear, today } from '../support/clock.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { contact, programmeBody } from '../support/intake.ts';
import { freshTaxCode, postSigned, registryEvent } from '../support/registry.ts';

const base = inject('runtime').url;
const AGENCY = `so-test-${randomUUID().slice(0, 8)}`;
const COMMUNE = '00091';
let clerk: string; // takes applications in
let head: string; // decides them
let coordinator: string;
let otherViewer: string;
let committee: string;

beforeAll(async () => {
  clerk = await tokenFor({ agency: AGENCY, roles: ['officer'], sub: `clerk-${AGENCY}` });
  head = await tokenFor({ agency: AGENCY, roles: ['officer'], sub: `head-${AGENCY}` });
  coordinator = await tokenFor({ agency: 'so-tai-chinh', roles: ['viewer'], sub: 'coordinator' });
  otherViewer = await tokenFor({ agency: 'so-khcn', roles: ['viewer'], sub: 'khcn-viewer' });
  committee = await tokenFor({ agency: 'ubnd-xa', roles: ['viewer'], commune: COMMUNE, sub: 'committee' });
});

type Kpis = {
  year: number;
  plan: { id: string; version: number } | null;
  items: { target: string; actual: number; goal?: number; pct?: number; expectedByNow?: number; status?: string }[];
  commune?: string;
};
/** The first day of this quarter. */
const quarterStart = () => `${thisYear()}-${String((quarterOf(today()) - 1) * 3 + 1).padStart(2, '0')}-01`;

const actual = (k: Kpis, target: string) => k.items.find((i) => i.target === target)!.actual;

async function kpis(query: string, token = coordinator): Promise<Kpis> {
  const res = await call(base, 'GET', `/kpis?year=${thisYear()}${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Kpis;
}

async function register(o: { cause?: string; foundedOn: string }) {
  const taxCode = freshTaxCode();
  // A converted household business names its 12-digit personal tax code.
  const household =
    o.cause === 'converted-from-household' ? { householdTaxCode: `0010${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } : {};
  const enterprise = {
    communeCode: COMMUNE,
    foundedOn: o.foundedOn,
    employees: 8,
    revenueVnd: 2_000_000_000,
    totalCapitalVnd: 1_000_000_000,
    ...household,
  };
  const res = await postSigned(
    base,
    registryEvent({ taxCode, type: o.cause ?? 'registered', occurredAt: `${o.foundedOn}T00:00:00+07:00`, enterprise }),
  );
  expect(res.body.results[0].outcome, JSON.stringify(res.body)).toBe('applied');
  return taxCode;
}

async function programme(category: string) {
  const res = await call(base, 'POST', '/programmes', {
    token: clerk,
    body: programmeBody({
      ownerAgency: AGENCY,
      category,
      rubric: null,
      questions: [],
      requiredDocuments: [],
      annualTargets: [{ target: 'direct-capacity-support', count: 50 }],
    }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** Draft (once intake knows the enterprise), submit and approve. */
async function supported(programmeId: string, taxCode: string) {
  const draft = await eventually(
    async () => {
      const r = await call(base, 'POST', '/applications', {
        token: clerk,
        body: { programmeId, taxCode, requestedAmountVnd: 100_000_000, answers: {}, contact },
      });
      return r.status === 201 ? r.body : undefined;
    },
    60_000,
    250,
  );
  const submitted = await call(base, 'POST', `/applications/${draft.id}/submit`, { token: clerk });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const decided = await call(base, 'POST', `/applications/${draft.id}/decision`, {
    token: head,
    body: { outcome: 'approved', amountVnd: 40_000_000 },
  });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
}

async function reportDone(id: string, token = coordinator) {
  return eventually(
    async () => {
      const r = await call(base, 'GET', `/reports/${id}`, { token });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (r.body.status === 'failed') throw new Error(`report ${id} failed`);
      return r.body.status === 'done' ? r.body : undefined;
    },
    60_000,
    300,
  );
}

const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
const fileOf = (report: { files: { format: string; url: string }[] }, format: string) => report.files.find((f) => f.format === format)!;

async function pdfText(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'report-'));
  await writeFile(join(dir, 'r.pdf'), bytes);
  const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(dir, 'r.pdf'), '-']);
  return stdout;
}

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

async function eventsQueue() {
  const { sqs } = localClients();
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: localNames.queue('reporting', 'events') }));
  return { sqs, url: QueueUrl! };
}

async function drained() {
  const { sqs, url } = await eventsQueue();
  await eventually(
    async () => {
      const a = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return Number(a.Attributes?.ApproximateNumberOfMessages) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible) === 0
        ? true
        : undefined;
    },
    30_000,
    200,
  );
}

describe('counters from the real event paths', () => {
  it('count new SMEs and household conversions from the registry feed, in the commune', async () => {
    const before = await kpis(`&commune=${COMMUNE}`);
    await register({ foundedOn: today() });
    await register({ foundedOn: today(), cause: 'converted-from-household' });
    // Founded years ago: registered now, but not one of this year's new SMEs.
    await register({ foundedOn: `${thisYear() - 11}-01-01` });
    const after = await eventually(
      async () => {
        const k = await kpis(`&commune=${COMMUNE}`);
        return actual(k, 'new-smes') >= actual(before, 'new-smes') + 2 ? k : undefined;
      },
      30_000,
      300,
    );
    await drained();
    expect(actual(await kpis(`&commune=${COMMUNE}`), 'new-smes')).toBe(actual(before, 'new-smes') + 2);
    expect(after.commune).toBe(COMMUNE);
  });

  it('count an SME supported twice in a year once toward the distinct-SME target', async () => {
    expect(actual(await kpis(`&agency=${AGENCY}`), 'direct-capacity-support')).toBe(0);
    // Founded years ago: not new SMEs this year.
    const taxCode = await register({ foundedOn: `${thisYear() - 7}-01-01` });
    const other = await register({ foundedOn: `${thisYear() - 7}-01-01` });
    const training = await programme('worker-training');
    const digital = await programme('digital-transformation');
    await supported(training, taxCode);
    await supported(digital, taxCode);
    await supported(digital, other);
    await eventually(
      async () =>
        (await kpis(`&agency=${AGENCY}`)).items.length && actual(await kpis(`&agency=${AGENCY}`), 'direct-capacity-support') === 2
          ? true
          : undefined,
      30_000,
      300,
    );
    await drained();
    const k = await kpis(`&agency=${AGENCY}`);
    // An agency's part is not judged against the whole city's goal: no plan allocates it one, so no goal.
    const direct = k.items.find((i) => i.target === 'direct-capacity-support')!;
    expect(direct).toMatchObject({ actual: 2 });
    expect([direct.goal, direct.pct, direct.expectedByNow, direct.status]).toEqual([undefined, undefined, undefined, undefined]);
    // The city's goal is the approved plan's, or none without one (no target figure in code).
    const city = await kpis('');
    expect(city.items.find((i) => i.target === 'direct-capacity-support')?.goal === undefined).toBe(city.plan === null);
  });

  it('does not count a re-delivered event twice', async () => {
    const { sqs, url } = await eventsQueue();
    const before = actual(await kpis(`&agency=${AGENCY}`), 'workers-trained');
    // A training grant with its head count: 7 workers (its contents: workforce training).
    const envelope = newEnvelope({
      type: 'support.granted',
      source: 'intake',
      data: {
        grantId: randomUUID(),
        applicationId: randomUUID(),
        programmeId: randomUUID(),
        programmeCode: 'DT-TEST',
        agency: AGENCY,
        category: 'worker-training',
        taxCode: freshTaxCode(),
        communeCode: COMMUNE,
        vsicMain: '2592',
        amountVnd: 1_000_000,
        year: thisYear(),
        grantedOn: today(),
        targets: ['workers-trained'],
        contents: ['training/workforce'],
        workersTrained: 7,
      },
    });
    for (let i = 0; i < 3; i++) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(envelope) }));
    await eventually(async () => (actual(await kpis(`&agency=${AGENCY}`), 'workers-trained') > before ? true : undefined), 30_000, 200);
    await drained();
    expect(actual(await kpis(`&agency=${AGENCY}`), 'workers-trained')).toBe(before + 7);
  });
});

describe('GET /kpis', () => {
  it("shows a commune committee its own commune and refuses another's", async () => {
    const own = await kpis('', committee);
    expect(own.commune).toBe(COMMUNE);
    expect(own.items.length).toBeGreaterThan(5);
    // A commune's figures have no goal until a plan allocates one to the commune.
    expect(own.items.filter((i) => i.goal !== undefined || i.status !== undefined)).toEqual([]);
    const other = await call(base, 'GET', `/kpis?year=${thisYear()}&commune=00004`, { token: committee });
    expect(other.status).toBe(403);
  });

  it('lists every bad field', async () => {
    const res = await call(base, 'GET', '/kpis?year=twenty&commune=4&agency=X!', { token: coordinator });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.agency', 'query.commune', 'query.year']);
  });
});

describe('reports', () => {
  it('are produced by the weekly schedule, once however often it runs, with files that open', async () => {
    const first = await call(base, 'POST', '/local/schedules/reporting/weekly-report');
    expect(first.status).toBe(200);
    expect((await call(base, 'POST', '/local/schedules/reporting/weekly-report')).status).toBe(200);
    const list = await call(base, 'GET', '/reports?limit=100', { token: otherViewer });
    const weekly = list.body.items.filter((r: { period: string; trigger: string }) => r.period === 'weekly' && r.trigger === 'schedule');
    expect(weekly.length).toBe(1);
    const report = await reportDone(weekly[0].id, otherViewer);
    expect(report.files.map((f: { format: string }) => f.format).sort()).toEqual(['csv', 'json', 'pdf', 'xlsx']);

    const text = await pdfText(await download(fileOf(report, 'pdf').url));
    expect(text).toContain('Báo cáo tiến độ hỗ trợ doanh nghiệp nhỏ và vừa');
    expect(text).toContain('DNNVV được hỗ trợ trực tiếp nâng cao năng lực');
    expect(text).toContain('Tình hình giải quyết hồ sơ');

    const wb = await workbook(await download(fileOf(report, 'xlsx').url));
    const targets = wb.worksheets[0]!;
    expect(targets.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(targets.getRow(1).font?.bold).toBe(true);
    const row = targets.getRows(2, targets.rowCount - 1)!.find((r) => r.getCell(2).value === 'direct-capacity-support')!;
    // The goal is the approved plan's (none without one), its unit and period beside it.
    const json = JSON.parse((await download(fileOf(report, 'json').url)).toString('utf8'));
    expect(row.getCell(3).value === null).toBe(json.plan === null);
    expect([row.getCell(8).value, row.getCell(9).value]).toEqual(['doanh nghiệp', `năm ${json.year}`]);
    expect(typeof row.getCell(4).value).toBe('number');
    expect(row.getCell(4).value as number).toBeGreaterThanOrEqual(2);
    expect(row.getCell(3).numFmt).toBe('#,##0');
  });

  it('are produced on request: one agency, in English, with its own figures exactly', async () => {
    const res = await call(base, 'POST', '/reports', { token: clerk, body: { period: 'annual', language: 'en', agency: AGENCY } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.headers.get('location')).toBe(`/reports/${res.body.id}`);
    const report = await reportDone(res.body.id, clerk);
    // The year so far: from 1 January to today, on the runtime's clock.
    expect(report).toMatchObject({ period: 'annual', from: `${thisYear()}-01-01`, to: today(), agency: AGENCY, trigger: 'request' });

    const wb = await workbook(await download(fileOf(report, 'xlsx').url));
    const targets = wb.getWorksheet('Progress against targets')!;
    const direct = targets.getRows(2, targets.rowCount - 1)!.find((r) => r.getCell(2).value === 'direct-capacity-support')!;
    const json = JSON.parse((await download(fileOf(report, 'json').url)).toString('utf8'));
    // The agency has no goal of its own (no plan allocates one): its actual, no goal, and the status says why.
    expect([direct.getCell(3).value, direct.getCell(4).value, direct.getCell(7).value]).toEqual([
      null,
      2,
      json.plan ? 'No goal allocated' : 'No approved annual plan: actuals without goals',
    ]);
    const files = wb.getWorksheet('Administrative files')!;
    expect(files.getRow(1).values).toEqual([undefined, 'Agency', 'Newly received', 'Completed and returned', 'In progress', 'Withdrawn']);
    const mine = files.getRows(2, files.rowCount - 1)!.find((r) => r.getCell(1).value === AGENCY)!;
    // Three applications received this year and completed (all approved at once): none in progress, no on-time figure.
    expect([2, 3, 4, 5].map((c) => mine.getCell(c).value)).toEqual([3, 3, 0, 0]);

    const text = await pdfText(await download(fileOf(report, 'pdf').url));
    expect(text).toContain('SME support progress report');
    expect(text).toContain(AGENCY);

    expect(json.kpis.find((k: { target: string }) => k.target === 'direct-capacity-support').actual).toBe(2);
    const csv = (await download(fileOf(report, 'csv').url)).toString('utf8');
    expect(csv).toContain(`files,${AGENCY},${AGENCY},received,Newly received,3`);
    expect(csv).toContain(`files,${AGENCY},${AGENCY},inProgress,In progress,0`);
  });

  it("keep one agency's report from other agencies, but not from the coordinator", async () => {
    const res = await call(base, 'POST', '/reports', { token: clerk, body: { period: 'monthly', agency: AGENCY } });
    expect(res.status).toBe(202);
    expect((await call(base, 'GET', `/reports/${res.body.id}`, { token: otherViewer })).status).toBe(404);
    expect((await call(base, 'GET', `/reports/${res.body.id}`, { token: coordinator })).status).toBe(200);
    expect((await call(base, 'POST', '/reports', { token: otherViewer, body: { period: 'monthly', agency: AGENCY } })).status).toBe(403);
    expect((await call(base, 'POST', '/reports', { token: committee, body: { period: 'monthly' } })).status).toBe(403);
  });

  it('publish the anonymised open data of a quarter with its schema', async () => {
    const res = await call(base, 'POST', '/reports', {
      token: coordinator,
      body: { period: 'quarterly', kind: 'open-data', from: quarterStart() },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const report = await reportDone(res.body.id);
    expect(report.files.map((f: { format: string }) => f.format).sort()).toEqual(['csv', 'json', 'schema']);
    const doc = openDataDocument.parse(JSON.parse((await download(fileOf(report, 'json').url)).toString('utf8')));
    expect(doc).toMatchObject({ year: thisYear(), quarter: quarterOf(today()), threshold: 5 });
    // This file's two enterprises founded this quarter in one commune are below the threshold: withheld,
    // without saying why (a reason would tell complementary cells' figures are 0 or ≥ 5).
    const cell = doc.cells.find((c) => c.communeCode === COMMUNE && c.vsicSection === 'C');
    expect(cell).toMatchObject({ suppressed: true, newEnterprises: null });
    expect(cell).not.toHaveProperty('reason');
    // The city's total is published with the communes' and the sections'.
    expect(doc.totals.all.suppressed === true || typeof doc.totals.all.values.newEnterprises === 'number').toBe(true);
    const schema = JSON.parse((await download(fileOf(report, 'schema').url)).toString('utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect((await download(fileOf(report, 'csv').url)).toString('utf8')).toMatch(
      /^\uFEFFyear,quarter,commune_code,commune_name,vsic_section/,
    );
  });

  it('refuse a bad request, listing every bad field', async () => {
    const res = await call(base, 'POST', '/reports', { token: coordinator, body: { period: 'daily', from: '2026-13-01', language: 'fr' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.from', 'body.language', 'body.period']);
    const span = await call(base, 'POST', '/reports', {
      token: coordinator,
      body: { period: 'annual', from: '2025-06-01', to: '2026-02-01' },
    });
    expect(span.status).toBe(400);
  });
});
