/**
 * Whom an enterprise user acts for, as every service serving enterprise users asks it: the
 * registry's `enterprise-links` internal function (shared/contracts/enterprise-links.ts), invoked
 * per request (Lambda Invoke, request/response; locally the runtime's Invoke API), never a copy — so
 * a revoked delegation takes effect at once. Routes that use it declare `invokes:
 * [ENTERPRISE_LINKS_FUNCTION]`, which names the function to them alone and grants the invoke. The
 * Lambda adapter is ./lambda-enterprise-links.ts, apart, so only the functions that build it carry
 * the Lambda client.
 */
import type { Actor } from '../access/policy.ts';
import { isEnterpriseUser, type Principal } from '../http/auth.ts';

/** Whom an enterprise user acts for now: the registry's answer, never a copy. */
export interface EnterpriseLinks {
  enterprisesOf(sub: string): Promise<string[]>;
}

/**
 * The actor of a request: an enterprise user with the enterprises the registry says they act for
 * now (verified, unrevoked links), asked on every request; a staff account as its token says.
 */
export async function actorOf(links: EnterpriseLinks, principal: Principal): Promise<Actor> {
  return isEnterpriseUser(principal) ? { ...principal, enterprises: await links.enterprisesOf(principal.sub) } : principal;
}
