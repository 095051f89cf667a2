/**
 * Planning's routes in the authorisation matrix, each over its real handler and the in-memory
 * fakes, with hand-written expectations: who may, from where, written down here rather than read
 * from the policy table, so the table is checked against what the plan's rules say.
 *
 * The objects: a plan of 2026 drawn up by Sở Tài chính (the coordinator) with a contribution of the
 * owning agency (Sở Công Thương); an activity of the owning agency. Business associations read
 * approved plans and write only their own things: in every scenario the association is another
 * organisation, so it is refused all but an approved plan (its own contribution and activities are
 * in test/unit/services/planning/plans.test.ts and activities.test.ts).
 */
import type { Role } from '../../../../shared/manifest.ts';
import type { HttpResult } from '../../../../shared/http/handler.ts';
import {
  makeAddAttendanceHandler,
  makeApprovePlanHandler,
  makeCompleteActivityHandler,
  makeCreateActivityHandler,
  makeCreatePlanHandler,
  makeGetActivityHandler,
  makeGetAttendanceUploadHandler,
  makeGetContributionHandler,
  makeGetPlanHandler,
  makeListActivitiesHandler,
  makeListPlansHandler,
  makeListSupportContentsHandler,
  makePutContributionHandler,
  makePutTargetsHandler,
  makeRequestAttendanceUploadHandler,
  makeSubmitPlanHandler,
} from '../../../../services/planning/adapters/inbound/http.ts';
import { createActivity } from '../../../../services/planning/app/activities.ts';
import { requestAttendanceUpload } from '../../../../services/planning/app/attendance-uploads.ts';
import { approvePlan, createPlan, putContribution, putTargets, submitPlan } from '../../../../services/planning/app/plans.ts';
import { schemeTargets } from '../../../../services/planning/domain/scheme-targets.ts';
import { fakePlanningDeps } from '../../services/planning/fakes.ts';
import { OWNER, type Placement, type Prepared, type Scenario } from '../harness.ts';

const passThrough = async (_req: unknown, run: () => Promise<HttpResult>) => run();

const ALL: readonly Role[] = ['admin', 'officer', 'reviewer', 'viewer'];
const STAFF: readonly Role[] = ['admin', 'officer'];
const READERS: readonly Role[] = ['admin', 'officer', 'viewer'];
const NONE: readonly Role[] = [];

/** Allowed nowhere but where listed. */
const only = (allowed: Partial<Record<Placement, readonly Role[]>>): Record<Placement, readonly Role[]> => ({
  'own agency': NONE,
  'other agency': NONE,
  'own commune': NONE,
  'other commune': NONE,
  coordinator: NONE,
  assigned: NONE,
  association: NONE,
  ...allowed,
});

const drafter = { sub: 'stc-drafter', agency: 'so-tai-chinh', roles: ['officer'] as const };
const approver = { sub: 'stc-approver', agency: 'so-tai-chinh', roles: ['admin'] as const };
const ownOfficer = { sub: 'sct-officer', agency: OWNER, roles: ['officer'] as const };

const contribution = {
  activities: [{ id: 'sct-1', title: 'Hội thảo CNHT', kind: 'workshop' as const, targetIds: ['indirect-support'], expected: 300 }],
  allocations: [{ targetId: 'indirect-support', goal: 4_000 }],
  status: 'open' as const,
};

/** A 2026 plan with its targets and the owning agency's contribution; submitted or approved as asked. */
async function planWorld(status: 'draft' | 'submitted' | 'approved') {
  const w = fakePlanningDeps();
  let plan = await createPlan(w.deps, { ...drafter, roles: ['officer'] }, { year: 2026 });
  plan = await putTargets(w.deps, { ...drafter, roles: ['officer'] }, plan.id, { targets: schemeTargets(2026) }, plan.revision);
  plan = await putContribution(w.deps, { ...ownOfficer, roles: ['officer'] }, plan.id, OWNER, contribution, plan.revision);
  if (status !== 'draft') plan = await submitPlan(w.deps, { ...drafter, roles: ['officer'] }, plan.id, plan.revision);
  if (status === 'approved') plan = await approvePlan(w.deps, { ...approver, roles: ['admin'] }, plan.id, plan.revision);
  return { ...w, plan };
}

