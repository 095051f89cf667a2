import * as z from 'zod';
import { routeAccess } from '../../shared/access/policy.ts';
import { paginationQuery } from '../../shared/http/pagination.ts';
import { agencyCodeSchema } from '../../shared/reference/agency.ts';
import type { RouteSpec } from '../../shared/manifest.ts';
import { PERIOD_KINDS, TARGET_UNITS } from '../../shared/contracts/planning.ts';
import { FORMATS, KINDS, LANGUAGES, PERIODS } from './domain/report.ts';

const date = z.iso.date();
const commune = z.string().regex(/^\d{5}$/, 'must be a 5-digit commune code');

/**
 * A target of the year's approved plan (no plan: the default targets) with its actual; `goal`,
 * `pct`, `expectedByNow` and `status` only where a goal applies: the plan's goal for the whole
 * city, the plan's allocation for an agency or a commune; none without an approved plan.
 */
const kpiItem = z.object({
  target: z.string(),
  label: z.string().describe("the target's name in the language asked for"),
  unit: z
    .enum(TARGET_UNITS)
    .describe('what one unit is: enterprises, people, organisations (counted distinct) or participations, events, publications'),
  period: z
    .object({ kind: z.enum(PERIOD_KINDS), from: z.string(), to: z.string() })
    .describe('annual: within the year asked for; cumulative: over from–to (years), counted up to the year asked for'),
  actual: z.number(),
  byHeadCount: z
    .number()
    .optional()
    .describe(
      'people targets: how many of actual are head counts (attendance rows without a person, grants’ head counts), not distinct people',
    ),
  source: z.string().optional().describe("the target's source, as the plan gives it"),
  goal: z
    .number()
    .optional()
    .describe("the plan's goal for the city, or the plan's allocation to the agency or commune; absent where none applies"),
  pct: z.number().optional(),
  expectedByNow: z.number().optional(),
  status: z.enum(['on-track', 'behind', 'met']).optional(),
  atRisk: z
    .boolean()
    .optional()
    .describe("where a goal applies and there is a projection: true when even the projection's interval top (high) is under the goal"),
  projection: z
    .object({
      expected: z.number().describe('the figure expected at the end of the year (annual) or of the period (cumulative)'),
      low: z.number().describe('the 80 % interval: its 10th percentile'),
      high: z.number().describe('the 80 % interval: its 90th percentile'),
      coverage: z.literal(0.8).describe('the share of outcomes the interval is meant to hold; measured by npm run calibrate:projection'),
      method: z
        .literal('seasonal-negative-binomial')
        .describe('the rate so far times the seasonal weight still to come; a gamma–Poisson interval widened for overdispersion'),
      profile: z
        .object({ source: z.enum(['history', 'default']), years: z.array(z.number()) })
        .describe("the seasonal profile: learnt from earlier years' months (years), or the default, an assumption"),
    })
    .nullable()
    .describe('null: the year is over (its actual is final), not begun, or has no data'),
});
const reportView = z
  .object({
    id: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    files: z.array(z.object({ format: z.enum([...FORMATS, 'schema']), url: z.string() }).loose()),
  })
  .loose();

export const routes = {
  getKpis: {
    method: 'GET',
    path: '/kpis',
    handler: 'adapters/inbound/get-kpis.handler.ts',
    ...routeAccess('kpi', 'read'),
    summary:
      "Each target of the year's approved plan with its actual, unit and period; for the whole city against the plan's goal, the pace expected by today and whether it is on track; for one agency or one commune (a commune committee: its own) against the goal the plan allocates to it, where it allocates one. A year without an approved plan: actuals without goals",
    request: {
      query: z.strictObject({
        year: z.coerce.number().int().min(2020).max(2100),
        agency: agencyCodeSchema.optional(),
        commune: commune.optional(),
        language: z.enum(LANGUAGES).default('vi'),
      }),
    },
    responses: {
      200: {
        description: 'the targets',
        schema: z.object({
          year: z.number(),
          asOf: z.string(),
          agency: z.string().optional(),
          commune: z.string().optional(),
          plan: z
            .object({ id: z.string(), version: z.number(), approvedAt: z.string() })
            .nullable()
            .describe('the approved plan the goals come from; null: no approved plan for the year'),
          items: z.array(kpiItem),
        }),
      },
    },
  },
  createReport: {
    method: 'POST',
    path: '/reports',
    handler: 'adapters/inbound/create-report.handler.ts',
    ...routeAccess('report', 'create'),
    summary:
      'Ask for a report (JSON, CSV, XLSX and PDF; or the anonymised open-data export of a quarter); built in the background: poll GET /reports/{id}',
    request: {
      body: z.strictObject({
        period: z.enum(PERIODS),
        kind: z.enum(KINDS).optional(),
        from: date.optional(),
        to: date.optional(),
        language: z.enum(LANGUAGES).optional(),
        agency: agencyCodeSchema.optional(),
      }),
    },
    responses: { 202: { description: 'the job', schema: z.object({ id: z.string(), status: z.literal('running') }).loose() } },
  },
  listReports: {
    method: 'GET',
    path: '/reports',
    handler: 'adapters/inbound/list-reports.handler.ts',
    ...routeAccess('report', 'read'),
    summary: 'Reports, newest first (scheduled and asked for); open one for its download links',
    request: { query: paginationQuery.strict() },
  },
  getReport: {
    method: 'GET',
    path: '/reports/{id}',
    handler: 'adapters/inbound/get-report.handler.ts',
    ...routeAccess('report', 'read'),
    summary: 'A report: its status and, once done, a download link (valid 15 minutes) for each file',
    request: { params: z.object({ id: z.string().regex(/^[a-z0-9-]{1,80}$/, 'not a report id') }) },
    responses: { 200: { description: 'the report', schema: reportView } },
  },
} as const satisfies Record<string, RouteSpec>;
