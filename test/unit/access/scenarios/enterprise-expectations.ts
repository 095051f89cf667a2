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
  // Intake: the applicant's own files. Drafting for another enterprise is refused plainly (403: there is no object yet).
  'POST /applications': { 'own enterprise': 'ok', 'other enterprise': 403, 'pending delegation': 403, 'revoked delegation': 403 },
  'GET /applications': {
    'own enterprise': 'ok',
    'other enterprise': 'absent',
    'pending delegation': 'absent',
    'revoked delegation': 'absent',
  },
  'GET /applications/{id}': OWN_ONLY,
  'POST /applications/{id}/documents': OWN_ONLY,
  'GET /applications/{id}/documents': OWN_ONLY,
  'GET /applications/{id}/documents/{docId}': OWN_ONLY,
  'POST /applications/{id}/submit': OWN_ONLY,
  'POST /applications/{id}/withdraw': OWN_ONLY,
  'POST /applications/{id}/supplements': OWN_ONLY,
  'GET /enterprises/{taxCode}/support': OWN_ONLY,
  'GET /me/programmes': OWN_ONLY,
  // Matching: its own supplier profile and its opportunities.
  'PUT /suppliers/{taxCode}/profile': OWN_ONLY,
  'GET /suppliers/{taxCode}/profile': OWN_ONLY,
  'GET /suppliers/{taxCode}/opportunities': OWN_ONLY,
  // Trade fairs: the fairs open to its own enterprise; registering another enterprise is refused
  // plainly (403: nothing of it exists yet); its own accepted participation's wishes and agenda.
  'GET /me/fairs': OWN_ONLY,
  'POST /fairs/{id}/registrations': {
    'own enterprise': 'ok',
    'other enterprise': 403,
    'pending delegation': 403,
    'revoked delegation': 403,
  },
  'PUT /fairs/{id}/participants/{pid}/preferences': OWN_ONLY,
  'GET /fairs/{id}/participants/{pid}/agenda': OWN_ONLY,
};
