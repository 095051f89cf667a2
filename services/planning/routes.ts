/**
 * Planning's HTTP routes (docs/api.md, "Annual plan", "Activities that are not grants", "Support
 * contents"). Every string and list is bounded; the bounds are the domain's.
 */
import * as z from 'zod';
import { routeAccess } from '../../shared/access/policy.ts';
import { ACTIVITY_KINDS } from '../../shared/contracts/planning.ts';
import { paginationQuery } from '../../shared/http/pagination.ts';
import { agencyCodeSchema } from '../../shared/reference/agency.ts';
import type { RouteSpec } from '../../shared/manifest.ts';
import { PERSON_REFS_FUNCTION } from '../../shared/contracts/person-refs.ts';
import { attendanceRowInput, MAX_ATTENDANCE_ROWS_PER_REQUEST, MAX_UPLOAD_BYTES } from './domain/activity.ts';
import { contributionInput, contributorSchema, MAX_YEAR, MIN_YEAR, PLAN_STATUSES, targetsInput } from './domain/plan.ts';

const id = z.object({ id: z.uuid() });
const yearNumber = z.number().int().min(MIN_YEAR).max(MAX_YEAR);
const day = z.iso.date();
const agencyCode = agencyCodeSchema;
const ifMatch = 'Send If-Match with the plan revision you read (its ETag): required; 409 when the plan changed since.';

const planView = z
  .object({
    id: z.string(),
    year: z.number(),
    version: z.number(),
    revision: z.number(),
    status: z.enum(PLAN_STATUSES),
    targets: z.array(z.object({ id: z.string() }).loose()),
    contributions: z.array(z.object({ agency: z.string() }).loose()),
  })
  .loose();
const activityView = z
  .object({ id: z.string(), kind: z.enum(ACTIVITY_KINDS), agency: z.string(), status: z.enum(['open', 'completed']), version: z.number() })
  .loose();

