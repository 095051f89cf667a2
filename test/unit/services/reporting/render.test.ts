import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../../../services/reporting/adapters/outbound/render/csv.ts';
import { renderers } from '../../../../services/reporting/adapters/outbound/render/index.ts';
import { openDataSchema } from '../../../../services/reporting/adapters/outbound/render/open-data.ts';
import { recordEvents } from '../../../../services/reporting/app/record-events.ts';
import { progressData } from '../../../../services/reporting/app/report-data.ts';
import type { ReportJob } from '../../../../services/reporting/domain/report.ts';
import { activity, fairScheduled, granted, person, planApproved, progressed, proposed, submitted } from './events.ts';
import { NOW, setup } from './fakes.ts';

const job: ReportJob = {
  id: 'monthly-2026-11-01',
  kind: 'progress',
  period: 'monthly',
  from: '2026-11-01',
  to: '2026-11-30',
  language: 'vi',
  trigger: 'schedule',
  requestedBy: 'schedule:monthly-report',
  requestedByAgency: 'so-tai-chinh',
  status: 'running',
  createdAt: NOW.toISOString(),
  files: [],
};

/** The CSV lines of a projected target: expected, and the 80 % interval. */
const PROJECTED = ['projection', 'projectionLow', 'projectionHigh'];

async function data() {
  const { deps } = setup();
  await recordEvents(deps, [submitted('s1', { commune: '00025' }), granted('g1', { commune: '00025', amount: 123_456_789 })]);
  return progressData(deps, job, NOW);
}

