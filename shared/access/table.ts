/**
 * The access policy as a table for people: docs/access-policy.md is generated from the policy and
 * the manifests by scripts/generate-access-policy.ts, and a unit test fails when it is stale.
 */
import type { Role, ServiceManifest } from '../manifest.ts';
import { COORDINATOR_AGENCY, decide, grantsFor, POLICY, type Actor, type ResourceFacts, type ResourceKind } from './policy.ts';

const ROLES: readonly Role[] = ['admin', 'officer', 'reviewer', 'viewer'];

/** Callers placed around one object: owned and taken in by agency A, in commune 00004, assigned to a reviewer. */
const OBJECT: ResourceFacts = { ownerAgency: 'agency-a', intakeAgency: 'agency-a', communeCode: '00004', assignees: ['assigned-reviewer'] };
const PLACES: readonly { label: string; actor: (role: Role) => Actor }[] = [
  { label: 'owning agency', actor: (role) => ({ sub: `${role}-a`, agency: 'agency-a', roles: [role] }) },
  { label: "object's commune committee", actor: (role) => ({ sub: `${role}-c`, agency: 'ubnd-xa', roles: [role], commune: '00004' }) },
  { label: 'assigned reviewer (other agency)', actor: (role) => ({ sub: 'assigned-reviewer', agency: 'agency-b', roles: [role] }) },
  { label: 'other agency', actor: (role) => ({ sub: `${role}-b`, agency: 'agency-b', roles: [role] }) },
  { label: 'other commune committee', actor: (role) => ({ sub: `${role}-d`, agency: 'ubnd-xa', roles: [role], commune: '00070' }) },
  {
    label: `coordinator (${COORDINATOR_AGENCY}, registry owner by default)`,
    actor: (role) => ({ sub: `${role}-stc`, agency: COORDINATOR_AGENCY, roles: [role] }),
  },
  { label: 'business association (hh-…)', actor: (role) => ({ sub: `${role}-hh`, agency: 'hh-dnnvv-hn', roles: [role] }) },
];

/** Entries decided on no route: what uses them. */
const NO_ROUTE: Partial<Record<string, string>> = {
  'fair-meeting': '(matching itself: fair runs, the `fair-meetings-held` schedule)',
};

const entries = (): { kind: ResourceKind; action: string }[] =>
  (Object.keys(POLICY) as ResourceKind[]).flatMap((kind) => Object.keys(POLICY[kind]).map((action) => ({ kind, action })));

export function renderAccessPolicy(manifests: readonly ServiceManifest[]): string {
  const routesOf = (kind: string, action: string) =>
    manifests
      .flatMap((m) => m.routes.filter((r) => r.access?.resource === kind && r.access.action === action))
      .map((r) => `\`${r.method} ${r.path}\``)
      .join(', ') ||
    (NO_ROUTE[kind] ?? '(no route of its own: fields left out of other answers, or 404 told from 403)');
  const lines = [
    '# Access policy — who may do what',
    '',
    '> GENERATED from `shared/access/policy.ts` and the service manifests by `npx tsx scripts/generate-access-policy.ts`;',
    '> do not edit by hand (a unit test fails when it is stale). docs/design-notes.md, "Access", explains the model.',
    '',
    "Relations: **owner-agency** — the agency owning the object (a programme; an application: its programme's owner);",
    '**intake-agency** — the agency that took it in; **commune** — a commune committee (token with a `commune` claim) and',
    'an object in its commune (a committee acts only through its commune); **assigned** — the object names the caller',
    'among its assignees; **coordinator** — Sở Tài chính, read only; **registry-owner** — the agency owning registry data',
    '(`REGISTRY_OWNER_AGENCY`, default the coordinator); **any-agency** — any agency account; **everyone** — any account.',
    'Business associations (agency codes `hh-…`) use only the grants marked **+ associations**, through their relations;',
    'every other grant is closed to them.',
    'Enterprise users (role **enterprise**, no agency) act only through **own-enterprise** — an object of an enterprise they',
    "act for by a verified, unrevoked link (the registry answers, per request) — **legal-representative** (the enterprise's",
    'verified legal representative), **self** (a delegation that is their own) and **everyone** (their own links).',
    "Another agency's object is answered 404; an object the caller may read but not change, 403 with the reason.",
    '',
    '## The table',
    '',
    '| resource | action | roles | through | routes |',
    '|---|---|---|---|---|',
    ...entries().flatMap(({ kind, action }) =>
      grantsFor(kind, action).map((g, i) => {
        const [k, a, routes] = i === 0 ? [kind, action, routesOf(kind, action)] : ['', '', ''];
        const relations = `${g.relations.join(', ')}${g.associations ? ' + associations' : ''}`;
        return `| ${k} | ${a} | ${g.roles.join(', ')} | ${relations} | ${routes} |`;
      }),
    ),
    '',
    '## Who, around one object',
    '',
    'An object owned and taken in by agency A, in commune 00004, assigned to one reviewer of agency B. Each cell lists the',
    'roles that may (A = admin, O = officer, R = reviewer, V = viewer); — nobody.',
    '',
    `| resource · action | ${PLACES.map((p) => p.label).join(' | ')} |`,
    `|---|${PLACES.map(() => '---').join('|')}|`,
    ...entries().map(({ kind, action }) => {
      const cells = PLACES.map((p) => {
        const who = ROLES.filter((role) => decide(p.actor(role), kind, action, OBJECT).allowed).map((r) => r[0]!.toUpperCase());
        return who.length ? who.join(' ') : '—';
      });
      return `| ${kind} · ${action} | ${cells.join(' | ')} |`;
    }),
    '',
  ];
  return lines.join('\n');
}
