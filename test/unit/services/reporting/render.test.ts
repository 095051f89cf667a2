import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../../../services/reporting/adapters/outbound/render/csv.ts';
import { renderers } from '../../../../services/reporting/adapters/outbound/render/index.ts';
import { openDataSchema } from '../../../../services/reporting/adapters/outbound/render/open-data.ts';
import { recordEvents } from '../../../../services/reporting/app/record-events.ts';
import { progressData } from '../../../../services/reporting/app/report-data.ts';
import type { ReportJob } from '../../../../services/reporting/domain/report.ts';
import { fairScheduled, granted, progressed, proposed, submitted } from './events.ts';
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

async function data() {
  const { deps, store } = setup();
  await recordEvents(deps, [submitted('s1', { commune: '00025' }), granted('g1', { commune: '00025', amount: 123_456_789 })]);
  return progressData(store, job, NOW);
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
    const { deps, store } = setup();
    await recordEvents(deps, [
      proposed('m1'),
      proposed('m2', { taxCode: '0314409058' }),
      progressed('m3', 'contracted'),
      fairScheduled('f1', { heldOn: '2026-11-20', added: 7, removed: 0, meetings: 7, enterprises: [] }),
    ]);
    const [xlsx] = await renderers.progress(await progressData(store, job, NOW), ['xlsx']);
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
