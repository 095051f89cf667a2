/**
 * Reporting's routes in the authorisation matrix: each over its real handler and the in-memory fakes.
 *
 * The routes name `kpi` and `report`. A report narrowed to one agency is decided by `report.agency`
 * instead (services/reporting/app/reports.ts), which the matrix, one entry per route, cannot check:
 * these scenarios use whole-city reports, the ones the routes' own entry governs
 * (test/unit/services/reporting/reports.test.ts covers the agency-narrowed ones).
 */
import type { HttpResult } from '../../../../shared/http/handler.ts';
import {
  makeCreateReportHandler,
  makeGetKpisHandler,
  makeGetReportHandler,
  makeListReportsHandler,
} from '../../../../services/reporting/adapters/inbound/http.ts';
import { recordEvents } from '../../../../services/reporting/app/record-events.ts';
import { requestReport } from '../../../../services/reporting/app/reports.ts';
import { submitted } from '../../services/reporting/events.ts';
import { setup } from '../../services/reporting/fakes.ts';
import { COMMUNE, OWNER, type Prepared, type Scenario } from '../harness.ts';

const passThrough = async (_req: unknown, run: () => Promise<HttpResult>) => run();

/** Counters fed by an application of the owning agency in COMMUNE, and a whole-city report asked for by the owning agency's viewer. */
async function world() {
  const ctx = setup();
  await recordEvents(ctx.deps, [submitted('e1', { agency: OWNER, commune: COMMUNE })]);
  const report = await requestReport(ctx.deps, { sub: 'viewer-own-agency', agency: OWNER, roles: ['viewer'] }, { period: 'annual' });
  return { ...ctx, report };
}

/** A whole-city report has no owning agency: `ownerAgency` is the agency it is narrowed to, none. */
const cityReportFacts = {};

const on = (prepare: () => Promise<Prepared>, rest: Omit<Scenario, 'prepare'>): Scenario => ({ prepare, ...rest });

export const reportingScenarios: Record<string, Scenario> = {
  // A commune's figures: the facts are the commune asked for. A refusal hides nothing (the figures
  // of every commune exist), so it is a 403 saying which commune the caller may ask for.
  'GET /kpis': on(
    async () => {
      const w = await world();
      return {
        handler: makeGetKpisHandler(w.deps),
        request: { query: { year: '2026', commune: COMMUNE } },
        facts: { communeCode: COMMUNE },
      };
    },
    { refusal: 'objectless' },
  ),
  'POST /reports': on(
    async () => {
      const w = await world();
      return { handler: makeCreateReportHandler(w.deps, passThrough), request: { body: { period: 'monthly' } }, facts: cityReportFacts };
    },
    { refusal: 'objectless' },
  ),
  'GET /reports': (() => {
    let id = '';
    return on(
      async () => {
        const w = await world();
        id = w.report.id;
        return { handler: makeListReportsHandler(w.deps), request: { query: { limit: '100' } }, facts: cityReportFacts };
      },
      { refusal: 'list', inList: (body) => ((body as { items?: { id: string }[] }).items ?? []).some((i) => i.id === id) },
    );
  })(),
  'GET /reports/{id}': on(
    async () => {
      const w = await world();
      return { handler: makeGetReportHandler(w.deps), request: { params: { id: w.report.id } }, facts: cityReportFacts };
    },
    { refusal: 'object' },
  ),
};
