/** Scoring's routes in the authorisation matrix: each over its real handler and the in-memory fakes. */
import type { Actor, ResourceFacts } from '../../../../shared/access/policy.ts';
import { newEnvelope, type Envelope } from '../../../../shared/contracts/envelope.ts';
import type { HttpResult } from '../../../../shared/http/handler.ts';
import {
  makeCreateSelectionHandler,
  makeGetPanelHandler,
  makeGetRubricHandler,
  makeGetScoreHandler,
  makeGetSelectionHandler,
  makeListRubricsHandler,
  makeMyReviewsHandler,
  makePublishRubricHandler,
  makeSetPanelHandler,
  makeSubmitReviewHandler,
} from '../../../../services/scoring/adapters/inbound/http.ts';
import { setPanel } from '../../../../services/scoring/app/panel.ts';
import { recordProgramme } from '../../../../services/scoring/app/programmes.ts';
import type { ProgrammeChanged } from '../../../../shared/contracts/programme.ts';
import { publishRubric } from '../../../../services/scoring/app/rubrics.ts';
import { scoreSubmitted, type SubmittedData } from '../../../../services/scoring/app/scoring.ts';
import { runSelection } from '../../../../services/scoring/app/selections.ts';
import { rubricInput, type RubricInput } from '../../../../services/scoring/domain/rubric.ts';
import { policySchema } from '../../../../services/scoring/domain/selection.ts';
import { scoringSetup } from '../../services/scoring/fakes.ts';
import { submitReview } from '../../../../services/scoring/app/reviews.ts';
import { ASSIGNED_SUB, COMMUNE, OTHER, OWNER, type HandCase, type Prepared, type Scenario } from '../harness.ts';

const passThrough = async (_req: unknown, run: () => Promise<HttpResult>) => run();

const PROGRAMME = '11111111-1111-4111-8111-111111111111';
const PANEL_APP = '22222222-2222-4222-8222-000000000001';
const SCORED_APP = '22222222-2222-4222-8222-000000000002';
const RUBRIC_ID = 'sct-pilot';
/** The owning agency's officer, who sets the world up. */
const ownerOfficer: Actor = { sub: 'officer-setup', agency: OWNER, roles: ['officer'] };

const rubric = (name = 'Supporting-industry pilot rubric'): RubricInput => ({
  id: RUBRIC_ID,
  name,
  criteria: [
    { id: 'proposal-quality', name: 'Quality of the proposal (panel)', group: 'general', maxPoints: 50, computation: { kind: 'panel' } },
  ],
  combination: { panelAggregate: 'mean', disagreementThresholdPoints: 15 },
});

function submitted(applicationId: string, rubricRef: { id: string; version: number }, taxCode: string): Envelope<SubmittedData> {
  return newEnvelope({
    type: 'application.submitted',
    source: 'intake',
    data: {
      applicationId,
      programmeId: PROGRAMME,
      programmeCode: 'CNHT-2026',
      agency: OWNER,
      category: 'supporting-industry',
      taxCode,
      communeCode: COMMUNE,
      rubric: rubricRef,
      answers: { qualitySystem: 'ISO 9001', producesPriorityCnhtProduct: true },
      requestedAmountVnd: 100_000_000,
      submittedAt: '2026-03-20T00:00:00.000Z',
      dueOn: '2026-04-20',
      enterprise: { revision: 1, sizeClass: 'small', vsicMain: '2592', employees: 45, revenueVnd: 40_000_000_000 },
    } as SubmittedData,
  }) as Envelope<SubmittedData>;
}

/** Intake's announcement of the scenarios' programme: scoring knows it and its owner from this alone. */
const announced = (ownerAgency = OWNER) =>
  newEnvelope({
    type: 'programme.changed',
    source: 'intake',
    id: `programme.changed:${PROGRAMME}:1`,
    data: {
      programmeId: PROGRAMME,
      code: 'CNHT-2026',
      name: 'Supporting industry 2026',
      category: 'supporting-industry',
      ownerAgency,
      rubric: { id: 'generic', version: 1 },
      version: 1,
      change: 'created',
      changedAt: '2026-01-05T03:00:00.000Z',
    } satisfies ProgrammeChanged,
  });