/** An activity of the owning agency that has taken place, with one list of attendance and an upload job. */
async function activityWorld() {
  const w = fakePlanningDeps();
  const officer = { ...ownOfficer, roles: ['officer' as const] };
  const activity = await createActivity(w.deps, officer, { kind: 'workshop', title: 'Hội thảo chuyển đổi số', startsOn: '2026-03-05' });
  const upload = await requestAttendanceUpload(w.deps, officer, activity.id, { sizeBytes: 120 });
  return { ...w, activity, upload };
}

const on = (prepare: () => Promise<Prepared>, rest: Omit<Scenario, 'prepare'>): Scenario => ({ prepare, ...rest });
const listed = (id: () => string) => (body: unknown) => ((body as { items?: { id: string }[] }).items ?? []).some((i) => i.id === id());

const activityFacts = { ownerAgency: OWNER };
const ownActivity = only({ 'own agency': READERS, coordinator: ALL });
const ownActivityWrite = only({ 'own agency': STAFF });

export const planningScenarios: Record<string, Scenario> = {
  'POST /plans': on(
    async () => ({ handler: makeCreatePlanHandler(fakePlanningDeps().deps, passThrough), request: { body: { year: 2026 } }, facts: {} }),
    { refusal: 'objectless', allowed: only({ coordinator: STAFF }) },
  ),
  'GET /plans': (() => {
    let id = '';
    return on(
      async () => {
        const w = await planWorld('approved');
        id = w.plan.id;
        return { handler: makeListPlansHandler(w.deps), request: { query: { year: '2026', limit: '100' } }, facts: {} };
      },
      // An approved plan is everyone's to read, business associations included.
      {
        refusal: 'list',
        inList: listed(() => id),
        allowed: only({
          'own agency': ALL,
          'other agency': ALL,
          'own commune': ALL,
          'other commune': ALL,
          coordinator: ALL,
          assigned: ALL,
          association: ALL,
        }),
      },
    );
  })(),
  'GET /plans/{id}': on(
    async () => {
      const w = await planWorld('approved');
      return { handler: makeGetPlanHandler(w.deps), request: { params: { id: w.plan.id } }, facts: {} };
    },
    {
      refusal: 'object',
      allowed: only({
        'own agency': ALL,
        'other agency': ALL,
        'own commune': ALL,
        'other commune': ALL,
        coordinator: ALL,
        assigned: ALL,
        association: ALL,
      }),
    },
  ),
  'PUT /plans/{id}/targets': on(
    async () => {
      const w = await planWorld('draft');
      return {
        handler: makePutTargetsHandler(w.deps),
        request: { params: { id: w.plan.id }, body: { targets: schemeTargets(2026) }, headers: { 'if-match': `"${w.plan.revision}"` } },
        facts: {},
      };
    },
    { refusal: 'object', readKind: 'plan.draft', allowed: only({ coordinator: STAFF }) },
  ),
  'PUT /plans/{id}/contributions/{contributor}': on(
    async () => {
      const w = await planWorld('draft');
      return {
        handler: makePutContributionHandler(w.deps),
        request: {
          params: { id: w.plan.id, contributor: OWNER },
          body: { ...contribution, status: 'submitted' },
          headers: { 'if-match': `"${w.plan.revision}"` },
        },
        facts: { ownerAgency: OWNER },
      };
    },
    // Its own staff only: the coordinator reads it (403), everyone else is told it does not exist.
    { refusal: 'object', allowed: only({ 'own agency': STAFF }) },
  ),
  'GET /plans/{id}/contributions/{contributor}': on(
    async () => {
      const w = await planWorld('draft');
      return {
        handler: makeGetContributionHandler(w.deps),
        request: { params: { id: w.plan.id, contributor: OWNER } },
        facts: { ownerAgency: OWNER },
      };
    },
    { refusal: 'object', allowed: only({ 'own agency': READERS, coordinator: ALL }) },
  ),
  'POST /plans/{id}/submit': on(
    async () => {
      const w = await planWorld('draft');
      return { handler: makeSubmitPlanHandler(w.deps), request: { params: { id: w.plan.id } }, facts: {} };
    },
    { refusal: 'object', readKind: 'plan.draft', allowed: only({ coordinator: STAFF }) },
  ),
  'POST /plans/{id}/approve': on(
    async () => {
      // Submitted by another person of Sở Tài chính than any caller here: four eyes hold.
      const w = await planWorld('submitted');
      return { handler: makeApprovePlanHandler(w.deps), request: { params: { id: w.plan.id } }, facts: {} };
    },
    { refusal: 'object', readKind: 'plan.draft', allowed: only({ coordinator: STAFF }) },
  ),
  'POST /activities': on(
    async () => ({
      handler: makeCreateActivityHandler(fakePlanningDeps().deps, passThrough),
      request: { body: { kind: 'conference', title: 'Hội nghị DNNVV', agency: OWNER, startsOn: '2026-04-02' } },
      facts: activityFacts,
    }),
    { refusal: 'objectless', allowed: ownActivityWrite },
  ),
  'GET /activities': (() => {
    let id = '';
    return on(
      async () => {
        const w = await activityWorld();
        id = w.activity.id;
        return { handler: makeListActivitiesHandler(w.deps), request: { query: { limit: '100' } }, facts: activityFacts };
      },
      { refusal: 'list', inList: listed(() => id), allowed: ownActivity },
    );
  })(),
  'GET /activities/{id}': on(
    async () => {
      const w = await activityWorld();
      return { handler: makeGetActivityHandler(w.deps), request: { params: { id: w.activity.id } }, facts: activityFacts };
    },
    { refusal: 'object', allowed: ownActivity },
  ),
  'POST /activities/{id}/attendance': on(
    async () => {
      const w = await activityWorld();
      return {
        handler: makeAddAttendanceHandler(w.deps, passThrough),
        request: {
          params: { id: w.activity.id },
          body: {
            rows: [
              { taxCode: '0100233488', personIdHash: 'a'.repeat(64), role: 'ceo' },
              { role: 'worker', headCount: 12 },
            ],
          },
        },
        facts: activityFacts,
      };
    },
    { refusal: 'object', allowed: ownActivityWrite },
  ),
  'POST /activities/{id}/attendance-uploads': on(
    async () => {
      const w = await activityWorld();
      return {
        handler: makeRequestAttendanceUploadHandler(w.deps),
        request: { params: { id: w.activity.id }, body: { sizeBytes: 2048, fileName: 'attendance.csv' } },
        facts: activityFacts,
      };
    },
    { refusal: 'object', allowed: ownActivityWrite },
  ),
  'GET /activities/{id}/attendance-uploads/{uploadId}': on(
    async () => {
      const w = await activityWorld();
      return {
        handler: makeGetAttendanceUploadHandler(w.deps),
        request: { params: { id: w.activity.id, uploadId: w.upload.id } },
        facts: activityFacts,
      };
    },
    { refusal: 'object', allowed: ownActivity },
  ),
  'POST /activities/{id}/complete': on(
    async () => {
      const w = await activityWorld();
      return { handler: makeCompleteActivityHandler(w.deps), request: { params: { id: w.activity.id } }, facts: activityFacts };
    },
    { refusal: 'object', allowed: ownActivityWrite },
  ),
  'GET /support-contents': on(async () => ({ handler: makeListSupportContentsHandler(), request: { query: {} }, facts: {} }), {
    refusal: 'objectless',
    // A catalogue every account reads, but not a business association: it reads plans and KPIs only.
    allowed: only({
      'own agency': ALL,
      'other agency': ALL,
      'own commune': ALL,
      'other commune': ALL,
      coordinator: ALL,
      assigned: ALL,
    }),
  }),
};
