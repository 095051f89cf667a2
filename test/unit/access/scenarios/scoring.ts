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
import { publishRubric } from '../../../../services/scoring/app/rubrics.ts';
import { scoreSubmitted, type SubmittedData } from '../../../../services/scoring/app/scoring.ts';
import { runSelection } from '../../../../services/scoring/app/selections.ts';
import { rubricInput, type RubricInput } from '../../../../services/scoring/domain/rubric.ts';
import { policySchema } from '../../../../services/scoring/domain/selection.ts';
import { scoringSetup } from '../../services/scoring/fakes.ts';
import { ASSIGNED_SUB, COMMUNE, OWNER, type Prepared, type Scenario } from '../harness.ts';

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

/**
 * A programme of the owning agency (known to scoring from its applications) whose panel is the
 * assigned reviewer alone; an application in the owner's commune awaiting that reviewer (generic
 * rubric, panel criteria) and one scored at once (cnht, no panel criteria); a rubric the owning
 * agency published.
 */
async function world() {
  const ctx = scoringSetup();
  await publishRubric(ctx.deps, ownerOfficer, rubricInput.parse(rubric()));
  await setPanel(ctx.deps, ownerOfficer, PROGRAMME, {
    ownerAgency: OWNER,
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
