import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderers } from '../../../../services/reporting/adapters/outbound/render/index.ts';
import { buildReport, getReport, listReports, requestReport, runSchedule } from '../../../../services/reporting/app/reports.ts';
import { recordEvents } from '../../../../services/reporting/app/record-events.ts';
import { progressData } from '../../../../services/reporting/app/report-data.ts';
import { periodContaining, previousPeriod } from '../../../../services/reporting/domain/report.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../../shared/errors.ts';
import { decided, granted, planApproved, submitted } from './events.ts';
import { setup } from './fakes.ts';

const sct = { sub: 'v1', agency: 'so-cong-thuong', roles: ['viewer'] as const };
const khcn = { sub: 'v2', agency: 'so-khcn', roles: ['viewer'] as const };
const coordinator = { sub: 'v3', agency: 'so-tai-chinh', roles: ['viewer'] as const };
const committee = { sub: 'c', agency: 'ubnd-xa', roles: ['viewer'] as const, commune: '00004' };

describe('periods', () => {
  it('know the week (Monday to Sunday), month, quarter and year of a day', () => {
    expect(periodContaining('weekly', '2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(periodContaining('weekly', '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodContaining('monthly', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodContaining('quarterly', '2026-12-31')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodContaining('annual', '2026-07-01')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('make a schedule report the last complete period, in Hanoi time', () => {
    // Monday 1 Dec 2025 00:30 in Hanoi is still Sunday 30 Nov in UTC.
    const at = new Date('2025-11-30T17:30:00Z');
    expect(previousPeriod('weekly', at)).toEqual({ from: '2025-11-24', to: '2025-11-30' });
    expect(previousPeriod('monthly', at)).toEqual({ from: '2025-11-01', to: '2025-11-30' });
    expect(previousPeriod('annual', new Date('2027-01-01T00:00:00Z'))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});

describe('requestReport', () => {
  it('queues a job for the period to date and answers at once', async () => {
    const { deps, queue, reports } = setup();
    const job = await requestReport(deps, sct, { period: 'monthly' });
    expect(job).toMatchObject({
      status: 'running',
      from: '2026-11-01',
      to: '2026-11-30',
      language: 'vi',
      trigger: 'request',
      requestedBy: 'v1',
    });
    expect(queue.sent).toEqual([job.id]);
    expect(reports.jobs.get(job.id)?.status).toBe('running');
  });

  it("lets an agency ask for its own report, the coordinator for anyone's, and no one else", async () => {
    const { deps } = setup();
    await expect(requestReport(deps, sct, { period: 'annual', agency: 'so-cong-thuong' })).resolves.toMatchObject({
      agency: 'so-cong-thuong',
    });
    await expect(requestReport(deps, coordinator, { period: 'annual', agency: 'so-cong-thuong' })).resolves.toBeDefined();
    await expect(requestReport(deps, khcn, { period: 'annual', agency: 'so-cong-thuong' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requestReport(deps, committee, { period: 'annual' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses a range across two years and open data other than a whole-city quarter', async () => {
    const { deps } = setup();
    await expect(requestReport(deps, sct, { period: 'annual', from: '2025-12-01', to: '2026-01-31' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(requestReport(deps, sct, { period: 'monthly', kind: 'open-data' })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('runSchedule', () => {
  it('makes one job per period however often the schedule fires, and the quarterly one also publishes open data', async () => {
    const { deps, reports } = setup();
    const first = await runSchedule(deps, 'quarterly-report');
    const second = await runSchedule(deps, 'quarterly-report');
    expect(first.map((j) => j.id)).toEqual(['quarterly-2026-07-01', 'open-data-2026-07-01']);
    expect(second.map((j) => j.id)).toEqual(first.map((j) => j.id));
    expect(reports.jobs.size).toBe(2);
  });
});

describe('buildReport', () => {
  it('writes every format under the retention prefix and records the files', async () => {
    const { deps, files, reports } = setup(renderers);
    // Two files received in the week reported (23–29 Nov), one completed since (the week after); one
    // received the week before and completed in this week: the week's figures are of its own files.
    await recordEvents(deps, [
      submitted('s1', { at: '2026-11-24T02:00:00Z' }),
      submitted('s2', { at: '2026-11-25T02:00:00Z' }),
      submitted('s0', { at: '2026-11-20T02:00:00Z' }),
      decided('d2', { submittedAt: '2026-11-25T02:00:00Z', at: '2026-11-30T01:00:00Z' }),
      decided('d0', { submittedAt: '2026-11-20T02:00:00Z', at: '2026-11-26T02:00:00Z' }),
      granted('g1'),
    ]);
    const [job] = await runSchedule(deps, 'weekly-report');
    expect(await buildReport(deps, job!.id, { receiveCount: 1, maxReceiveCount: 3 })).toBe('built');
    const done = reports.jobs.get(job!.id)!;
    expect(done.status).toBe('done');
    expect(done.files.map((f) => f.format)).toEqual(['json', 'csv', 'xlsx', 'pdf']);
    expect([...files.objects.keys()].every((k) => k.startsWith('reporting/reports/weekly/weekly-2026-11-23/'))).toBe(true);
    const data = JSON.parse(new TextDecoder().decode(files.objects.get(done.files[0]!.key)!.body));
    expect(data.files.byAgency).toEqual([{ agency: 'so-cong-thuong', received: 2, completed: 1, inProgress: 1, withdrawn: 0 }]);
    // No on-time figure, no count of every file ever open.
    expect(JSON.stringify(data)).not.toMatch(/onTime|OnTime|overdue|pending/);
    // The workbook's columns are the city's bulletin's.
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load(Buffer.from(files.objects.get(done.files[2]!.key)!.body) as unknown as ArrayBuffer);
    expect(xlsx.getWorksheet('Tình hình giải quyết hồ sơ')!.getRow(1).values).toEqual([
      undefined,
      'Cơ quan',
      'Hồ sơ mới tiếp nhận',
      'Đã giải quyết, trả kết quả',
      'Đang giải quyết',
      'Rút hồ sơ',
    ]);
    expect(await buildReport(deps, job!.id, { receiveCount: 2, maxReceiveCount: 3 })).toBe('skipped');
  });

  it('records the failure on the last attempt only', async () => {
    const { deps, reports } = setup({ progress: async () => Promise.reject(new Error('disk full')), openData: async () => [] });
    const [job] = await runSchedule(deps, 'monthly-report');
    await expect(buildReport(deps, job!.id, { receiveCount: 1, maxReceiveCount: 3 })).rejects.toThrow('disk full');
    expect(reports.jobs.get(job!.id)!.status).toBe('running');
    await expect(buildReport(deps, job!.id, { receiveCount: 3, maxReceiveCount: 3 })).rejects.toThrow('disk full');
    expect(reports.jobs.get(job!.id)).toMatchObject({ status: 'failed', error: 'The report could not be built; it has been logged.' });
  });
});

describe('reading reports', () => {
  it("hides an agency's report from other agencies (404) and lists only what the caller may read", async () => {
    const { deps } = setup();
    const own = await requestReport(deps, sct, { period: 'annual', agency: 'so-cong-thuong' });
    const city = await requestReport(deps, sct, { period: 'annual' });
    await expect(getReport(deps, khcn, own.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getReport(deps, coordinator, own.id)).resolves.toMatchObject({ id: own.id, status: 'running', files: [] });
    expect((await listReports(deps, khcn, { limit: 20 })).items.map((r) => r.id)).toEqual([city.id]);
  });
});

describe('a week across the new year', () => {
  it('counts the files of both years and reports on the new year', async () => {
    const { deps } = setup();
    await recordEvents(deps, [
      submitted('s1', { at: '2026-12-30T02:00:00Z', dueOn: '2027-01-20' }),
      submitted('s2', { at: '2027-01-02T02:00:00Z', dueOn: '2027-01-20' }),
    ]);
    const job = await requestReport({ ...deps, now: () => new Date('2027-01-05T02:00:00Z') }, sct, {
      period: 'weekly',
      from: '2026-12-28',
    });
    expect(job).toMatchObject({ from: '2026-12-28', to: '2027-01-03' });
    const data = await progressData(deps, job, new Date('2027-01-05T02:00:00Z'));
    expect(data.year).toBe(2027);
    expect(data.files.total).toEqual({ received: 2, completed: 0, inProgress: 2, withdrawn: 0 });
  });
});

describe('the weekly report and the projection', () => {
  it('flags a target at risk when the top of its 80 % interval is under the goal, in its data and its text (vi, en)', async () => {
    const { deps, files, reports } = setup(renderers);
    await recordEvents(deps, [
      planApproved('p1', {
        targets: [
          { id: 'far', goal: 5000, measures: ['direct-support'] },
          { id: 'near', goal: 2, measures: ['direct-support'] },
        ],
      }),
      granted('g1'),
      granted('g2', { taxCode: '0314409058' }),
    ]);
    const [job] = await runSchedule(deps, 'weekly-report');
    expect(await buildReport(deps, job!.id, { receiveCount: 1, maxReceiveCount: 3 })).toBe('built');
    const done = reports.jobs.get(job!.id)!;
    const body = (format: string) => new TextDecoder().decode(files.objects.get(done.files.find((f) => f.format === format)!.key)!.body);
    const data = JSON.parse(body('json'));
    const kpi = (id: string) => data.kpis.find((k: { target: string }) => k.target === id);
    // 2 enterprises by the end of November: the year-end projection is about 2, far under 5,000.
    expect(kpi('far').projection.high).toBeLessThan(5000);
    expect(kpi('far')).toMatchObject({ atRisk: true, projection: { coverage: 0.8 } });
    // A goal already met is never at risk.
    expect(kpi('near')).toMatchObject({ status: 'met', atRisk: false });
    const csv = body('csv').split('\r\n');
    expect(csv.filter((l) => l.includes(',atRisk,'))).toEqual([
      'kpi,far,Chỉ tiêu far,atRisk,Có nguy cơ không đạt,Có nguy cơ không đạt: cận trên của khoảng dự báo 80 % vẫn thấp hơn chỉ tiêu',
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(files.objects.get(done.files.find((f) => f.format === 'xlsx')!.key)!.body) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Tiến độ thực hiện chỉ tiêu')!;
    const header = sheet.getRow(1).values as unknown[];
    const col = header.indexOf('Có nguy cơ không đạt');
    expect(col).toBeGreaterThan(0);
    expect([sheet.getRow(2).getCell(col).value, sheet.getRow(3).getCell(col).value]).toEqual(['Có nguy cơ không đạt', null]);
    // In English, as the reports already are.
    const en = await progressData(deps, { ...job!, language: 'en' }, deps.now());
    const [enCsv] = await renderers.progress(en, ['csv']);
    expect(new TextDecoder().decode(enCsv!.body)).toContain(
      "kpi,far,Target far,atRisk,At risk,At risk: even the top of the projection's 80 % interval is under the goal",
    );
  });
});
