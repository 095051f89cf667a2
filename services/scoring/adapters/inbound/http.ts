/** Scoring's HTTP handlers: parse and authorise (httpHandler), call the use case, shape the answer. */
import { assertCan, can } from '../../../../shared/access/policy.ts';
import { httpHandler } from '../../../../shared/http/handler.ts';
import type { WithIdempotency } from '../../../../shared/http/idempotency.ts';
import { getPanel, setPanel } from '../../app/panel.ts';
import type { ScoringDeps } from '../../app/ports.ts';
import { myReviews, submitReview } from '../../app/reviews.ts';
import { getRubric, listRubrics, publishRubric } from '../../app/rubrics.ts';
import { visibleScore } from '../../app/score-view.ts';
import { getSelection, runSelection } from '../../app/selections.ts';
import { SCORING } from '../../config.ts';
import { routes } from '../../routes.ts';

// The catalogue is everyone's, but asked of the policy all the same: a business association is not
// let in by it (shared/access/policy.ts), and sees an empty catalogue or "no such rubric".
export const makeListRubricsHandler = (deps: ScoringDeps) =>
  httpHandler(SCORING, routes.listRubrics, async (req) => ({
    status: 200,
    body: can(req.principal, 'rubric', 'read', {}) ? await listRubrics(deps, req.query) : { items: [], nextCursor: null },
  }));

export const makeGetRubricHandler = (deps: ScoringDeps) =>
  httpHandler(SCORING, routes.getRubric, async (req) => {
    const rubric = await getRubric(deps, req.params.id, req.query.version);
    assertCan(req.principal, 'rubric', 'read', { ownerAgency: rubric.ownerAgency }, { id: req.params.id, label: 'rubric' });
    return { status: 200, body: rubric };
  });

export const makePublishRubricHandler = (deps: ScoringDeps) =>
  httpHandler(SCORING, routes.publishRubric, async (req) => {
    const r = await publishRubric(deps, req.principal, req.body);
    return { status: 201, body: r, headers: { location: `/rubrics/${r.id}?version=${r.version}` } };
  });

export const makeGetPanelHandler = (deps: ScoringDeps) =>
  httpHandler(SCORING, routes.getPanel, async (req) => ({ status: 200, body: await getPanel(deps, req.principal, req.params.id) }));

export const makeSetPanelHandler = (deps: ScoringDeps) =>
  httpHandler(SCORING, routes.setPanel, async (req) => ({
    status: 200,
    body: await setPanel(deps, req.principal, req.params.id, req.body),
  }));

export const makeMyReviewsHandler = (deps: ScoringDeps) =>
  httpHandler(SCORING, routes.myReviews, async (req) => ({ status: 200, body: await myReviews(deps, req.principal, req.query) }));

export const makeSubmitReviewHandler = (deps: ScoringDeps, idempotent: WithIdempotency) =>
  httpHandler(SCORING, routes.submitReview, async (req) =>
    idempotent(req, async () => ({ status: 201, body: await submitReview(deps, req.principal, req.params.id, req.body.criteria) })),
  );

export const makeGetScoreHandler = (deps: ScoringDeps) =>
  httpHandler(SCORING, routes.getScore, async (req) => ({ status: 200, body: await visibleScore(deps, req.principal, req.params.id) }));

export const makeCreateSelectionHandler = (deps: ScoringDeps, idempotent: WithIdempotency) =>
  httpHandler(SCORING, routes.createSelection, async (req) =>
    idempotent(req, async () => {
      const dryRun = req.query.dryRun === 'true';
      const body = await runSelection(deps, req.principal, req.params.id, req.body, dryRun);
      return 'id' in body ? { status: 202, body, headers: { location: `/selections/${body.id}` } } : { status: 200, body };
    }),
  );

export const makeGetSelectionHandler = (deps: ScoringDeps) =>
  httpHandler(SCORING, routes.getSelection, async (req) => ({ status: 200, body: await getSelection(deps, req.principal, req.params.id) }));
