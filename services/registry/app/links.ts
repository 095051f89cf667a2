/**
 * Links between people and enterprises (domain/link.ts) over HTTP, as the access policy decides:
 * a person asks for and reads their own; a delegation is approved or revoked by the enterprise's
 * verified legal representative, or an officer of its commune committee or of Sở Tài chính; the
 * delegate may give theirs up. Other services learn whom a person acts for from the registry's
 * `enterprise-links` function (shared/contracts/enterprise-links.ts), never from a copy.
 */
import { assertCan, type ResourceFacts } from '../../../shared/access/policy.ts';
import { NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import type { Principal } from '../../../shared/http/auth.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import {
  actingFor,
  approveLink,
  isLegalRepresentative,
  requestLink,
  revokeLink,
  type Acting,
  type EnterpriseLink,
  type LinkAct,
  withAccount,
} from '../domain/link.ts';
import { MAX_LINKS_PER_PERSON, type LinkDeps } from './ports.ts';

/** Who acted, as the link keeps it: an enterprise user by `sub`, a staff account with its agency. */
const actingOf = (p: Principal): Acting =>
  p.agency ? { sub: p.sub, agency: p.agency, ...(p.commune ? { commune: p.commune } : {}) } : { sub: p.sub };

/** An act as shown: staff acts by agency (never a staff user id), a person's by their own `sub`. */
const actView = (a: LinkAct) => ({
  at: a.at,
  action: a.action,
  by: a.by.agency ? { agency: a.by.agency, ...(a.by.commune ? { commune: a.by.commune } : {}) } : { sub: a.by.sub },
  ...(a.detail ? { detail: a.detail } : {}),
});

export const linkView = (l: EnterpriseLink) => ({
  sub: l.sub,
  taxCode: l.taxCode,
  status: l.status,
  basis: l.basis,
  createdAt: l.createdAt,
  updatedAt: l.updatedAt,
  acts: l.acts.map(actView),
});

async function refOf(deps: LinkDeps, p: Principal): Promise<string | undefined> {
  return p.personIdHash ? (await deps.personRefKey.refOf())(p.personIdHash) : undefined;
}

const partyOf = (e: Enterprise) => ({ taxCode: e.taxCode, legalRepresentativeRef: e.legalRepresentative.personRef });

/** `POST /me/enterprises`: the caller asks to act for an enterprise; 201 with the link (verified or pending). */
export async function linkEnterprise(deps: LinkDeps, actor: Principal, taxCode: string): Promise<EnterpriseLink> {
  assertCan(actor, 'enterprise-link', 'create', {});
  const [enterprise, existing, personRef] = await Promise.all([
    deps.enterprises.get(taxCode),
    deps.links.get(actor.sub, taxCode),
    refOf(deps, actor),
  ]);
  if (!enterprise) {
    throw new RuleViolationError(`No enterprise ${taxCode} in the registry`, {
      errors: [{ path: 'body.taxCode', message: 'is not a known enterprise' }],
    });
  }
  if (!existing && (await deps.links.linksOf(actor.sub)).length >= MAX_LINKS_PER_PERSON) {
    throw new RuleViolationError(`A person may act for at most ${MAX_LINKS_PER_PERSON} enterprises`, {
      errors: [{ path: 'body.taxCode', message: `you already have ${MAX_LINKS_PER_PERSON} links` }],
    });
  }
  const at = deps.now().toISOString();
  const asked = requestLink({ sub: actor.sub, personRef, organisation: actor.organisation }, partyOf(enterprise), existing, at);
  // The account e-mail the provider asserts verified: where the person hears about the enterprise's files.
  const account = actor.email ? { email: actor.email, ...(actor.language ? { language: actor.language } : {}) } : undefined;
  const next = withAccount(asked, account, at, asked !== existing);
  if (next !== existing) await deps.links.save(next, existing?.version ?? 0);
  return next;
}

/** `GET /me`: who the caller is and the enterprises they are linked to (every status). */
export async function me(deps: LinkDeps, actor: Principal) {
  assertCan(actor, 'enterprise-link', 'read', {});
  const links = await deps.links.linksOf(actor.sub);
  return { sub: actor.sub, enterprises: links.map(linkView), actingFor: actingFor(links) };
}

/**
 * The facts of a delegation: the enterprise's commune, the delegate, and the caller among its
 * legal representatives when their own link is verified and their person ref is the registry's
 * legal representative's now (a former representative approves nothing).
 */
async function delegationFacts(deps: LinkDeps, actor: Principal, e: Enterprise, sub: string): Promise<ResourceFacts> {
  const facts: ResourceFacts = { taxCode: e.taxCode, communeCode: e.communeCode, subject: sub, representatives: [] };
  if (actor.agency) return facts;
  const [own, ref] = await Promise.all([deps.links.get(actor.sub, e.taxCode), refOf(deps, actor)]);
  const representative = own?.status === 'verified' && isLegalRepresentative(ref, partyOf(e));
  return { ...facts, representatives: representative ? [actor.sub] : [] };
}

async function decideDelegation(
  deps: LinkDeps,
  actor: Principal,
  taxCode: string,
  sub: string,
  action: 'approve' | 'revoke',
  reason?: string,
): Promise<EnterpriseLink> {
  const describe = { id: `${taxCode}/${sub}`, label: 'delegation' };
  const [enterprise, link] = await Promise.all([deps.enterprises.get(taxCode), deps.links.get(sub, taxCode)]);
  if (!enterprise || !link) throw new NotFoundError(`No delegation ${describe.id}`);
  assertCan(actor, 'delegation', action, await delegationFacts(deps, actor, enterprise, sub), describe);
  const at = deps.now().toISOString();
  const next = action === 'approve' ? approveLink(link, actingOf(actor), at) : revokeLink(link, actingOf(actor), at, reason);
  if (next !== link) await deps.links.save(next, link.version);
  return next;
}

export const approveDelegation = (deps: LinkDeps, actor: Principal, taxCode: string, sub: string) =>
  decideDelegation(deps, actor, taxCode, sub, 'approve');

export const revokeDelegation = (deps: LinkDeps, actor: Principal, taxCode: string, sub: string, reason?: string) =>
  decideDelegation(deps, actor, taxCode, sub, 'revoke', reason);

/** The registry's `enterprise-links` function: the tax codes a person acts for now (verified links). */
export async function enterprisesOf(deps: Pick<LinkDeps, 'links'>, sub: string): Promise<string[]> {
  return actingFor(await deps.links.linksOf(sub));
}

/** The most accounts `enterprise-accounts` answers with for one enterprise (a message goes to at most ten addresses). */
export const MAX_ACCOUNTS = 20;

/**
 * The registry's `enterprise-accounts` function: the account e-mails of the people acting for an
 * enterprise now (verified links that recorded one), for the notifications service.
 */
export async function accountsOf(deps: Pick<LinkDeps, 'links'>, taxCode: string) {
  const links = await deps.links.linksTo(taxCode);
  return links
    .filter((l) => l.status === 'verified' && l.account)
    .slice(0, MAX_ACCOUNTS)
    .map((l) => l.account!);
}