/**
 * A programme of the owning agency (announced by intake) whose panel is the assigned reviewer alone; an application in the owner's commune awaiting that reviewer (generic
 * rubric, panel criteria) and one scored at once (cnht, no panel criteria); a rubric the owning
 * agency published.
 */
async function world() {
  const ctx = scoringSetup();
  await publishRubric(ctx.deps, ownerOfficer, rubricInput.parse(rubric()));
  await recordProgramme(ctx.deps, announced());
  await setPanel(ctx.deps, ownerOfficer, PROGRAMME, {
    reviewsPerApplication: 1,
    reviewers: [{ sub: ASSIGNED_SUB, declaredInterests: [] }],
  });
  await scoreSubmitted(ctx.deps, submitted(PANEL_APP, { id: 'generic', version: 1 }, '0100000001'));
  await scoreSubmitted(ctx.deps, submitted(SCORED_APP, { id: 'cnht', version: 1 }, '0100000002'));
  const app = ctx.repo.applications.get(PANEL_APP)!;
  if (app.agency !== OWNER || app.communeCode !== COMMUNE || app.reviewers.map((r) => r.sub).join() !== ASSIGNED_SUB)
    throw new Error('scoring world: the application is not set up as the matrix needs');
  return ctx;
}

/** The world with a committed selection of the programme. */
async function withSelection() {
  const w = await world();
  const sel = await runSelection(w.deps, ownerOfficer, PROGRAMME, policySchema.parse({ budgetVnd: 450_000_000 }), false);
  if (!('id' in sel)) throw new Error('scoring world: the selection was not committed');
  return { ...w, selectionId: sel.id };
}

/** What the use cases give the policy: a programme's (panel, selection) and a rubric's owner; an application's owner and reviewers. */
const ownerFacts: ResourceFacts = { ownerAgency: OWNER };
const appFacts: ResourceFacts = { ownerAgency: OWNER, assignees: [ASSIGNED_SUB] };

const on = (prepare: () => Promise<Prepared>, rest: Omit<Scenario, 'prepare'>): Scenario => ({ prepare, ...rest });
const items = (body: unknown) => (body as { items?: Record<string, unknown>[] }).items ?? [];

export const scoringScenarios: Record<string, Scenario> = {
  'GET /rubrics': on(
    async () => {
      const w = await world();
      return { handler: makeListRubricsHandler(w.deps), request: {}, facts: ownerFacts };
    },
    { refusal: 'list', inList: (body) => items(body).some((r) => r.id === RUBRIC_ID) },
  ),
  'GET /rubrics/{id}': on(
    async () => {
      const w = await world();
      return { handler: makeGetRubricHandler(w.deps), request: { params: { id: RUBRIC_ID } }, facts: ownerFacts };
    },
    { refusal: 'object' },
  ),
  'POST /rubrics': on(
    async () => {
      const w = await world();
      // The next version of the owning agency's rubric: only its staff may publish it.
      return {
        handler: makePublishRubricHandler(w.deps),
        request: { body: rubric('Supporting-industry pilot rubric, revised') },
        facts: ownerFacts,
      };
    },
    { refusal: 'object' },
  ),
  'GET /programmes/{id}/panel': on(
    async () => {
      const w = await world();
      return { handler: makeGetPanelHandler(w.deps), request: { params: { id: PROGRAMME } }, facts: ownerFacts };
    },
    { refusal: 'object' },
  ),
  'PUT /programmes/{id}/panel': on(
    async () => {
      const w = await world();
      return {
        handler: makeSetPanelHandler(w.deps),
        request: {
          params: { id: PROGRAMME },
          body: {
            reviewsPerApplication: 1,
            reviewers: [
              { sub: ASSIGNED_SUB, declaredInterests: [] },
              { sub: 'reviewer-second', declaredInterests: [] },
            ],
          },
        },
        facts: ownerFacts,
      };
    },
    { refusal: 'object' },
  ),
  'GET /reviews/mine': on(
    async () => {
      const w = await world();
      // The use case asks the policy with the assignment's reviewer as the assignee.
      return { handler: makeMyReviewsHandler(w.deps), request: { query: { limit: '100' } }, facts: { assignees: [ASSIGNED_SUB] } };
    },
    { refusal: 'list', inList: (body) => items(body).some((a) => a.applicationId === PANEL_APP) },
  ),
  'POST /applications/{id}/reviews': on(
    async () => {
      const w = await world();
      return {
        handler: makeSubmitReviewHandler(w.deps, passThrough),
        request: {
          params: { id: PANEL_APP },
          body: {
            criteria: [
              { id: 'proposal-quality', points: 20 },
              { id: 'feasibility', points: 15 },
            ],
          },
        },
        facts: appFacts,
      };
    },
    { refusal: 'object' },
  ),
  'GET /applications/{id}/score': on(
    async () => {
      const w = await world();
      return { handler: makeGetScoreHandler(w.deps), request: { params: { id: PANEL_APP } }, facts: appFacts };
    },
    { refusal: 'object', fields: { reviewers: 'score.reviews' } },
  ),
  'POST /programmes/{id}/selections': on(
    async () => {
      const w = await world();
      return {
        handler: makeCreateSelectionHandler(w.deps, passThrough),
        request: { params: { id: PROGRAMME }, body: { budgetVnd: 450_000_000 } },
        facts: ownerFacts,
      };
    },
    { refusal: 'object' },
  ),
  'GET /selections/{id}': on(
    async () => {
      const w = await withSelection();
      return { handler: makeGetSelectionHandler(w.deps), request: { params: { id: w.selectionId } }, facts: ownerFacts };
    },
    { refusal: 'object' },
  ),
};

