/**
 * The support ledger's use cases: what an approval writes to it (grant by content and period,
 * refused when it would duplicate one, `mostFavourable` supersession, related-party flags), grant
 * adjustments with four eyes, and Sở Tài chính's list of related-party flags.
 */
import { assertCan, type ResourceFacts } from '../../../shared/access/policy.ts';
import { newEnvelope } from '../../../shared/contracts/envelope.ts';
import { NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import { hanoiDay } from '../../../shared/time/hanoi.ts';
import type { Application, RelatedPartyFlag } from '../domain/application.ts';
import {
  type AdjustmentDecision,
  type AdjustmentInput,
  checkLedger,
  decideAdjustment,
  type Grant,
  MAX_SUPERSESSIONS,
  type MostFavourable,
  type Period,
  proposeAdjustment,
  yearPeriod,
  yearsOf,
} from '../domain/ledger.ts';
import type { Programme } from '../domain/programme.ts';
import { MAX_RELATED_ENTERPRISES, type RelatedPartyRecord, relatedPartyFlags, sharedPeople } from '../domain/related-parties.ts';
import { INTAKE_SOURCE } from './applications.ts';
import type { Actor, ApprovalWrites, EnterpriseRecord, IntakeDeps, PageRequest, SlotClaim } from './ports.ts';
import { slotId } from './ports.ts';

/** The longest support period one grant may cover: the scheme's five years. */
export const MAX_PERIOD_YEARS = 5;

export interface LedgerInput {
  amountVnd: number;
  period?: Period | undefined;
  mostFavourable?: MostFavourable | undefined;
}

/**
 * Flags for an enterprise's support of `contents` over `period` by `agency`: related enterprises
 * (sharing an owner or legal representative) holding one of the contents in a year the period
 * touches.
 */
export async function relatedPartyCheck(
  deps: Pick<IntakeDeps, 'repo'>,
  enterprise: Pick<EnterpriseRecord, 'taxCode' | 'people'> | undefined,
  candidate: { agency: string; contents: readonly string[]; period: Period },
  at: string,
): Promise<RelatedPartyFlag[]> {
  const people = enterprise?.people ?? [];
  if (!enterprise || !people.length) return [];
  const others = await deps.repo.enterprisesSharing(enterprise.taxCode, people, MAX_RELATED_ENTERPRISES);
  const related = sharedPeople(people, others);
  const withGrants = await Promise.all(related.map(async (r) => ({ ...r, grants: await deps.repo.allGrantsOf(r.taxCode) })));
  return relatedPartyFlags(candidate, withGrants, at);
}

/**
 * What approving `app` writes to the ledger. The slot counters are read before the grants, so an
 * approval of one of these contents committed after this check moves a counter this one commits
 * against (409) — the race two approvals of one content would otherwise win together.
 */
export async function approvalWrites(
  deps: IntakeDeps,
  actor: Actor,
  app: Application,
  programme: Programme,
  enterprise: EnterpriseRecord | undefined,
  input: LedgerInput,
  now: Date,
): Promise<{ approval: ApprovalWrites; grant: Grant; flags: RelatedPartyFlag[] }> {
  const at = now.toISOString();
  const today = hanoiDay(now);
  const year = Number(today.slice(0, 4));
  const period = input.period ?? yearPeriod(year);
  if (yearsOf(period).length > MAX_PERIOD_YEARS) {
    throw new RuleViolationError(`A grant supports at most ${MAX_PERIOD_YEARS} calendar years`, {
      errors: [{ path: 'body.period', message: `touches ${yearsOf(period).length} calendar years; at most ${MAX_PERIOD_YEARS}` }],
    });
  }
  const contents = [...programme.supportContents];
  const keys = contents.flatMap((contentId) => yearsOf(period).map((y) => ({ contentId, year: y })));
  const counters = await deps.repo.slotCounters(app.taxCode, keys);
  const earlier = await deps.repo.allGrantsOf(app.taxCode);
  const superseded = checkLedger(app.taxCode, earlier, { contents, period }, input.mostFavourable);
  if (superseded && superseded.grant.supersededBy.length >= MAX_SUPERSESSIONS) {
    throw new RuleViolationError(`Grant ${superseded.grant.grantId} was superseded ${MAX_SUPERSESSIONS} times already`, {
      errors: [{ path: 'body.mostFavourable.supersedes', message: 'has been superseded as often as a grant may be; adjust it first' }],
    });
  }

  const grant: Grant = {
    grantId: app.id,
    applicationId: app.id,
    taxCode: app.taxCode,
    programmeId: programme.id,
    programmeCode: programme.code,
    agency: programme.ownerAgency,
    category: programme.category,
    contents,
    period,
    amountVnd: input.amountVnd,
    grantedAmountVnd: input.amountVnd,
    year,
    grantedOn: today,
    status: 'active',
    ...(superseded && input.mostFavourable
      ? { supersedes: { grantId: superseded.grant.grantId, reason: input.mostFavourable.reason } }
      : {}),
    supersededBy: [],
    adjustments: [],
    version: 1,
  };
  const flags = await relatedPartyCheck(deps, enterprise, { agency: grant.agency, contents, period }, at);
  const slots: SlotClaim[] = keys.map((k) => ({ ...k, seen: counters.get(slotId(k)) ?? 0 }));
  const approval: ApprovalWrites = {
    grant,
    slots,
    budget: { programmeId: programme.id, amountVnd: input.amountVnd, budgetVnd: programme.budgetVnd },
    ...(superseded && input.mostFavourable
      ? {
          supersede: {
            grant: superseded.grant,
            entry: {
              grantId: grant.grantId,
              agency: grant.agency,
              programmeCode: grant.programmeCode,
              contents: superseded.contents,
              reason: input.mostFavourable.reason,
              at,
              by: actor.sub,
            },
          },
        }
      : {}),
    relatedParties: [],
  };
  return { approval, grant, flags };
}

/** Rows of the related-party list for the flags an approval carries. */
export function relatedPartyRecords(app: Application, grant: Grant, flags: readonly RelatedPartyFlag[]): RelatedPartyRecord[] {
  return flags.flatMap((f) =>
    f.related
      ? [
          {
            year: f.year,
            contentId: f.contentId,
            applicationId: app.id,
            grantId: grant.grantId,
            taxCode: app.taxCode,
            agency: grant.agency,
            relatedTaxCode: f.related.taxCode,
            relatedGrantId: f.related.grantId,
            relatedAgency: f.related.agency,
            sameAgency: f.sameAgency,
            sharedRoles: f.related.sharedRoles,
            flaggedAt: f.at,
          },
        ]
      : [],
  );
}

/** A grant the actor may see, or 404; its facts: its agency and its enterprise's commune. */
async function visibleGrant(deps: IntakeDeps, actor: Actor, grantId: string): Promise<{ grant: Grant; facts: ResourceFacts }> {
  const grant = await deps.repo.getGrant(grantId);
  const enterprise = grant ? await deps.repo.getEnterprise(grant.taxCode) : undefined;
  const facts: ResourceFacts = { ownerAgency: grant?.agency, communeCode: enterprise?.communeCode };
  if (!grant) throw new NotFoundError(`No grant ${grantId}`);
  assertCan(actor, 'grant', 'read', facts, { id: grantId, label: 'grant' });
  return { grant, facts };
}

/** Propose a reduction or cancellation of a grant (its own agency's staff). */
export async function proposeGrantAdjustment(deps: IntakeDeps, actor: Actor, grantId: string, input: AdjustmentInput) {
  const { grant, facts } = await visibleGrant(deps, actor, grantId);
  assertCan(actor, 'grant', 'adjust', facts, { id: grantId, label: 'grant' });
  const at = deps.now().toISOString();
  const adjustment = proposeAdjustment(grant, input, actor.sub, at, deps.newId());
  const next: Grant = { ...grant, adjustments: [...grant.adjustments, adjustment], version: grant.version + 1 };
  await deps.repo.saveGrant(next, grant.version, { events: [] });
  return { grant: next, adjustment };
}

/**
 * Confirm (a second officer of the grant's agency) or reject (anyone of its staff, the proposer
 * withdrawing included) a proposed adjustment. A confirmation changes the grant, gives the money
 * back to the programme's budget and publishes grant.adjusted, in one transaction.
 */
export async function decideGrantAdjustment(
  deps: IntakeDeps,
  actor: Actor,
  grantId: string,
  adjustmentId: string,
  decision: AdjustmentDecision,
) {
  const { grant, facts } = await visibleGrant(deps, actor, grantId);
  assertCan(actor, 'grant', 'adjust', facts, { id: grantId, label: 'grant' });
  const at = deps.now().toISOString();
  const { grant: next, adjustment } = decideAdjustment(grant, adjustmentId, decision, actor.sub, at);
  if (adjustment.status !== 'confirmed') {
    await deps.repo.saveGrant(next, grant.version, { events: [] });
    return { grant: next, adjustment };
  }
  const event = newEnvelope({
    type: 'grant.adjusted',
    source: INTAKE_SOURCE,
    data: {
      grantId: next.grantId,
      adjustmentId,
      taxCode: next.taxCode,
      agency: next.agency,
      programmeId: next.programmeId,
      contents: next.contents,
      year: next.year,
      previousAmountVnd: adjustment.fromAmountVnd,
      amountVnd: next.amountVnd,
      cancelled: next.status === 'cancelled',
      adjustedAt: at,
    },
  });
  const released = adjustment.fromAmountVnd - adjustment.toAmountVnd;
  await deps.repo.saveGrant(next, grant.version, {
    events: [event],
    ...(released > 0 ? { release: { programmeId: next.programmeId, amountVnd: released } } : {}),
  });
  return { grant: next, adjustment };
}

/** Sở Tài chính's list of related-party flags of a year. */
export async function listRelatedPartyFlags(
  deps: IntakeDeps,
  actor: Actor,
  year: number,
  page: PageRequest,
): Promise<Page<RelatedPartyRecord>> {
  assertCan(actor, 'related-party-flag', 'read', {});
  return deps.repo.relatedPartyRecords(year, page);
}
