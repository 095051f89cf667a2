/**
 * The XLSX workbook: one sheet per table, numbers stored as numbers with a number format (VND
 * amounts `#,##0`, shares `0.0`), a bold header row, frozen panes and filters.
 */
import ExcelJS from 'exceljs';
import { fileLabel, measureLabel, projectionText, targetPeriodLabel, unitLabel, word } from '../../../domain/i18n.ts';
import { FILE_COUNTS, type Breakdown, type ReportData } from '../../../domain/report.ts';
import { BREAKDOWN_MEASURES } from '../../../app/report-data.ts';

interface Column {
  header: string;
  key: string;
  width: number;
  numFmt?: string;
}

const INT = '#,##0';

function sheet(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: Record<string, string | number | null>[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  ws.addRows(rows);
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
  header.alignment = { vertical: 'middle', wrapText: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

const breakdownSheet = (wb: ExcelJS.Workbook, name: string, keyHeader: string, list: Breakdown[], lang: ReportData['language']) =>
  sheet(
    wb,
    name,
    [
      { header: keyHeader, key: 'label', width: 36 },
      ...BREAKDOWN_MEASURES.map((m) => ({ header: measureLabel(m, lang), key: m, width: 16, numFmt: INT })),
    ],
    list.map((b) => ({ label: b.label, ...b.values })),
  );

export async function progressXlsx(d: ReportData): Promise<Uint8Array> {
  const lang = d.language;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'SME support management system';
  wb.created = new Date(d.generatedAt);
  const kpis = sheet(
    wb,
    word('kpis', lang),
    [
      { header: word('target', lang), key: 'label', width: 52 },
      { header: 'id', key: 'target', width: 26 },
      { header: word('goal', lang), key: 'goal', width: 12, numFmt: INT },
      { header: word('actual', lang), key: 'actual', width: 12, numFmt: INT },
      { header: word('pct', lang), key: 'pct', width: 10, numFmt: '0.0' },
      { header: word('expected', lang), key: 'expectedByNow', width: 14, numFmt: INT },
      { header: word('status', lang), key: 'status', width: 16 },
      { header: word('unit', lang), key: 'unit', width: 16 },
      { header: word('periodOfTarget', lang), key: 'period', width: 20 },
      { header: word('byHeadCount', lang), key: 'byHeadCount', width: 18, numFmt: INT },
      { header: word('projection', lang), key: 'projection', width: 22 },
      { header: word('atRisk', lang), key: 'atRisk', width: 20 },
    ],
    d.kpis.map((k) => ({
      label: k.label,
      target: k.target,
      // Without a goal (no approved plan, or none allocated to this scope): the actual, and the status cell says why.
      goal: k.goal ?? null,
      actual: k.actual,
      pct: k.pct ?? null,
      expectedByNow: k.expectedByNow ?? null,
      status: k.status ? word(k.status, lang) : word(d.plan ? 'noGoal' : 'noPlan', lang),
      unit: unitLabel(k.unit, lang),
      period: targetPeriodLabel(k.period, lang),
      byHeadCount: k.byHeadCount ?? null,
      projection: k.projection ? projectionText(k.projection, lang) : null,
      atRisk: k.atRisk ? word('atRisk', lang) : null,
    })),
  );
  // Where the goals come from: the approved plan and its version, or none.
  const planRow = kpis.addRow({
    label: d.plan ? `${word('planOf', lang)}: ${d.plan.id}, ${word('version', lang)} ${d.plan.version}` : word('noPlan', lang),
  });
  planRow.font = { italic: true };
  const files = sheet(
    wb,
    word('files', lang),
    [
      { header: word('agency', lang), key: 'agency', width: 24 },
      ...FILE_COUNTS.map((m) => ({ header: fileLabel(m, lang), key: m, width: 14, numFmt: INT })),
    ],
    d.files.byAgency.map((f) => ({ ...f })),
  );
  const total = files.addRow({ agency: word('total', lang), ...d.files.total });
  total.font = { bold: true };
  breakdownSheet(wb, word('trend', lang), word('month', lang), d.trend, lang);
  breakdownSheet(wb, word('commune', lang), word('commune', lang), d.byCommune, lang);
  breakdownSheet(wb, word('section', lang), word('section', lang), d.bySection, lang);
  breakdownSheet(wb, word('agency', lang), word('agency', lang), d.byAgency, lang);
  breakdownSheet(wb, word('programme', lang), word('programme', lang), d.byProgramme, lang);
  breakdownSheet(wb, word('category', lang), word('category', lang), d.byCategory, lang);
  breakdownSheet(wb, word('size', lang), word('size', lang), d.bySize, lang);
  sheet(
    wb,
    word('step', lang),
    [
      { header: word('step', lang), key: 'label', width: 36 },
      { header: 'id', key: 'key', width: 16 },
      { header: word('count', lang), key: 'count', width: 14, numFmt: INT },
    ],
    d.funnel.map((f) => ({ label: f.label, key: f.key, count: Object.values(f.values)[0] ?? 0 })),
  );
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
