/**
 * Enterprise users on every route, written by hand from the issue (issue 21, "Access") and the
 * contract (api.md "Enterprises online"), not computed from the policy: a person acting for an
 * enterprise reaches its own enterprise's objects only; another enterprise's, a pending
 * delegation's or a revoked one's is "not found" (404), a listing leaves it out. Routes not listed
 * here refuse the enterprise role at the gateway (403) in every placement.
 */
import type { EnterpriseExpectations } from '../harness.ts';

const OWN_ONLY = { 'own enterprise': 'ok', 'other enterprise': 404, 'pending delegation': 404, 'revoked delegation': 404 } as const;

export const ENTERPRISE_EXPECTATIONS: EnterpriseExpectations = {
  // Their own links: every enterprise user, about themselves.
  'POST /me/enterprises': { 'own enterprise': 'ok', 'other enterprise': 'ok', 'pending delegation': 'ok', 'revoked delegation': 'ok' },
  'GET /me': { 'own enterprise': 'ok', 'other enterprise': 'ok', 'pending delegation': 'ok', 'revoked delegation': 'ok' },
  // The pending delegation of `ent-pending` to the own enterprise, whose legal representative is `ent-own`:
  // the representative approves; the delegate sees it but may not approve itself (403); others do not see it.
  'POST /enterprises/{taxCode}/delegations/{sub}': {
    'own enterprise': 'ok',
    'other enterprise': 404,
    'pending delegation': 403,
    'revoked delegation': 404,
  },
  // The representative revokes it, and the delegate may give it up.
  'DELETE /enterprises/{taxCode}/delegations/{sub}': {
    'own enterprise': 'ok',
    'other enterprise': 404,
    'pending delegation': 'ok',
    'revoked delegation': 404,
  },
};

export { OWN_ONLY };