export const routes = {
  createPlan: {
    method: 'POST',
    path: '/plans',
    handler: 'adapters/inbound/create-plan.handler.ts',
    ...routeAccess('plan', 'create'),
    summary:
      "Draft a new version of a year's plan (Sở Tài chính); `basedOn` copies another plan's targets (and, for the same year, its contributions). One draft per year. Honours Idempotency-Key",
    request: { body: z.strictObject({ year: yearNumber, basedOn: z.uuid().optional() }) },
    responses: { 201: { description: 'the draft', schema: planView } },
  },
  listPlans: {
    method: 'GET',
    path: '/plans',
    handler: 'adapters/inbound/list-plans.handler.ts',
    ...routeAccess('plan', 'read'),
    summary: "A year's plan versions (or every year's), newest first, without contributions; drafts only to Sở Tài chính and contributors",
    request: { query: paginationQuery.extend({ year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional() }) },
  },
  getPlan: {
    method: 'GET',
    path: '/plans/{id}',
    handler: 'adapters/inbound/get-plan.handler.ts',
    ...routeAccess('plan', 'read'),
    summary:
      "A plan version: targets (unit, period, goal, source, measures, allocations), reference figures of older plans, contributions (of a draft: the caller's own; Sở Tài chính sees all). ETag: its revision",
    request: { params: id },
    responses: { 200: { description: 'the plan', schema: planView } },
  },
  putTargets: {
    method: 'PUT',
    path: '/plans/{id}/targets',
    handler: 'adapters/inbound/put-targets.handler.ts',
    ...routeAccess('plan', 'update'),
    summary: `Set a draft's targets (and its reference figures): Sở Tài chính consolidates the contributions into the targets' allocations. ${ifMatch}`,
    request: { params: id, body: targetsInput },
    responses: {
      200: { description: 'the plan', schema: planView },
      422: { description: "Targets that do not fit the plan's year or its measures, or allocations named twice (every reason listed)" },
    },
  },
  putContribution: {
    method: 'PUT',
    path: '/plans/{id}/contributions/{contributor}',
    handler: 'adapters/inbound/put-contribution.handler.ts',
    ...routeAccess('plan.contribution', 'update'),
    summary: `A contributor's own part of a draft: its activities and the share of the targets it proposes (an agency code, or ubnd-xa-<commune> for a commune committee). ${ifMatch}`,
    request: { params: z.object({ id: z.uuid(), contributor: contributorSchema }), body: contributionInput },
    responses: {
      200: { description: 'the plan', schema: planView },
      422: { description: "A contribution naming targets the plan lacks, too large, or past the plan's 250 contributions" },
    },
  },
  getContribution: {
    method: 'GET',
    path: '/plans/{id}/contributions/{contributor}',
    handler: 'adapters/inbound/get-contribution.handler.ts',
    ...routeAccess('plan.contribution', 'read'),
    summary: 'One contribution: of a draft, to its contributor and Sở Tài chính only; of an approved plan, to everyone',
    request: { params: z.object({ id: z.uuid(), contributor: contributorSchema }) },
  },
  submitPlan: {
    method: 'POST',
    path: '/plans/{id}/submit',
    handler: 'adapters/inbound/submit-plan.handler.ts',
    ...routeAccess('plan', 'submit'),
    summary: 'Submit a draft for approval (Sở Tài chính). If-Match optional',
    request: { params: id },
    responses: { 200: { description: 'the plan', schema: planView }, 422: { description: 'A plan without targets' } },
  },
  approvePlan: {
    method: 'POST',
    path: '/plans/{id}/approve',
    handler: 'adapters/inbound/approve-plan.handler.ts',
    ...routeAccess('plan', 'approve'),
    summary:
      "Approve a submitted plan: another person of Sở Tài chính than its submitter (403 for the submitter). It supersedes the year's earlier approved version and publishes plan.approved. If-Match optional",
    request: { params: id },
    responses: { 200: { description: 'the plan', schema: planView } },
  },
  createActivity: {
    method: 'POST',
    path: '/activities',
    handler: 'adapters/inbound/create-activity.handler.ts',
    ...routeAccess('activity', 'create'),
    summary:
      'Record an activity that is not a grant (conference, workshop, training course, information session, consulting round, publication, outreach) for your own agency — a commune committee as ubnd-xa in its commune. Trade fairs are not activities. Honours Idempotency-Key',
    request: {
      body: z.strictObject({
        kind: z.enum(ACTIVITY_KINDS),
        title: z.string().trim().min(1).max(200),
        agency: agencyCode.optional(),
        startsOn: day,
        endsOn: day.optional(),
        commune: z
          .string()
          .regex(/^\d{5}$/)
          .optional(),
        planActivityId: z.string().trim().min(1).max(100).optional(),
        targetIds: z
          .array(
            z
              .string()
              .min(1)
              .max(64)
              .regex(/^[a-z0-9][a-z0-9-]*$/),
          )
          .max(20)
          .refine((a) => new Set(a).size === a.length, 'must not repeat a target')
          .optional(),
      }),
    },
    responses: {
      201: { description: 'the activity', schema: activityView },
      422: { description: 'A commune that is not a Hanoi commune, a commune committee without its commune, or dates out of order' },
    },
  },
  listActivities: {
    method: 'GET',
    path: '/activities',
    handler: 'adapters/inbound/list-activities.handler.ts',
    ...routeAccess('activity', 'read'),
    summary: "Activities newest first: your agency's (a commune committee: its commune's); Sở Tài chính any agency's",
    request: {
      query: paginationQuery.extend({
        year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional(),
        kind: z.enum(ACTIVITY_KINDS).optional(),
        agency: agencyCode.optional(),
      }),
    },
  },
  getActivity: {
    method: 'GET',
    path: '/activities/{id}',
    handler: 'adapters/inbound/get-activity.handler.ts',
    ...routeAccess('activity', 'read'),
    summary:
      'An activity with its attendance counted: distinct enterprises, people known by person ref, head counts by role, organisations',
    request: { params: id },
    responses: { 200: { description: 'the activity', schema: activityView } },
  },
  addAttendance: {
    method: 'POST',
    path: '/activities/{id}/attendance',
    handler: 'adapters/inbound/add-attendance.handler.ts',
    ...routeAccess('activity', 'update'),
    // The registry turns the rows' personal-id hashes into person refs; only the refs are kept.
    invokes: [PERSON_REFS_FUNCTION],
    summary: `Add attendance rows (≤ ${MAX_ATTENDANCE_ROWS_PER_REQUEST}): an enterprise by taxCode, an organisation by name and kind, a person by personIdHash (kept only as the registry's person ref), a role; a row without a person is a head count (headCount, default 1). Honours Idempotency-Key`,
    request: { params: id, body: z.strictObject({ rows: z.array(attendanceRowInput).min(1).max(MAX_ATTENDANCE_ROWS_PER_REQUEST) }) },
    responses: {
      200: { description: 'the activity with its counts', schema: activityView },
      422: { description: 'More rows than the 10,000 an activity holds' },
      503: { description: 'The registry cannot turn personal ids into person refs now: retry after Retry-After seconds' },
    },
  },
  requestAttendanceUpload: {
    method: 'POST',
    path: '/activities/{id}/attendance-uploads',
    handler: 'adapters/inbound/request-attendance-upload.handler.ts',
    ...routeAccess('activity', 'update'),
    summary: `A presigned PUT for an attendance CSV (columns taxCode, organisationName, organisationKind, personIdHash, role, headCount; ≤ ${MAX_UPLOAD_BYTES} bytes, ≤ 10,000 rows) and the job to poll: recorded whole or rejected with every bad row's reasons`,
    request: {
      params: id,
      body: z.strictObject({
        sizeBytes: z.number().int().min(1).max(MAX_UPLOAD_BYTES),
        fileName: z.string().trim().min(1).max(200).optional(),
      }),
    },
    responses: {
      201: {
        description: 'the upload job, with where to PUT the file',
        schema: z.object({ id: z.string(), status: z.string(), uploadUrl: z.string() }).loose(),
      },
      422: { description: 'The activity holds the 10,000 rows it may' },
    },
  },
  getAttendanceUpload: {
    method: 'GET',
    path: '/activities/{id}/attendance-uploads/{uploadId}',
    handler: 'adapters/inbound/get-attendance-upload.handler.ts',
    ...routeAccess('activity', 'read'),
    summary:
      'An attendance upload job: awaiting-upload, processing, completed (rows accepted) or rejected (each bad row: row, column, reason)',
    request: { params: z.object({ id: z.uuid(), uploadId: z.uuid() }) },
  },
  completeActivity: {
    method: 'POST',
    path: '/activities/{id}/complete',
    handler: 'adapters/inbound/complete-activity.handler.ts',
    ...routeAccess('activity', 'complete'),
    summary:
      'Complete an activity that has taken place: publishes activity.completed with its attendance, in parts. After a correction to its attendance, completing again sends the whole activity with the next revision',
    request: { params: id },
    responses: {
      200: { description: 'the activity with its counts', schema: activityView },
      422: { description: 'An activity that has not started yet' },
    },
  },
  listSupportContents: {
    method: 'GET',
    path: '/support-contents',
    handler: 'adapters/inbound/list-support-contents.handler.ts',
    ...routeAccess('support-content', 'read'),
    summary: "The scheme's support contents by kind (programmes fund contents; the ledger refuses one content twice)",
    request: {
      query: z.object({
        group: z
          .string()
          .min(1)
          .max(40)
          .regex(/^[a-z0-9-]+$/)
          .optional(),
        direct: z.enum(['true', 'false']).optional(),
      }),
    },
  },
} as const satisfies Record<string, RouteSpec>;