// ---------------------------------------------------------------------------------------------
// Issue 18 §2 — who sees marks, reviews authorised first, no panel claims. Each expected status
// and what the answer shows is written here by hand; the policy (decide()) is not asked.

const COORDINATOR = 'so-tai-chinh';
const person = (sub: string, agency: string, role: 'admin' | 'officer' | 'reviewer' | 'viewer'): Actor => ({ sub, agency, roles: [role] });
/** The panel of the final application: an outside expert (the assigned reviewer) and a reviewer of the coordinator's agency. */
const expert = person(ASSIGNED_SUB, OTHER, 'reviewer');
const coordinatorsReviewer = person('reviewer-stc', COORDINATOR, 'reviewer');
/** On the panel, but never assigned the application: they declared an interest in its applicant. */
const declaredMember = person('reviewer-declared', OWNER, 'reviewer');
const FINAL_APP = '22222222-2222-4222-8222-000000000003';
const FINAL_TAX = '0100000003';
/** An application assigned to `reviewer-late`, whom the registry links to its applicant only after the assignment. */
const LATE_APP = '22222222-2222-4222-8222-000000000004';
const LATE_TAX = '0100000004';
const LINKED = '0109999999';
const lateReviewer = person('reviewer-late', OTHER, 'reviewer');
const UNSEEN_PROGRAMME = '11111111-1111-4111-8111-999999999999';

/**
 * The §2 world: the programme announced by intake, a panel of four, an application reviewed by
 * the expert and the coordinator's reviewer (final), and one whose reviewer has a conflict the
 * registry revealed after the assignment.
 */
