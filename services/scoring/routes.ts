import * as z from 'zod';
import { routeAccess } from '../../shared/access/policy.ts';
import { paginationQuery } from '../../shared/http/pagination.ts';
import { labelledFigureSchema, localizedSchema } from '../../shared/i18n/localized.ts';
import type { RouteSpec } from '../../shared/manifest.ts';
import { rubricInput } from './domain/rubric.ts';
import { policySchema } from './domain/selection.ts';
import { taxCodeSchema as taxCode } from '../../shared/reference/registration.ts';

const id = z.object({ id: z.string().uuid() });

/** A rubric can weigh ~150 KB: at most 20 a page keeps an answer well under Lambda's 6 MB. */
export const RUBRICS_PER_PAGE = 20;
const rubricPageQuery = paginationQuery.extend({ limit: z.coerce.number().int().min(1).max(RUBRICS_PER_PAGE).default(RUBRICS_PER_PAGE) });

const criterionView = z
  .object({
    id: z.string(),
    points: z.number().nullable(),
    maxPoints: z.number(),
    evidence: z.record(z.string(), z.unknown()),
    reason: z.string(),
    /** The criterion's name and the reason in Vietnamese and English (`reason` is the English). */
    nameText: localizedSchema,
    reasonText: localizedSchema.optional(),
    /** The evidence as labelled figures for the reader's locale to format. */
    evidenceItems: z.array(labelledFigureSchema),
  })
  .loose();
const entry = z
  .object({ applicationId: z.string(), rank: z.number(), totalPoints: z.number(), amountVnd: z.number(), reason: z.string() })
  .loose();
const selectionView = z
  .object({
    funded: z.array(entry),
    waitlisted: z.array(entry),
    notFunded: z.array(entry),
    totalVnd: z.number(),
    budgetVnd: z.number(),
    // `integer-program`: only on selections committed before the lexicographic rule.
    method: z.enum(['merit-order', 'lexicographic', 'integer-program']),
    passMark: z.number().optional(),
  })
  .loose();

