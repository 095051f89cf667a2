/**
 * The PDF: A4, DejaVu Sans embedded (pdfkit's built-in fonts are WinAnsi only — no Vietnamese), and
 * charts drawn with pdfkit's vector primitives: progress bars against each target with the pace
 * expected by now, the trend by month, and the breakdowns by commune and by sector.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import {
  fileLabel,
  formatNumber,
  measureLabel,
  periodLabel,
  projectionText,
  targetPeriodLabel,
  unitLabel,
  word,
} from '../../../domain/i18n.ts';
import { FILE_COUNTS, type Breakdown, type ReportData } from '../../../domain/report.ts';
import { once } from '../../../../../shared/config.ts';
import { hanoiDateTime } from '../../../../../shared/time/hanoi.ts';
import { FONT_FILES, fontDir } from './fonts.ts';

const fonts = once(() => {
  const dir = fontDir();
  return { regular: readFileSync(join(dir, FONT_FILES[0])), bold: readFileSync(join(dir, FONT_FILES[1])) };
});

const COLORS = {
  met: '#1b7f3b',
  'on-track': '#2e6fb7',
  behind: '#c0392b',
  grid: '#d5dbe3',
  text: '#1f2933',
  muted: '#66707a',
  bar: '#eef1f5',
};
const SERIES = ['#2e6fb7', '#e08a1e', '#1b7f3b'];
const PAGE = { width: 595.28, height: 841.89, margin: 40 };
const CONTENT = PAGE.width - 2 * PAGE.margin;

type Doc = PDFKit.PDFDocument;

function heading(doc: Doc, text: string): void {
  if (doc.y > PAGE.height - 120) doc.addPage();
  doc.moveDown(0.6).font('bold').fontSize(12).fillColor(COLORS.text).text(text, PAGE.margin, doc.y);
  doc.moveDown(0.3);
}

function kpiBars(doc: Doc, d: ReportData): void {
  const lang = d.language;
  const labelW = 200;
  const barX = PAGE.margin + labelW + 8;
  const barW = CONTENT - labelW - 8 - 110;
  // Where the goals come from: the year's approved plan, or none (actuals only).
  doc
    .font('body')
    .fontSize(7.5)
    .fillColor(COLORS.muted)
    .text(
      d.plan
        ? `${word('planOf', lang)}: ${d.plan.id}, ${word('version', lang)} ${d.plan.version} (${word('approved', lang)} ${hanoiDateTime(d.plan.approvedAt)})`
        : word('noPlan', lang),
      PAGE.margin,
      doc.y,
    );
  doc.moveDown(0.3);
  for (const k of d.kpis) {
    doc.font('body').fontSize(7.5);
    // Each target says what it counts: its unit and period, and for people how many are head counts.
    const heads = k.byHeadCount ? ` · ${word('byHeadCount', lang).toLowerCase()}: ${formatNumber(k.byHeadCount, lang)}` : '';
    const facts = `${unitLabel(k.unit, lang)} · ${targetPeriodLabel(k.period, lang)}${heads}`;
    // The projection, and whether the goal is at risk, under the figures (a line each).
    const projected = k.projection ? `${word('projection', lang)}: ${projectionText(k.projection, lang)}` : '';
    const below = (projected ? 8 : 0) + (k.atRisk ? 8 : 0);
    const h = Math.max(20 + below, doc.heightOfString(k.label, { width: labelW }) + doc.heightOfString(facts, { width: labelW }) + 6);
    if (doc.y + h > PAGE.height - PAGE.margin) doc.addPage();
    const y = doc.y;
    doc.fillColor(COLORS.text).text(k.label, PAGE.margin, y + 2, { width: labelW });
    doc.fontSize(6.5).fillColor(COLORS.muted).text(facts, PAGE.margin, doc.y, { width: labelW });
    if (k.goal === undefined) {
      // No goal (no approved plan, or none allocated to this agency or commune): the actual, no bar.
      doc
        .font('body')
        .fontSize(7)
        .fillColor(COLORS.text)
        .text(formatNumber(k.actual, lang), barX, y + 1, { width: barW });
      doc.fillColor(COLORS.muted).text(word(d.plan ? 'noGoal' : 'noPlan', lang), barX + barW + 6, y + 1, { width: 104 });
      if (projected)
        doc
          .fontSize(6.5)
          .fillColor(COLORS.muted)
          .text(projected, barX, y + 17, { width: barW + 110 });
      doc.y = y + h;
      continue;
    }
    doc.rect(barX, y + 3, barW, 10).fill(COLORS.bar);
    const share = Math.min(1, k.goal ? k.actual / k.goal : 0);
    if (share > 0) doc.rect(barX, y + 3, Math.max(1, barW * share), 10).fill(COLORS[k.status]);
    const tick = barX + barW * Math.min(1, k.goal ? k.expectedByNow / k.goal : 0);
    doc
      .moveTo(tick, y + 0.5)
      .lineTo(tick, y + 15.5)
      .lineWidth(1.2)
      .strokeColor(COLORS.text)
      .stroke();
    doc
      .font('body')
      .fontSize(7)
      .fillColor(COLORS.text)
      .text(`${formatNumber(k.actual, lang)} / ${formatNumber(k.goal, lang)} (${formatNumber(k.pct, lang)} %)`, barX + barW + 6, y + 1, {
        width: 104,
      });
    doc.fillColor(COLORS[k.status]).text(word(k.status, lang), barX + barW + 6, y + 9, { width: 104 });
    if (projected)
      doc
        .fontSize(6.5)
        .fillColor(COLORS.muted)
        .text(projected, barX, y + 17, { width: barW + 110 });
    if (k.atRisk)
      doc
        .fontSize(6.5)
        .fillColor(COLORS.behind)
        .text(word('atRiskNote', lang), barX, y + 17 + (projected ? 8 : 0), { width: barW + 110 });
    doc.y = y + h;
  }
  doc
    .font('body')
    .fontSize(7)
    .fillColor(COLORS.muted)
    .text(`${word('legendExpected', lang)}`, PAGE.margin, doc.y + 2);
}

function table(doc: Doc, headers: string[], rows: (string | number)[][], widths: number[], lang: ReportData['language']): void {
  const draw = (cells: (string | number)[], bold: boolean, wrap: boolean) => {
    doc
      .font(bold ? 'bold' : 'body')
      .fontSize(7.5)
      .fillColor(COLORS.text);
    // Header cells may wrap onto two lines; body cells stay on one.
    const rowH = wrap ? Math.max(...cells.map((c, i) => doc.heightOfString(String(c), { width: widths[i]! - 4 }))) + 6 : 14;
    if (doc.y + rowH > PAGE.height - PAGE.margin) doc.addPage();
    const y = doc.y;
    let x = PAGE.margin;
    cells.forEach((c, i) => {
      const text = typeof c === 'number' ? formatNumber(c, lang) : c;
      const align = typeof c === 'number' || (wrap && i > 0) ? 'right' : 'left';
      doc.text(text, x + 2, y + 3, { width: widths[i]! - 4, align, ...(wrap ? {} : { lineBreak: false, ellipsis: true }) });
      x += widths[i]!;
    });
    doc
      .moveTo(PAGE.margin, y + rowH)
      .lineTo(PAGE.margin + widths.reduce((a, b) => a + b, 0), y + rowH)
      .lineWidth(0.4)
      .strokeColor(COLORS.grid)
      .stroke();
    doc.y = y + rowH;
  };
  draw(headers, true, true);
  rows.forEach((r, i) => draw(r, i === rows.length - 1 && r[0] === word('total', lang), false));
}

function lineChart(doc: Doc, d: ReportData, measures: string[]): void {
  const lang = d.language;
  // Months after the report's end have no figures yet: they are not drawn as zeros.
  const shown = d.trend.filter((t) => t.key <= d.to.slice(0, 7));
  const h = 150;
  if (doc.y + h + 40 > PAGE.height - PAGE.margin) doc.addPage();
  const top = doc.y + 4;
  const left = PAGE.margin + 36;
  const width = CONTENT - 46;
  const max = Math.max(1, ...shown.flatMap((t) => measures.map((m) => t.values[m] ?? 0)));
  const step = niceStep(max);
  const yMax = Math.ceil(max / step) * step;
  const yOf = (v: number) => top + h - (v / yMax) * h;
  const xOf = (i: number) => left + (i * width) / 11;
  doc.font('body').fontSize(6.5);
  for (let v = 0; v <= yMax; v += step) {
    doc
      .moveTo(left, yOf(v))
      .lineTo(left + width, yOf(v))
      .lineWidth(0.4)
      .strokeColor(COLORS.grid)
      .stroke();
    doc.fillColor(COLORS.muted).text(formatNumber(v, lang), PAGE.margin - 4, yOf(v) - 3, { width: 36, align: 'right' });
  }
  d.trend.forEach((t, i) => doc.fillColor(COLORS.muted).text(t.key.slice(5), xOf(i) - 10, top + h + 4, { width: 20, align: 'center' }));
  measures.forEach((m, s) => {
    const color = SERIES[s % SERIES.length]!;
    shown.forEach((t, i) => {
      const p = [xOf(i), yOf(t.values[m] ?? 0)] as const;
      if (i === 0) doc.moveTo(...p);
      else doc.lineTo(...p);
    });
    doc.lineWidth(1.6).strokeColor(color).stroke();
    shown.forEach((t, i) => doc.circle(xOf(i), yOf(t.values[m] ?? 0), 1.8).fill(color));
  });
  let lx = left;
  const ly = top + h + 16;
  measures.forEach((m, s) => {
    doc.rect(lx, ly + 1, 10, 5).fill(SERIES[s % SERIES.length]!);
    doc
      .fillColor(COLORS.text)
      .fontSize(7)
      .text(measureLabel(m, lang), lx + 14, ly, { lineBreak: false });
    lx += 14 + doc.widthOfString(measureLabel(m, lang)) + 18;
  });
  doc.y = ly + 14;
}

/** Horizontal bars: the largest `limit` rows of `measure`, or (`inOrder`) the rows as given, each its own single value. */
function barChart(doc: Doc, list: Breakdown[], measure: string, lang: ReportData['language'], limit: number, inOrder = false): void {
  const figureOf = (r: Breakdown) => (inOrder ? (Object.values(r.values)[0] ?? 0) : (r.values[measure] ?? 0));
  const rows = inOrder
    ? list.slice(0, limit)
    : [...list]
        .filter((b) => figureOf(b) > 0)
        .sort((a, b) => figureOf(b) - figureOf(a))
        .slice(0, limit);
  doc.font('body').fontSize(7).fillColor(COLORS.muted);
  if (!inOrder) doc.text(measureLabel(measure, lang), PAGE.margin, doc.y);
  if (!rows.length) {
    doc.text('—', PAGE.margin, doc.y + 2);
    return;
  }
  const max = Math.max(1, ...rows.map(figureOf));
  const labelW = 170;
  const barW = CONTENT - labelW - 60;
  for (const r of rows) {
    if (doc.y + 13 > PAGE.height - PAGE.margin) doc.addPage();
    const y = doc.y + 2;
    const v = figureOf(r);
    doc
      .fillColor(COLORS.text)
      .fontSize(7)
      .text(r.label, PAGE.margin, y + 1, { width: labelW - 4, lineBreak: false, ellipsis: true });
    doc.rect(PAGE.margin + labelW, y, Math.max(1, (barW * v) / max), 9).fill(SERIES[0]!);
    doc.fillColor(COLORS.text).text(formatNumber(v, lang), PAGE.margin + labelW + (barW * v) / max + 4, y + 1, { lineBreak: false });
    doc.y = y + 11;
  }
}

