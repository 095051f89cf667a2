/**
 * What the demo year fed, recounted from its own act log (not from reporting): the measures
 * (shared/reference/measures.ts) its completed acts should have moved, and, for one week, the
 * administrative files as the city counts them. Tests hold the services' figures against these.
 */
import { contentById } from '../../shared/reference/support-contents.ts';
import type { ActLog } from './run.ts';
import type { ActivityPlan, DemoSchedule } from './schedule.ts';

/** Measure ids the year's successful acts feed (a target counting any of them should not be 0). */
export function fedMeasures(plan: DemoSchedule, log: readonly ActLog[]): Set<string> {
  const fed = new Set<string>();
  const ok = (kind: ActLog['kind']) => log.filter((l) => l.kind === kind && l.ok);
  const programmeOf = new Map<string, string>();
  const activities = new Map<string, ActivityPlan>();
  const buyerOfNeed = new Map<string, string>();
  const buyerKind = new Map<string, string>();
  for (const a of plan.acts) {
    if (a.kind === 'draft') programmeOf.set(a.app.key, a.app.programme);
    if (a.kind === 'activity-complete') activities.set(a.activity.key, a.activity);
    if (a.kind === 'need') buyerOfNeed.set(a.need.key, a.need.buyer);
    if (a.kind === 'buyer') buyerKind.set(a.buyer.key, a.buyer.kind);
  }
  const programmes = new Map(plan.programmes.map((p) => [p.code, p]));
  for (const d of ok('decide')) {
    if (d.outcome !== 'approved') continue;
    for (const id of programmes.get(programmeOf.get(d.key)!)?.supportContents ?? []) {
      const c = contentById(id)!;
      if (c.direct) fed.add('direct-support');
      fed.add(`content:${id}`);
      fed.add(`content-group:${c.group}`);
      if (id === 'cnht/key-products') fed.add('key-products');
    }
  }
  for (const c of ok('activity-complete')) {
    const a = activities.get(c.key)!;
    const rows = a.rows as { taxCode?: string; role: string; ref?: string; headCount?: number; organisation?: { kind: string } }[];
    if (rows.some((r) => r.taxCode)) fed.add('indirect-support');
    if (a.kind === 'training-course' && rows.some((r) => r.role === 'worker')) fed.add('workers-trained');
    if (a.kind === 'training-course' && rows.some((r) => r.role === 'ceo')) fed.add('ceos-trained');
    if (rows.some((r) => r.role === 'expert' && r.ref)) fed.add('certified-experts');
    if (rows.some((r) => r.organisation?.kind === 'conformity-body')) fed.add('conformity-bodies');
    if (a.kind === 'conference' || a.kind === 'workshop') fed.add('conferences');
    if (a.kind === 'publication') fed.add('publications');
  }
  if (ok('register').length > 0) fed.add('new-enterprises');
  const steps = ok('match-step');
  if (steps.length > 0) fed.add('cnht-connection');
  for (const s of steps) {
    const [need] = s.key.split('#');
    const kind = buyerKind.get(buyerOfNeed.get(need!)!);
    if (s.outcome === 'contracted' && (kind === 'oem' || kind === 'fdi')) fed.add('direct-suppliers');
  }
  return fed;
}

export interface FileCount {
  received: number;
  completed: number;
  inProgress: number;
  withdrawn: number;
}

/**
 * The week's administrative files counted by hand from the log, as of the end of `to` (the report
 * is made the next Monday at 07:00, before that day's acts): the files submitted in [from, to], of
 * them those decided and those withdrawn by then, and the rest in progress.
 */
export function handCount(log: readonly ActLog[], from: string, to: string): FileCount {
  const received = new Set(log.filter((l) => l.kind === 'submit' && l.ok && l.date >= from && l.date <= to).map((l) => l.key));
  const by = (kind: ActLog['kind']) =>
    new Set(log.filter((l) => l.kind === kind && l.ok && l.date <= to && received.has(l.key)).map((l) => l.key));
  const completed = by('decide').size;
  const withdrawn = by('withdraw').size;
  return { received: received.size, completed, withdrawn, inProgress: received.size - completed - withdrawn };
}