describe('renderers', () => {
  it('write a workbook whose figures are numbers with number formats', async () => {
    const [xlsx] = await renderers.progress(await data(), ['xlsx']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx!.body) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Xã, phường');
    const communes = wb.getWorksheet('Xã, phường')!;
    const giangVo = communes.getRow(2);
    expect(giangVo.getCell(1).value).toBe('Phường Giảng Võ');
    const vnd = communes.getRow(1).values as string[];
    const col = vnd.indexOf('Kinh phí hỗ trợ (VNĐ)');
    expect(giangVo.getCell(col).value).toBe(123_456_789);
    expect(giangVo.getCell(col).numFmt).toBe('#,##0');
  });

  it('show the match funnel in step order and fair meetings by month in the workbook', async () => {
    const { deps } = setup();
    await recordEvents(deps, [
      proposed('m1'),
      proposed('m2', { taxCode: '0314409058' }),
      progressed('m3', 'contracted'),
      fairScheduled('f1', { heldOn: '2026-11-20', added: 7, removed: 0, meetings: 7, enterprises: [] }),
    ]);
    const [xlsx] = await renderers.progress(await progressData(deps, job, NOW), ['xlsx']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx!.body) as unknown as ArrayBuffer);
    const steps = wb.getWorksheet('Bước')!;
    const rows = steps.getRows(2, steps.rowCount - 1)!.map((r) => [r.getCell(2).value, r.getCell(3).value]);
    expect(rows).toEqual([
      ['proposed', 2],
      ['contacted', 0],
      ['scheduled-at-fair', 0],
      ['met', 0],
      ['sample', 0],
      ['trial-order', 0],
      ['contracted', 1],
      ['declined', 0],
    ]);
    const trend = wb.getWorksheet('Diễn biến theo tháng')!;
    const col = (trend.getRow(1).values as string[]).indexOf('Cuộc gặp tại hội chợ');
    const november = trend.getRows(2, 12)!.find((r) => r.getCell(1).value === '2026-11')!;
    expect(november.getCell(col).value).toBe(7);
  });

  it("show the plan's goals for the city, none for an agency the plan allocates none, and none at all without a plan", async () => {
    const { deps } = setup();
    await recordEvents(deps, [granted('g1', { agency: 'so-khcn' })]);
    const goalsOf = async (d: Awaited<ReturnType<typeof progressData>>) => {
      const [xlsx, csv] = await renderers.progress(d, ['xlsx', 'csv']);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(xlsx!.body) as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Tiến độ thực hiện chỉ tiêu')!;
      const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === 'direct-capacity-support')!;
      const lines = Buffer.from(csv!.body).toString('utf8').split('\r\n');
      return {
        goal: row.getCell(3).value,
        actual: row.getCell(4).value,
        status: row.getCell(7).value,
        unit: row.getCell(8).value,
        period: row.getCell(9).value,
        csv: lines.filter((l) => l.startsWith('kpi,direct-capacity-support,')).map((l) => l.split(',')[3]),
        plan: sheet.getRow(sheet.rowCount).getCell(1).value,
      };
    };
    const facts = { unit: 'doanh nghiệp', period: 'năm 2026' };
    // No approved plan for the year: actuals, and the report says there is no plan.
    expect(await goalsOf(await progressData(deps, job, NOW))).toEqual({
      goal: null,
      actual: 1,
      status: 'Chưa có kế hoạch năm được phê duyệt: chỉ số thực hiện, chưa có chỉ tiêu',
      ...facts,
      csv: ['unit', 'period', 'actual', ...PROJECTED],
      plan: 'Chưa có kế hoạch năm được phê duyệt: chỉ số thực hiện, chưa có chỉ tiêu',
    });
    await recordEvents(deps, [
      planApproved('p1', { targets: [{ id: 'direct-capacity-support', goal: 5000, measures: ['direct-support'] }] }),
    ]);
    const agency = await goalsOf(await progressData(deps, { ...job, agency: 'so-khcn' }, NOW));
    expect(agency).toMatchObject({
      goal: null,
      actual: 1,
      status: 'Chưa giao chỉ tiêu',
      ...facts,
      csv: ['unit', 'period', 'actual', ...PROJECTED],
    });
    const city = await goalsOf(await progressData(deps, job, NOW));
    expect(city).toEqual({
      goal: 5000,
      actual: 1,
      status: 'Chậm tiến độ',
      ...facts,
      // One grant by the end of November is far from 5,000: at risk.
      csv: ['unit', 'period', 'actual', ...PROJECTED, 'goal', 'pct', 'expectedByNow', 'status', 'atRisk'],
      plan: 'Chỉ tiêu theo kế hoạch năm được phê duyệt: plan-2026-v1, phiên bản 1',
    });
    // The PDF draws the agency's KPIs without a goal too.
    const [pdf] = await renderers.progress(await progressData(deps, { ...job, agency: 'so-khcn' }, NOW), ['pdf']);
    expect(Buffer.from(pdf!.body).toString('latin1').startsWith('%PDF-')).toBe(true);
  });

  it('say how many of a people target are head counts, in the workbook and the CSV', async () => {
    const { deps } = setup();
    await recordEvents(deps, [
      planApproved('p1', { targets: [{ id: 'workers-trained', unit: 'people', goal: 15000, measures: ['workers-trained'] }] }),
      activity('a1', { attendance: { people: [{ personRef: person(1), role: 'worker' }], headCounts: [{ role: 'worker', count: 9 }] } }),
    ]);
    const [xlsx, csv] = await renderers.progress(await progressData(deps, { ...job, language: 'en' }, NOW), ['xlsx', 'csv']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx!.body) as unknown as ArrayBuffer);
    const row = wb.getWorksheet('Progress against targets')!.getRow(2);
    expect([row.getCell(2).value, row.getCell(4).value, row.getCell(8).value, row.getCell(10).value]).toEqual([
      'workers-trained',
      10,
      'people',
      9,
    ]);
    expect(Buffer.from(csv!.body).toString('utf8')).toContain(
      'kpi,workers-trained,Target workers-trained,byHeadCount,Of which by head count,9',
    );
  });

  it('write a PDF with the Vietnamese font embedded', async () => {
    const [pdf] = await renderers.progress(await data(), ['pdf']);
    const text = Buffer.from(pdf!.body).toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans/);
    expect(text).not.toContain('/Helvetica');
  });

  it('quote CSV fields and neutralise formulas', () => {
    expect(csvField('Phường Ba Đình, Hà Nội')).toBe('"Phường Ba Đình, Hà Nội"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-5)).toBe('-5');
  });

  it('describe the open data with a JSON Schema', () => {
    const schema = openDataSchema() as { $schema: string; properties: Record<string, unknown> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['year', 'quarter', 'threshold', 'cells', 'totals']));
  });
});
