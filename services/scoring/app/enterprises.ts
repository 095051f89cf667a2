/**
 * Scoring's copy of the registry: every revision's figures (for growth over time) and the latest
 * people refs (for conflicts of interest), from enterprise.* events. A revision is written once,
 * so a redelivered or late event changes nothing.
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../shared/contracts/enterprise.ts';
import type { ScoringDeps } from './ports.ts';

export async function recordEnterprise(deps: ScoringDeps, event: Envelope<EnterpriseSnapshot>): Promise<'applied' | 'duplicate'> {
  const e = event.data;
  return deps.repo.recordEnterprise({
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
}
