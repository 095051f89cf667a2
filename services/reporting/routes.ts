import { z } from 'zod';
import { rolesFor, type AccessEntry, type ActionOf, type ResourceKind } from '../../shared/access/policy.ts';
import { paginationQuery } from '../../shared/http/pagination.ts';
import { agencyCodeSchema } from '../../shared/reference/agency.ts';
import type { RouteSpec } from '../../shared/manifest.ts';
import { FORMATS, KINDS, LANGUAGES, PERIODS } from './domain/report.ts';

const date = z.iso.date();
const commune = z.string().regex(/^\d{5}$/, 'must be a 5-digit commune code');
/**
 * AccessEntry's default parameter distributes `keyof` over the union of kinds (only `read` is common
 * to all), so an entry naming another action needs its kind fixed first.
 */
const entry = <K extends ResourceKind>(resource: K, action: ActionOf<K>): AccessEntry => ({ resource, action }) as unknown as AccessEntry;
const readers = { kind: 'jwt', roles: rolesFor('kpi', 'read') } as const;

const kpiItem = z.object({
  target: z.string(),
  label: z.string(),
  goal: z.number(),
  actual: z.number(),
  pct: z.number(),
  expectedByNow: z.number(),
  status: z.enum(['on-track', 'behind', 'met']),
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
    auth: readers,
    access: entry('kpi', 'read'),
    summary:
      'Each city target against its actual, the pace expected by today and whether it is on track; for one agency or one commune (a commune committee: its own)',
    request: {
      query: z.strictObject({
        year: z.coerce.number().int().min(2020).max(2100),
        agency: agencyCodeSchema.optional(),
        commune: commune.optional(),
        language: z.enum(LANGUAGES).default('vi'),
      }),
    },
    responses: { 200: { description: 'the targets', schema: z.object({ year: z.number(), asOf: z.string(), items: z.array(kpiItem) }) } },
  },
  createReport: {
    method: 'POST',
    path: '/reports',
    handler: 'adapters/inbound/create-report.handler.ts',
    auth: { kind: 'jwt', roles: rolesFor('report', 'create') },
    access: entry('report', 'create'),
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
    auth: { kind: 'jwt', roles: rolesFor('report', 'read') },
    access: entry('report', 'read'),
    summary: 'Reports, newest first (scheduled and asked for); open one for its download links',
    request: { query: paginationQuery.strict() },
  },
  getReport: {
    method: 'GET',
    path: '/reports/{id}',
    handler: 'adapters/inbound/get-report.handler.ts',
    auth: { kind: 'jwt', roles: rolesFor('report', 'read') },
    access: entry('report', 'read'),
    summary: 'A report: its status and, once done, a download link (valid 15 minutes) for each file',
    request: { params: z.object({ id: z.string().regex(/^[a-z0-9-]{1,80}$/, 'not a report id') }) },
    responses: { 200: { description: 'the report', schema: reportView } },
  },
} as const satisfies Record<string, RouteSpec>;
