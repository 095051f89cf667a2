/** CSV (RFC 4180) with a UTF-8 byte-order mark, so spreadsheet programs read the diacritics. */
import { fileLabel, measureLabel, targetPeriodLabel, unitLabel, word } from '../../../domain/i18n.ts';
import { FILE_COUNTS, type Breakdown, type ReportData } from '../../../domain/report.ts';

const BOM = '\uFEFF';

export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // A leading = + - @ would be run as a formula by a spreadsheet (CSV injection): quote it as text.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLines = (rows: readonly (readonly (string | number | null | undefined)[])[]): string =>
  BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

/** One long table: section, key, label, measure, value — every figure of the report, one per line. */
export function progressCsv(d: ReportData): string {
  const lang = d.language;
  const rows: (string | number)[][] = [['section', 'key', 'label', 'measure', 'measure_label', 'value']];
  if (d.plan) rows.push(['plan', d.plan.id, word('planOf', lang), 'version', word('version', lang), d.plan.version]);
  else rows.push(['plan', '', word('noPlan', lang), 'version', word('version', lang), '']);
  for (const k of d.kpis) {
    rows.push(['kpi', k.target, k.label, 'unit', word('unit', lang), unitLabel(k.unit, lang)]);
    rows.push(['kpi', k.target, k.label, 'period', word('periodOfTarget', lang), targetPeriodLabel(k.period, lang)]);
    rows.push(['kpi', k.target, k.label, 'actual', word('actual', lang), k.actual]);
    if (k.byHeadCount !== undefined) rows.push(['kpi', k.target, k.label, 'byHeadCount', word('byHeadCount', lang), k.byHeadCount]);
    if (k.projection)
      for (const [m, w, v] of [
        ['projection', 'projection', k.projection.expected],
        ['projectionLow', 'projectionLow', k.projection.low],
        ['projectionHigh', 'projectionHigh', k.projection.high],
      ] as const)
        rows.push(['kpi', k.target, k.label, m, word(w, lang), v]);
    // A target without a goal (no approved plan, or an agency or commune the plan allocates none to) has its actual only.
    if (k.goal === undefined) continue;
    for (const [m, v] of [
      ['goal', k.goal],
      ['pct', k.pct],
      ['expectedByNow', k.expectedByNow],
    ] as const)
      rows.push(['kpi', k.target, k.label, m, m, v]);
    rows.push(['kpi', k.target, k.label, 'status', 'status', word(k.status, lang)]);
    if (k.atRisk) rows.push(['kpi', k.target, k.label, 'atRisk', word('atRisk', lang), word('atRiskNote', lang)]);
  }
  for (const f of d.files.byAgency) {
    for (const m of FILE_COUNTS) rows.push(['files', f.agency, f.agency, m, fileLabel(m, lang), f[m]]);
  }
  for (const [m, v] of Object.entries(d.totals))
    rows.push(['period', `${d.from}/${d.to}`, `${d.from}/${d.to}`, m, measureLabel(m, lang), v]);
  const add = (section: string, list: Breakdown[]) => {
    for (const b of list) for (const [m, v] of Object.entries(b.values)) rows.push([section, b.key, b.label, m, measureLabel(m, lang), v]);
  };
  add('month', d.trend);
  add('commune', d.byCommune);
  add('section', d.bySection);
  add('agency', d.byAgency);
  add('programme', d.byProgramme);
  add('category', d.byCategory);
  add('size', d.bySize);
  add('funnel', d.funnel);
  return csvLines(rows);
}