export const routes = {
  listRubrics: {
    method: 'GET',
    path: '/rubrics',
    handler: 'adapters/inbound/list-rubrics.handler.ts',
    ...routeAccess('rubric', 'read'),
    summary:
      'Rubrics (the latest version of each, with the list of versions): criteria, weights, scales, sources, combination rule; paged by rubric id (≤ 20 a page)',
    request: { query: rubricPageQuery },
  },
  getRubric: {
    method: 'GET',
    path: '/rubrics/{id}',
    handler: 'adapters/inbound/get-rubric.handler.ts',
    ...routeAccess('rubric', 'read'),
    summary: 'One rubric: its latest version, or `?version=n`',
    request: {
      params: z.object({ id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/) }),
      query: z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional() }),
    },
  },
  publishRubric: {
    method: 'POST',
    path: '/rubrics',
    handler: 'adapters/inbound/publish-rubric.handler.ts',
    ...routeAccess('rubric', 'create'),
    summary: 'Publish the next version of a rubric (or the first of a new id); earlier versions never change',
    request: { body: rubricInput },
    responses: { 201: { description: 'the version published, with its Location' } },
  },
  getPanel: {
    method: 'GET',
    path: '/programmes/{id}/panel',
    handler: 'adapters/inbound/get-panel.handler.ts',
    ...routeAccess('panel', 'read'),
    summary: "A programme's review panel and each reviewer's load",
    request: { params: id },
  },
  setPanel: {
    method: 'PUT',
    path: '/programmes/{id}/panel',
    handler: 'adapters/inbound/set-panel.handler.ts',
    ...routeAccess('panel', 'update'),
    summary:
      "Name a programme's reviewers, their declared interests (tax codes) and how many review each application; assigns waiting applications. " +
      "The programme's owner is the one intake announced (programme.changed): a programme scoring has not been told of is a 404.",
    request: {
      params: id,
      body: z.strictObject({
        reviewsPerApplication: z.number().int().min(1).max(5),
        reviewers: z
          .array(z.strictObject({ sub: z.string().trim().min(1).max(200), declaredInterests: z.array(taxCode).max(50).default([]) }))
          .min(1)
          .max(50),
      }),
    },
  },
  myReviews: {
    method: 'GET',
    path: '/reviews/mine',
    handler: 'adapters/inbound/my-reviews.handler.ts',
    ...routeAccess('review', 'read'),
    summary: 'The applications assigned to me for review, and whether I have reviewed each',
    request: { query: paginationQuery },
  },
  submitReview: {
    method: 'POST',
    path: '/applications/{id}/reviews',
    handler: 'adapters/inbound/submit-review.handler.ts',
    ...routeAccess('review', 'create'),
    summary:
      "A panel member's marks for the rubric's panel criteria. Assigned reviewer only (anyone else 404); an assigned reviewer with a conflict of interest " +
      "gets 403 without the reason, is unassigned and the place passed on; the reason goes to the panel's officers (GET /programmes/{id}/panel).",
    request: {
      params: id,
      body: z.strictObject({
        criteria: z
          .array(
            z.strictObject({
              id: z.string().min(1).max(63),
              points: z.number().min(0).max(1000),
              comment: z.string().trim().max(2000).optional(),
            }),
          )
          .min(1)
          .max(30),
      }),
    },
    responses: { 201: { description: 'the review taken, and where the panel stands' } },
  },
  getScore: {
    method: 'GET',
    path: '/applications/{id}/score',
    handler: 'adapters/inbound/get-score.handler.ts',
    ...routeAccess('score', 'read'),
    summary:
      'Points per criterion with evidence and reason, reviewers’ marks, total, rubric version and rank within the programme. ' +
      "A reviewer sees their own review; the figures combined from the panel's marks (panel criteria, total, rank) are withheld (null) from them.",
    request: { params: id },
    responses: {
      200: {
        description: 'the score',
        schema: z
          .object({
            applicationId: z.string(),
            rubric: z.object({ id: z.string(), version: z.number() }),
            status: z.enum(['pending', 'scored']),
            criteria: z.array(criterionView),
            totalPoints: z.number().nullable(),
            maxPoints: z.number(),
          })
          .loose(),
      },
    },
  },
  createSelection: {
    method: 'POST',
    path: '/programmes/{id}/selections',
    handler: 'adapters/inbound/create-selection.handler.ts',
    ...routeAccess('selection', 'create'),
    summary:
      'Rank the scored applications and select from the highest total down until the budget is used (ties: priority-criteria points, then submission time), ' +
      "from the rubric's pass mark (a higher `passMark` may be given, a lower one is 400); with share quotas, the lexicographically best allocation in merit order " +
      'that keeps every quota, each departure naming the quota that forced it. `?dryRun=true` answers the what-if and stores nothing; ' +
      'otherwise the selection is checked again (422 if a rank is undecided or a quota or the budget would break) and committed, its decisions going to intake (202). Honours Idempotency-Key.',
    timeoutSeconds: 29,
    memoryMb: 1024,
    // The feasibility solver (npm highs) loads its WebAssembly binary at run time.
    bundleFiles: [{ from: 'node_modules/highs/build/highs.wasm', to: 'highs.wasm' }],
    request: { params: id, query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }), body: policySchema },
    responses: {
      200: { description: 'the what-if', schema: selectionView },
      202: { description: 'committed; decisions on their way to intake', schema: selectionView },
      422: { description: 'Too large to commit in one step: select over fewer applications' },
    },
  },
  getSelection: {
    method: 'GET',
    path: '/selections/{id}',
    handler: 'adapters/inbound/get-selection.handler.ts',
    ...routeAccess('selection', 'read'),
    summary: "A committed selection, with intake's answer for each decision (applied, refused with the reason, or pending)",
    request: { params: id },
    responses: { 200: { description: 'the selection', schema: selectionView } },
  },
} as const satisfies Record<string, RouteSpec>;