async function privacyWorld() {
  const ctx = scoringSetup();
  await recordProgramme(ctx.deps, announced());
  await setPanel(ctx.deps, ownerOfficer, PROGRAMME, {
    reviewsPerApplication: 2,
    reviewers: [
      { sub: expert.sub, declaredInterests: [] },
      { sub: coordinatorsReviewer.sub, declaredInterests: [] },
      { sub: declaredMember.sub, declaredInterests: [FINAL_TAX] },
    ],
  });
  await scoreSubmitted(ctx.deps, submitted(FINAL_APP, { id: 'generic', version: 1 }, FINAL_TAX));
  for (const [who, q, f] of [
    [expert, 24, 16],
    [coordinatorsReviewer, 20, 14],
  ] as const)
    await submitReview(ctx.deps, who, FINAL_APP, [
      { id: 'proposal-quality', points: q, comment: `marks of ${who.sub}` },
      { id: 'feasibility', points: f },
    ]);
  // The panel for the next application: the late reviewer alone.
  await setPanel(ctx.deps, ownerOfficer, PROGRAMME, {
    reviewsPerApplication: 1,
    reviewers: [{ sub: lateReviewer.sub, declaredInterests: [LINKED] }],
  });
  await scoreSubmitted(ctx.deps, submitted(LATE_APP, { id: 'generic', version: 1 }, LATE_TAX));
  const person1 = 'f'.repeat(64);
  const rev = {
    revision: 1,
    occurredAt: '2026-01-01T00:00:00.000Z',
    employees: 5,
    revenueVnd: 1,
    totalCapitalVnd: 1,
    sizeClass: 'micro',
    status: 'active',
  };
  await ctx.repo.recordEnterprise({ ...rev, taxCode: LINKED, people: [{ role: 'owner', personRef: person1 }] });
  await ctx.repo.recordEnterprise({ ...rev, taxCode: LATE_TAX, people: [{ role: 'legal-representative', personRef: person1 }] });
  const final = ctx.repo.applications.get(FINAL_APP)!;
  const late = ctx.repo.applications.get(LATE_APP)!;
  if (final.status !== 'scored' || late.reviewers.map((r) => r.sub).join() !== lateReviewer.sub)
    throw new Error('scoring §2 world: not set up as the hand-written cases need');
  return ctx;
}

const reviewSubs = (body: Record<string, unknown>) => ((body.reviews as { sub: string }[] | undefined) ?? []).map((r) => r.sub).sort();
const sees =
  (reviews: string[], combined: boolean) =>
  (body: Record<string, unknown>): string | undefined => {
    if (JSON.stringify(reviewSubs(body)) !== JSON.stringify([...reviews].sort())) return `reviews ${reviewSubs(body).join()} shown`;
    const panelPoints = (body.criteria as { id: string; points: number | null }[]).find((c) => c.id === 'proposal-quality')!.points;
    const marksShown = JSON.stringify(body.criteria).includes('"marks"');
    if (combined !== (typeof body.totalPoints === 'number' && panelPoints !== null && marksShown))
      return `combined figures ${combined ? 'withheld' : 'shown'}: total ${body.totalPoints}, panel points ${panelPoints}, marks ${marksShown}`;
    return undefined;
  };
const says = (forbidden: RegExp) => (body: Record<string, unknown>) =>
  forbidden.test(JSON.stringify(body)) ? `the answer says ${JSON.stringify(body).match(forbidden)![0]}` : undefined;

const score = (who: string, actor: Actor, status: number, check?: HandCase['check']): HandCase => ({
  route: 'GET /applications/{id}/score',
  who,
  actor,
  status,
  ...(check ? { check } : {}),
  prepare: async () => ({ handler: makeGetScoreHandler((await privacyWorld()).deps), request: { params: { id: FINAL_APP } } }),
});
const review = (who: string, actor: Actor, applicationId: string, status: number, check?: HandCase['check']): HandCase => ({
  route: 'POST /applications/{id}/reviews',
  who,
  actor,
  status,
  ...(check ? { check } : {}),
  prepare: async () => ({
    handler: makeSubmitReviewHandler((await privacyWorld()).deps, passThrough),
    request: {
      params: { id: applicationId },
      body: {
        criteria: [
          { id: 'proposal-quality', points: 10 },
          { id: 'feasibility', points: 10 },
        ],
      },
    },
  }),
});
const panel = (
  method: 'GET' | 'PUT',
  who: string,
  actor: Actor,
  programmeId: string,
  status: number,
  check?: HandCase['check'],
  before?: (w: Awaited<ReturnType<typeof privacyWorld>>) => Promise<unknown>,
): HandCase => ({
  route: `${method} /programmes/{id}/panel`,
  who,
  actor,
  status,
  ...(check ? { check } : {}),
  prepare: async () => {
    const w = await privacyWorld();
    await before?.(w);
    return method === 'GET'
      ? { handler: makeGetPanelHandler(w.deps), request: { params: { id: programmeId } } }
      : {
          handler: makeSetPanelHandler(w.deps),
          request: {
            params: { id: programmeId },
            body: { reviewsPerApplication: 1, reviewers: [{ sub: 'reviewer-new', declaredInterests: [] }] },
          },
        };
  },
});
const lateConflictTried = (w: Awaited<ReturnType<typeof privacyWorld>>) =>
  submitReview(w.deps, lateReviewer, LATE_APP, [
    { id: 'proposal-quality', points: 10 },
    { id: 'feasibility', points: 10 },
  ]).catch(() => undefined);

