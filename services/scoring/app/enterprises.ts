/**
 * Scoring's copy of the registry: every revision's figures (for growth over time) and the latest
 * people refs (for conflicts of interest), from enterprise.* events. A revision is written once,
 * so a redelivered or late event changes nothing.
 *
 * A newer revision that changes the enterprise's people may create a conflict of interest with a
 * reviewer already assigned: those places are rechecked (app/conflicts.ts) before the new people
 * are stored, so a crash in between rechecks again when the message comes back.
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../shared/contracts/enterprise.ts';
import type { PersonRef } from '../domain/panel.ts';
import { recheckConflictsOf } from './conflicts.ts';
import type { ScoringDeps } from './ports.ts';

const key = (people: readonly PersonRef[]) =>
  people
    .map((p) => `${p.role}:${p.personRef}`)
    .sort()
    .join('|');

export interface RecordedEnterprise {
  outcome: 'applied' | 'duplicate';
  /** Places rechecked for a conflict of interest (the people changed), and the reviewers unassigned. */
  rechecked?: number;
  unassigned?: number;
  leftForReviewTime?: number;
}

export async function recordEnterprise(deps: ScoringDeps, event: Envelope<EnterpriseSnapshot>): Promise<RecordedEnterprise> {
  const e = event.data;
  const report: Omit<RecordedEnterprise, 'outcome'> = {};
  if (e.people) {
    const latest = await deps.repo.latestPeople(e.taxCode);
    if ((!latest || latest.revision < e.revision) && key(latest?.people ?? []) !== key(e.people)) {
      const r = await recheckConflictsOf(deps, e.taxCode, e.people);
      Object.assign(report, {
        rechecked: r.rechecked,
        unassigned: r.changed.reduce((n, c) => n + c.unassigned.length, 0),
        leftForReviewTime: r.leftForReviewTime,
      });
    }
  }
  const outcome = await deps.repo.recordEnterprise({
    taxCode: e.taxCode,
    revision: e.revision,
    occurredAt: e.occurredAt,
    employees: e.employees,
    revenueVnd: e.revenueVnd,
    totalCapitalVnd: e.totalCapitalVnd,
    sizeClass: e.sizeClass.class,
    status: e.status,
    ...(e.people ? { people: e.people } : {}),
  });
  return { outcome, ...report };
}
