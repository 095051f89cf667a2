/**
 * Who acts for an enterprise online (domain.md §9): a person's link to an enterprise. The person
 * comes from the identity provider's verified token — their citizen-id hash (turned into a person
 * ref here, the hash itself never kept) and, for an organisation account, the organisation's code.
 *
 *   request → verified   the provider asserts this very organisation (organisation-account), or the
 *                        person's ref is the registry's legal representative's (legal-representative)
 *   request → pending    anyone else (delegation), until approved
 *   pending → verified   approved by a verified legal representative, or an officer of the
 *                        enterprise's commune committee or of Sở Tài chính
 *   any     → revoked    by the same, or given up by the person; asking again starts over
 *
 * Every act is kept on the link with who acted (a person or an agency account) and when.
 */
import { ConflictError } from '../../../shared/errors.ts';

export type LinkStatus = 'verified' | 'pending' | 'revoked';
export type LinkBasis = 'legal-representative' | 'organisation-account' | 'delegation';

export interface Acting {
  sub: string;
  /** The agency of a staff account (a commune committee with its commune); absent: an enterprise user. */
  agency?: string;
  commune?: string;
}

export interface LinkAct {
  at: string;
  by: Acting;
  action: 'requested' | 'verified' | 'approved' | 'revoked';
  detail?: string;
}

export interface EnterpriseLink {
  sub: string;
  taxCode: string;
  status: LinkStatus;
  basis: LinkBasis;
  /** The person's ref (registry person ref of the asserted citizen-id hash), when the provider asserted one. */
  personRef?: string;
  /**
   * The person's account e-mail as the identity provider last asserted it verified (and their
   * language, when it said), kept when they ask to act for the enterprise: where the notifications
   * service writes to them about the enterprise's files and fairs while the link is verified.
   */
  account?: LinkAccount;
  createdAt: string;
  updatedAt: string;
  version: number;
  acts: LinkAct[];
}

export interface LinkAccount {
  email: string;
  language?: 'vi' | 'en';
}

/** The link with the account the provider asserts now (a new version), or the link itself when it is the same. */
export function withAccount(link: EnterpriseLink, account: LinkAccount | undefined, at: string, isNew: boolean): EnterpriseLink {
  if (!account || JSON.stringify(link.account) === JSON.stringify(account)) return link;
  return { ...link, account, ...(isNew ? {} : { updatedAt: at, version: link.version + 1 }) };
}

/** Acts kept on one link: a long-lived link approved and revoked many times keeps its latest ones. */
export const MAX_LINK_ACTS = 50;

/** What the provider asserted of the person asking, with the ref the registry computed. */
export interface Asserted {
  sub: string;
  personRef?: string | undefined;
  organisation?: string | undefined;
}

/** What the registry knows of the enterprise: its code and its legal representative's ref. */
export interface EnterpriseParty {
  taxCode: string;
  legalRepresentativeRef?: string | null | undefined;
}

/** Whether the asserted person is the enterprise's legal representative by the registry's person ref. */
export const isLegalRepresentative = (personRef: string | undefined, e: EnterpriseParty): boolean =>
  personRef !== undefined && typeof e.legalRepresentativeRef === 'string' && e.legalRepresentativeRef === personRef;

const withAct = (link: EnterpriseLink, change: Partial<EnterpriseLink>, act: LinkAct): EnterpriseLink => ({
  ...link,
  ...change,
  updatedAt: act.at,
  version: link.version + 1,
  acts: [...link.acts, act].slice(-MAX_LINK_ACTS),
});

/**
 * A person asks to act for an enterprise. A verified link stays as it is (asking again changes
 * nothing); a pending one is re-judged (the registry may since name them legal representative);
 * a revoked one starts over.
 */
export function requestLink(who: Asserted, e: EnterpriseParty, existing: EnterpriseLink | undefined, at: string): EnterpriseLink {
  if (existing?.status === 'verified') return existing;
  const basis: LinkBasis =
    who.organisation === e.taxCode
      ? 'organisation-account'
      : isLegalRepresentative(who.personRef, e)
        ? 'legal-representative'
        : 'delegation';
  const status: LinkStatus = basis === 'delegation' ? 'pending' : 'verified';
  if (existing?.status === 'pending' && status === 'pending') return existing;
  const by: Acting = { sub: who.sub };
  const { personRef: _previous, ...base } = existing ?? {
    sub: who.sub,
    taxCode: e.taxCode,
    status,
    basis,
    createdAt: at,
    updatedAt: at,
    version: 0,
    acts: [],
  };
  const asked = withAct(
    { ...base, ...(who.personRef ? { personRef: who.personRef } : {}) },
    { status, basis },
    { at, by, action: 'requested' },
  );
  if (status === 'pending') return asked;
  const detail =
    basis === 'organisation-account' ? 'the identity provider asserted this organisation' : "the registry's legal representative";
  return { ...asked, acts: [...asked.acts, { at, by, action: 'verified' as const, detail }].slice(-MAX_LINK_ACTS) };
}

/** Approve a pending delegation; approving a verified one changes nothing; a revoked one must be asked for again. */
export function approveLink(link: EnterpriseLink, by: Acting, at: string): EnterpriseLink {
  if (link.status === 'verified') return link;
  if (link.status === 'revoked') {
    throw new ConflictError(`The delegation of ${link.sub} for ${link.taxCode} was revoked; the person must ask again`);
  }
  return withAct(link, { status: 'verified' }, { at, by, action: 'approved' });
}

/** Revoke a link (pending or verified); revoking a revoked one changes nothing. */
export function revokeLink(link: EnterpriseLink, by: Acting, at: string, reason?: string): EnterpriseLink {
  if (link.status === 'revoked') return link;
  return withAct(link, { status: 'revoked' }, { at, by, action: 'revoked', ...(reason ? { detail: reason } : {}) });
}

/** The tax codes a person may act for now: verified, unrevoked links. */
export const actingFor = (links: readonly EnterpriseLink[]): string[] => links.filter((l) => l.status === 'verified').map((l) => l.taxCode);
