/**
 * The authorisation matrix: every jwt route of every service (services/index.ts) × every role ×
 * every placement of the caller (own or other agency, own or other commune, the coordinator, an
 * assigned reviewer), each over the route's real handler with in-memory fakes. What the handler
 * answers must be what the policy table says: allowed → 2xx; refused → 404 for whoever may not read
 * the object, else 403 (a listing leaves the object out instead); fields guarded by their own
 * entry (contacts, people) present exactly for whoever the policy shows them to. A jwt route
 * without an `access` entry, with roles other than its entry's, or without a scenario fails.
 * A scenario may also carry hand-written expectations (who is allowed from where), which the
 * policy's own answers must match. The `association` placement (a business association) runs
 * every route too: only grants that admit associations may let it through.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { can, decide, rolesFor, type ResourceKind } from '../../../shared/access/policy.ts';
import type { RouteSpec } from '../../../shared/manifest.ts';
import { services } from '../../../services/index.ts';
import {
  actorFor,
  ENTERPRISE_PLACEMENTS,
  enterpriseActorFor,
  httpEvent,
  lambdaContext,
  PLACEMENTS,
  ROLES,
  type HandCase,
  type Scenario,
} from './harness.ts';
import { ENTERPRISE_EXPECTATIONS } from './scenarios/enterprise-expectations.ts';
import { intakeScenarios } from './scenarios/intake.ts';
import { registryScenarios } from './scenarios/registry.ts';
import { scoringHandCases, scoringScenarios } from './scenarios/scoring.ts';
import { matchingScenarios } from './scenarios/matching.ts';
import { reportingScenarios } from './scenarios/reporting.ts';
import { fairScenarios } from './scenarios/fairs.ts';
import { planningScenarios } from './scenarios/planning.ts';

const scenarios: Record<string, Scenario> = {
  ...intakeScenarios,
  ...registryScenarios,
  ...scoringScenarios,
  ...matchingScenarios,
  ...reportingScenarios,
  ...fairScenarios,
  ...planningScenarios,
};

/** Cases whose answers are written by hand (issue 18 §2), not computed from the policy. */
const handCases: HandCase[] = [...scoringHandCases];

const jwtRoutes = services.flatMap((m) =>
  m.routes.filter((r) => r.auth.kind === 'jwt').map((r) => ({ service: m.name, route: r, key: `${r.method} ${r.path}` })),
);

/** Fields present in an answer: of the object itself, or of each listed item. */
function present(body: unknown, field: string, list: boolean): boolean[] {
  const objects = list ? ((body as { items?: object[] }).items ?? []) : [body as object];
  return objects.map((o) => field in o);
}

beforeEach(() => {
  // The registry owner is the coordinator unless configured: the matrix runs with the default.
  delete process.env.REGISTRY_OWNER_AGENCY;
});
afterEach(() => {
  delete process.env.REGISTRY_OWNER_AGENCY;
});

describe('every jwt route names its policy entry', () => {
  it.each(jwtRoutes.map((r) => [r.key, r] as const))('%s', (_key, { route }) => {
    expect(route.access, `${route.method} ${route.path} has no access entry`).toBeDefined();
    const auth = route.auth as Extract<RouteSpec['auth'], { kind: 'jwt' }>;
    expect([...auth.roles].sort()).toEqual(rolesFor(route.access!.resource, route.access!.action).sort());
  });

  it('has a scenario for every jwt route, and none for a route that does not exist', () => {
    expect(jwtRoutes.map((r) => r.key).filter((k) => !scenarios[k])).toEqual([]);
    expect(Object.keys(scenarios).filter((k) => !jwtRoutes.some((r) => r.key === k))).toEqual([]);
  });
});