export const scoringHandCases: HandCase[] = [
  // Who sees the marks of a final score (two reviews: the expert's and the coordinator's reviewer's).
  score('the assigned outside expert', expert, 200, sees([expert.sub], false)),
  score("the assigned reviewer of the coordinator's agency", coordinatorsReviewer, 200, sees([coordinatorsReviewer.sub], false)),
  score("the owner's officer", person('o', OWNER, 'officer'), 200, sees([expert.sub, coordinatorsReviewer.sub], true)),
  score("the owner's viewer", person('v', OWNER, 'viewer'), 200, sees([expert.sub, coordinatorsReviewer.sub], true)),
  score("the coordinator's officer", person('c', COORDINATOR, 'officer'), 200, sees([expert.sub, coordinatorsReviewer.sub], true)),
  score("the coordinator's viewer", person('cv', COORDINATOR, 'viewer'), 200, sees([expert.sub, coordinatorsReviewer.sub], true)),
  score("a reviewer of the coordinator's agency not assigned", person('stc-other', COORDINATOR, 'reviewer'), 404),
  score("a reviewer of the owner's agency not assigned", person('sct-other', OWNER, 'reviewer'), 404),
  score('a panel member never assigned', declaredMember, 404),
  score("another agency's officer", person('k', OTHER, 'officer'), 404),
  // Reviews: authorised first; a conflict's reason never goes to the reviewer.
  review(
    'a panel member never assigned (declared the applicant)',
    declaredMember,
    FINAL_APP,
    404,
    says(/interest|share|person|0100000003/),
  ),
  review('a reviewer not on the panel', person('outsider', OTHER, 'reviewer'), LATE_APP, 404, says(/interest|share|person/)),
  review(
    'the assigned reviewer the registry since linked to the applicant',
    lateReviewer,
    LATE_APP,
    403,
    says(/interest|share|person|0109999999/),
  ),
  // The panel: the owner's officers only; no claim on a programme scoring has not been told of.
  panel(
    'GET',
    "the owner's officer, after a late conflict",
    person('o', OWNER, 'officer'),
    PROGRAMME,
    200,
    (body) =>
      JSON.stringify(body.conflicts).includes('share a person') && JSON.stringify(body.unassignable).includes(LATE_APP)
        ? undefined
        : `the conflict with its reason, or the application no one can review, is not listed: ${JSON.stringify(body)}`,
    lateConflictTried,
  ),
  panel('GET', "the owner's viewer", person('v', OWNER, 'viewer'), PROGRAMME, 403),
  panel('GET', 'the reviewer unassigned for the conflict', lateReviewer, PROGRAMME, 403),
  panel('GET', "the coordinator's officer", person('c', COORDINATOR, 'officer'), PROGRAMME, 404),
  panel('GET', "another agency's officer", person('k', OTHER, 'officer'), PROGRAMME, 404),
  panel('PUT', "another agency's officer", person('k', OTHER, 'officer'), PROGRAMME, 404),
  panel(
    'PUT',
    "another agency's officer, on a programme scoring has not been told of",
    person('k', OTHER, 'officer'),
    UNSEEN_PROGRAMME,
    404,
  ),
  panel('PUT', "the owner's officer, on a programme scoring has not been told of", person('o', OWNER, 'officer'), UNSEEN_PROGRAMME, 404),
  panel('PUT', "the owner's officer", person('o', OWNER, 'officer'), PROGRAMME, 200),
];
