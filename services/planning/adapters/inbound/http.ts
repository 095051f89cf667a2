/** Planning's HTTP handlers: parse and authorise (httpHandler), call the use case, shape the answer. */
import { assertCan } from '../../../../shared/access/policy.ts';
import { httpHandler, type HttpResult } from '../../../../shared/http/handler.ts';
import type { WithIdempotency } from '../../../../shared/http/idempotency.ts';
import { expectedVersion, versioned } from '../../../../shared/http/versions.ts';
import { SUPPORT_CONTENTS } from '../../../../shared/reference/support-contents.ts';
import { activityView, addAttendance, completeActivity, createActivity, getActivity, listActivities } from '../../app/activities.ts';
import { getAttendanceUpload, requestAttendanceUpload } from '../../app/attendance-uploads.ts';
import { approvePlan, createPlan, getContribution, getPlan, listPlans, putContribution, putTargets, submitPlan } from '../../app/plans.ts';
import type { PlanningDeps } from '../../app/ports.ts';
import { PLANNING } from '../../config.ts';
import type { Plan } from '../../domain/plan.ts';
import { routes } from '../../routes.ts';

/** A plan answers with its revision as the ETag (If-Match on its changes). */
const planResult = (status: number, plan: Plan): HttpResult => ({ status, body: plan, headers: { etag: `"${plan.revision}"` } });

export const makeCreatePlanHandler = (deps: PlanningDeps, idempotent: WithIdempotency) =>
  httpHandler(PLANNING, routes.createPlan, async (req) =>
    idempotent(req, async () => {
      const plan = await createPlan(deps, req.principal, req.body);
      const r = planResult(201, plan);
      return { ...r, headers: { ...r.headers, location: `/plans/${plan.id}` } };
    }),
  );

export const makeListPlansHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.listPlans, async (req) => ({ status: 200, body: await listPlans(deps, req.principal, req.query) }));

export const makeGetPlanHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.getPlan, async (req) => planResult(200, await getPlan(deps, req.principal, req.params.id)));

export const makePutTargetsHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.putTargets, async (req) =>
    planResult(200, await putTargets(deps, req.principal, req.params.id, req.body, expectedVersion(req.headers))),
  );

export const makePutContributionHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.putContribution, async (req) =>
    planResult(
      200,
      await putContribution(deps, req.principal, req.params.id, req.params.contributor, req.body, expectedVersion(req.headers)),
    ),
  );

export const makeGetContributionHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.getContribution, async (req) => ({
    status: 200,
    body: await getContribution(deps, req.principal, req.params.id, req.params.contributor),
  }));

export const makeSubmitPlanHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.submitPlan, async (req) =>
    planResult(200, await submitPlan(deps, req.principal, req.params.id, expectedVersion(req.headers))),
  );

export const makeApprovePlanHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.approvePlan, async (req) =>
    planResult(200, await approvePlan(deps, req.principal, req.params.id, expectedVersion(req.headers))),
  );

export const makeCreateActivityHandler = (deps: PlanningDeps, idempotent: WithIdempotency) =>
  httpHandler(PLANNING, routes.createActivity, async (req) =>
    idempotent(req, async () => {
      const a = await createActivity(deps, req.principal, req.body);
      return { ...versioned(201, activityView(a)), headers: { etag: `"${a.version}"`, location: `/activities/${a.id}` } };
    }),
  );

export const makeListActivitiesHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.listActivities, async (req) => ({
    status: 200,
    body: await listActivities(deps, req.principal, req.query),
  }));

export const makeGetActivityHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.getActivity, async (req) => versioned(200, await getActivity(deps, req.principal, req.params.id)));

export const makeAddAttendanceHandler = (deps: PlanningDeps, idempotent: WithIdempotency) =>
  httpHandler(PLANNING, routes.addAttendance, async (req) =>
    idempotent(req, async () => versioned(200, await addAttendance(deps, req.principal, req.params.id, req.body.rows))),
  );

export const makeRequestAttendanceUploadHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.requestAttendanceUpload, async (req) => {
    const u = await requestAttendanceUpload(deps, req.principal, req.params.id, req.body);
    return { status: 201, body: u, headers: { location: `/activities/${u.activityId}/attendance-uploads/${u.id}` } };
  });

export const makeGetAttendanceUploadHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.getAttendanceUpload, async (req) => ({
    status: 200,
    body: await getAttendanceUpload(deps, req.principal, req.params.id, req.params.uploadId),
  }));

export const makeCompleteActivityHandler = (deps: PlanningDeps) =>
  httpHandler(PLANNING, routes.completeActivity, async (req) => versioned(200, await completeActivity(deps, req.principal, req.params.id)));

/** The catalogue (shared/reference/support-contents.ts), for whoever the policy lets read it. */
export const makeListSupportContentsHandler = () =>
  httpHandler(PLANNING, routes.listSupportContents, async (req) => {
    assertCan(req.principal, 'support-content', 'read', {});
    const direct = req.query.direct === undefined ? undefined : req.query.direct === 'true';
    const items = SUPPORT_CONTENTS.filter(
      (c) => (req.query.group === undefined || c.group === req.query.group) && (direct === undefined || c.direct === direct),
    );
    return { status: 200, body: { items } };
  });
