/**
 * A criterion's evidence as labelled figures (`evidenceItems`): the same facts as its `evidence`
 * object, each with a label in both languages and a unit the reader's locale formats (VND, %,
 * dates). Read from the evidence's shape, so results stored before the labels existed get them too.
 */
import type { LabelledFigure } from '../../../shared/i18n/localized.ts';
import { type MessageKey, say } from '../../../shared/i18n/messages.ts';
import type { CriterionResult } from './criteria.ts';

type Evidence = Record<string, unknown>;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const obj = (v: unknown): v is Evidence => typeof v === 'object' && v !== null && !Array.isArray(v);
const METRICS = ['labour-productivity', 'revenue', 'employees'] as const;
type Metric = (typeof METRICS)[number];

function answerValue(v: unknown): Pick<LabelledFigure, 'value' | 'unit'> | undefined {
  if (num(v)) return { value: v, unit: 'count' };
  if (typeof v === 'boolean') return { value: say(v ? 'word.yes' : 'word.no'), unit: 'text' };
  if (typeof v === 'string') return { value: v, unit: 'text' };
  return undefined;
}

/** One revision's registry figures: its date, revenue, employees and, where computed, the metric's value. */
function revisionFigures(f: Evidence, metric: Metric | undefined): LabelledFigure[] {
  const revision = num(f.revision) ? f.revision : '?';
  const out: LabelledFigure[] = [];
  if (typeof f.asOf === 'string') out.push({ label: say('evidence.asOf', { revision }), value: f.asOf, unit: 'date' });
  if (metric && metric !== 'revenue' && metric !== 'employees' && num(f.value)) {
    const label = say('evidence.metric', { metric: say(`metric.${metric}` satisfies MessageKey), revision });
    out.push({ label, value: f.value, unit: 'vnd' });
  }
  if (num(f.revenueVnd)) out.push({ label: say('evidence.revenue', { revision }), value: f.revenueVnd, unit: 'vnd' });
  if (num(f.employees)) out.push({ label: say('evidence.employees', { revision }), value: f.employees, unit: 'count' });
  return out;
}

export function evidenceItems(c: Pick<CriterionResult, 'evidence'>): LabelledFigure[] {
  const e = c.evidence ?? {};
  const out: LabelledFigure[] = [];
  if (typeof e.answer === 'string') {
    const shown = answerValue(e.value);
    // An amount the applicant answered is compared with revenue: it is VND.
    if (shown)
      out.push({
        label: say('evidence.answer', { answer: e.answer }),
        ...shown,
        ...('revenueVnd' in e && num(e.value) ? { unit: 'vnd' } : {}),
      });
    if (num(e.revenueVnd))
      out.push({
        label: say('evidence.revenue', { revision: num(e.registryRevision) ? e.registryRevision : '?' }),
        value: e.revenueVnd,
        unit: 'vnd',
      });
    if (num(e.sharePct)) out.push({ label: say('evidence.share'), value: e.sharePct, unit: 'pct' });
    return out;
  }
  if (Array.isArray(e.marks)) {
    e.marks.forEach((m, i) => {
      if (num(m)) out.push({ label: say('evidence.mark', { n: i + 1 }), value: m, unit: 'count' });
    });
    if (e.aggregate === 'mean' || e.aggregate === 'median')
      out.push({ label: say('evidence.aggregate'), value: say(`aggregate.${e.aggregate}`), unit: 'text' });
    return out;
  }
  const metric = METRICS.find((m) => m === e.metric);
  if (obj(e.base)) out.push(...revisionFigures(e.base, metric));
  if (obj(e.current)) out.push(...revisionFigures(e.current, metric));
  if (num(e.growthPct)) out.push({ label: say('evidence.growth'), value: e.growthPct, unit: 'pct' });
  if (num(e.revisionsKnown)) out.push({ label: say('evidence.revisionsKnown'), value: e.revisionsKnown, unit: 'count' });
  return out;
}