/** 1, 2 or 5 × 10^n, giving about five grid lines. */
function niceStep(max: number): number {
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? pow * 10;
}

export async function progressPdf(d: ReportData): Promise<Uint8Array> {
  const lang = d.language;
  const f = fonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    font: f.regular as unknown as string,
    info: { Title: `${word('title', lang)} ${d.from} – ${d.to}`, Author: word('city', lang), Subject: d.id },
    lang: lang === 'vi' ? 'vi-VN' : 'en-GB',
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont('body', f.regular);
  doc.registerFont('bold', f.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  doc.font('body').fontSize(8).fillColor(COLORS.muted).text(word('city', lang), PAGE.margin, PAGE.margin);
  doc
    .font('bold')
    .fontSize(16)
    .fillColor(COLORS.text)
    .text(word('title', lang), PAGE.margin, doc.y + 2);
  const scope = d.scope.agency ? `${word('agency', lang)}: ${d.scope.agency}` : word('wholeCity', lang);
  doc
    .font('body')
    .fontSize(9)
    .fillColor(COLORS.text)
    .text(
      `${word('period', lang)}: ${periodLabel(d.period, lang)} ${d.from} – ${d.to}   ·   ${word('scope', lang)}: ${scope}`,
      PAGE.margin,
      doc.y + 2,
    )
    .fillColor(COLORS.muted)
    .text(`${word('generated', lang)}: ${hanoiDateTime(d.generatedAt)} (${word('hanoiTime', lang)})   ·   ${d.id}`);

  heading(doc, `${word('kpis', lang)} — ${d.year}`);
  kpiBars(doc, d);

  heading(doc, `${word('files', lang)} (${d.from} – ${d.to})`);
  doc.font('body').fontSize(7).fillColor(COLORS.muted).text(word('filesNote', lang), PAGE.margin, doc.y);
  doc.moveDown(0.3);
  table(
    doc,
    [word('agency', lang), ...FILE_COUNTS.map((m) => fileLabel(m, lang))],
    [
      ...d.files.byAgency.map((f) => [f.agency, ...FILE_COUNTS.map((m) => f[m])]),
      [word('total', lang), ...FILE_COUNTS.map((m) => d.files.total[m])],
    ],
    [155, 90, 90, 90, 90],
    lang,
  );

  // The trend and breakdowns are the city's even in an agency's report: say so on each.
  const city = d.scope.agency ? ` — ${word('wholeCity', lang)}` : '';
  doc.addPage();
  heading(doc, `${word('trend', lang)} — ${d.year}${city}`);
  lineChart(doc, d, ['received', 'completed', 'supportedSmes']);
  heading(doc, `${word('byCommune', lang)}${city}`);
  barChart(doc, d.byCommune, 'supportedSmes', lang, 15);
  heading(doc, `${word('bySection', lang)}${city}`);
  barChart(doc, d.bySection, 'supportedSmes', lang, 21);
  // Supporting-industry connection: the match funnel (each step's own measure) and fair meetings.
  heading(doc, word('funnel', lang));
  barChart(doc, d.funnel, '', lang, d.funnel.length, true);
  heading(doc, `${word('fairs', lang)} — ${d.year}`);
  lineChart(doc, d, ['fairMeetings']);

  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