describe('every handler decides as the policy table', () => {
  it.each(jwtRoutes.map((r) => [r.key, r] as const))('%s', async (key, { route }) => {
    const scenario = scenarios[key];
    expect(scenario, `no matrix scenario for ${key}`).toBeDefined();
    const { resource, action } = route.access!;
    const auth = route.auth as Extract<RouteSpec['auth'], { kind: 'jwt' }>;
    const mismatches: string[] = [];
    let allowedSomewhere = false;
    for (const role of ROLES) {
      for (const placement of PLACEMENTS) {
        const actor = actorFor(role, placement);
        const { handler, request, facts } = await scenario!.prepare();
        const res = await handler(httpEvent(key, actor, request), lambdaContext());
        const body: unknown = res.body ? JSON.parse(res.body) : undefined;
        const gated = auth.roles.includes(role);
        const allowed = gated && decide(actor, resource, action, facts).allowed;
        const expectedByHand = scenario!.allowed?.[placement].includes(role);
        if (expectedByHand !== undefined && expectedByHand !== allowed)
          mismatches.push(
            `${role} of ${placement}: the policy ${allowed ? 'allows' : 'refuses'}, the scenario's hand-written expectation says otherwise`,
          );
        allowedSomewhere ||= allowed;
        const who = `${role} of ${placement}`;
        const status = res.statusCode ?? 0;
        if (!gated) {
          if (status !== 403) mismatches.push(`${who}: the route's roles exclude it, yet ${status}`);
          continue;
        }
        if (scenario!.refusal === 'list') {
          if (status !== 200) mismatches.push(`${who}: listing answered ${status} ${res.body}`);
          else if (scenario!.inList!(body) !== allowed)
            mismatches.push(`${who}: the object is ${allowed ? 'missing from' : 'in'} the listing`);
        } else if (allowed) {
          if (status < 200 || status > 299) mismatches.push(`${who}: allowed by the policy, answered ${status} ${res.body}`);
        } else {
          const readKind: ResourceKind = scenario!.readKind ?? resource;
          const hidden = scenario!.refusal === 'object' && !can(actor, readKind, 'read', facts);
          const expected = hidden ? 404 : 403;
          if (status !== expected) mismatches.push(`${who}: refused by the policy, expected ${expected}, answered ${status} ${res.body}`);
        }
        if (status === 200 && body !== undefined) {
          for (const [field, kind] of Object.entries(scenario!.fields ?? {})) {
            const shown = can(actor, kind, 'read', facts);
            for (const has of present(body, field, scenario!.refusal === 'list')) {
              if (has !== shown)
                mismatches.push(`${who}: ${field} ${has ? 'shown' : 'left out'}, the policy says ${shown ? 'show' : 'leave out'}`);
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // A scenario in which nobody succeeds would prove nothing about the allowed side (a route for
    // enterprise users only proves it in the enterprise placements below).
    const enterpriseOk = Object.values(ENTERPRISE_EXPECTATIONS[key] ?? {}).includes('ok');
    expect(allowedSomewhere || enterpriseOk).toBe(true);
  });
});

/**
 * Enterprise users over every route (issue 21): own enterprise, another enterprise, a pending and a
 * revoked delegation. What each gets is written by hand (scenarios/enterprise-expectations.ts): a
 * route not listed there refuses the role at the gateway. The policy's own answer must agree.
 */
describe('enterprise users over every route, as written by hand', () => {
  it('lists only routes that exist', () => {
    expect(Object.keys(ENTERPRISE_EXPECTATIONS).filter((k) => !jwtRoutes.some((r) => r.key === k))).toEqual([]);
  });

  it.each(jwtRoutes.map((r) => [r.key, r] as const))('%s', async (key, { route }) => {
    const scenario = scenarios[key]!;
    const { resource, action } = route.access!;
    const auth = route.auth as Extract<RouteSpec['auth'], { kind: 'jwt' }>;
    const hand = ENTERPRISE_EXPECTATIONS[key];
    expect(auth.roles.includes('enterprise'), `${key}: the route's roles and the hand-written table disagree`).toBe(hand !== undefined);
    const mismatches: string[] = [];
    for (const placement of ENTERPRISE_PLACEMENTS) {
      const actor = enterpriseActorFor(placement, scenario.enterprise);
      const { handler, request, facts } = await scenario.prepare();
      const res = await handler(httpEvent(key, actor, request), lambdaContext());
      const status = res.statusCode ?? 0;
      const body: unknown = res.body ? JSON.parse(res.body) : undefined;
      const expected = hand?.[placement] ?? 403;
      const allowed = hand !== undefined && decide(actor, resource, action, facts).allowed;
      if (allowed !== (expected === 'ok'))
        mismatches.push(`${placement}: the policy ${allowed ? 'allows' : 'refuses'}, the hand-written table says ${expected}`);
      if (expected === 'ok' || expected === 'absent') {
        if (status < 200 || status > 299) mismatches.push(`${placement}: expected ${expected}, answered ${status} ${res.body}`);
        else if (scenario.refusal === 'list' && scenario.inList!(body) !== (expected === 'ok'))
          mismatches.push(`${placement}: the object is ${expected === 'ok' ? 'missing from' : 'in'} the listing`);
      } else if (status !== expected) mismatches.push(`${placement}: expected ${expected}, answered ${status} ${res.body}`);
      if (status === 200 && body !== undefined) {
        for (const [field, kind] of Object.entries(scenario.fields ?? {})) {
          const shown = can(actor, kind, 'read', facts);
          for (const has of present(body, field, scenario.refusal === 'list'))
            if (has !== shown) mismatches.push(`${placement}: ${field} ${has ? 'shown' : 'left out'}, the policy says otherwise`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('cases answered by a table written by hand', () => {
  it.each(handCases.map((c) => [`${c.route} · ${c.who} → ${c.status}`, c] as const))('%s', async (_name, c) => {
    expect(
      jwtRoutes.some((r) => r.key === c.route),
      `no route ${c.route}`,
    ).toBe(true);
    const { handler, request } = await c.prepare();
    const res = await handler(httpEvent(c.route, c.actor, request), lambdaContext());
    expect(res.statusCode, res.body).toBe(c.status);
    if (c.check) expect(c.check(res.body ? JSON.parse(res.body) : {})).toBeUndefined();
  });
});
