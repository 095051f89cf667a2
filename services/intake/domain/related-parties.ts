/**
 * Related parties: enterprises that share an owner or a legal representative (the registry's
 * pseudonymous person refs; intake keeps them from enterprise.* events). When one of them is
 * supported for a content and a related one was supported for the same content in the same year,
 * the application is flagged for review (not refused: related enterprises are separate legal
 * persons and may each qualify) and Sở Tài chính lists the flags.
 */
import { contentById } from '../../../shared/reference/support-contents.ts';
import type { RelatedPartyFlag } from './application.ts';
import { heldContents, type Grant, type Period, yearsOf } from './ledger.ts';

export type PersonRole = 'owner' | 'legal-representative';

export interface Person {
  role: PersonRole;
  personRef: string;
}

/** Another enterprise and the roles (in the first one) of the people they share. */
export interface RelatedEnterprise {
  taxCode: string;
  sharedRoles: PersonRole[];
}

/** At most this many related enterprises are examined per check (a person may hold many). */
export const MAX_RELATED_ENTERPRISES = 50;
/** At most this many related-party flags are kept per application. */
export const MAX_RELATED_FLAGS = 20;

/** The enterprises `others` shares people with `people` with, and through which roles. */
export function sharedPeople(
  people: readonly Person[],
  others: readonly { taxCode: string; people: readonly Person[] }[],
): RelatedEnterprise[] {
  const roleOf = new Map<string, Set<PersonRole>>();
  for (const p of people) roleOf.set(p.personRef, (roleOf.get(p.personRef) ?? new Set()).add(p.role));
  const out: RelatedEnterprise[] = [];
  for (const o of others) {
    const roles = new Set<PersonRole>();
    for (const p of o.people) for (const r of roleOf.get(p.personRef) ?? []) roles.add(r);
    if (roles.size) out.push({ taxCode: o.taxCode, sharedRoles: [...roles].sort() });
  }
  return out;
}

/**
 * Flags for support of `contents` over `period` by `agency`: one per content and related grant
 * that holds the content in a year the period touches.
 */
export function relatedPartyFlags(
  candidate: { agency: string; contents: readonly string[]; period: Period },
  related: readonly (RelatedEnterprise & { grants: readonly Grant[] })[],
  at: string,
): RelatedPartyFlag[] {
  const years = new Set(yearsOf(candidate.period));
  const flags: RelatedPartyFlag[] = [];
  for (const r of related) {
    for (const g of r.grants) {
      const year = yearsOf(g.period).find((y) => years.has(y));
      if (year === undefined) continue;
      const held = new Set(heldContents(g));
      for (const contentId of candidate.contents) {
        if (!held.has(contentId)) continue;
        flags.push({
          kind: 'related-party-support',
          contentId,
          sameAgency: g.agency === candidate.agency,
          year,
          at,
          detail: `An enterprise sharing an owner or legal representative with this one was supported for ${contentById(contentId)?.name.en ?? contentId} (${contentId}) in ${year}`,
          related: { taxCode: r.taxCode, grantId: g.grantId, agency: g.agency, sharedRoles: r.sharedRoles },
        });
      }
    }
  }
  return flags;
}

const flagKey = (f: RelatedPartyFlag) => `${f.contentId}#${f.related?.grantId ?? ''}`;

/** Flags merged by content and related grant (the earlier one kept), at most MAX_RELATED_FLAGS. */
export function mergeFlags<F extends { kind: string }>(
  existing: readonly F[],
  found: readonly RelatedPartyFlag[],
): (F | RelatedPartyFlag)[] {
  const seen = new Set(existing.filter((f): f is F & RelatedPartyFlag => f.kind === 'related-party-support').map((f) => flagKey(f)));
  let room = MAX_RELATED_FLAGS - seen.size;
  const added: RelatedPartyFlag[] = [];
  for (const f of found) {
    if (room <= 0) break;
    if (seen.has(flagKey(f))) continue;
    seen.add(flagKey(f));
    added.push(f);
    room--;
  }
  return [...existing, ...added];
}

/** The flag as someone who may not know the related enterprise sees it: that one was supported, not which. */
export function withoutRelated(f: RelatedPartyFlag): RelatedPartyFlag {
  const { related: _related, ...rest } = f;
  return rest;
}

/** One row of Sở Tài chính's list of related-party flags (written when the approval is). */
export interface RelatedPartyRecord {
  year: number;
  contentId: string;
  applicationId: string;
  grantId: string;
  taxCode: string;
  agency: string;
  relatedTaxCode: string;
  relatedGrantId: string;
  relatedAgency: string;
  sameAgency: boolean;
  sharedRoles: PersonRole[];
  flaggedAt: string;
}
