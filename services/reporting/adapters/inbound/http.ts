/** Reporting's HTTP handlers: parse and authorise (httpHandler), call the use case, shape the answer. */
import { httpHandler } from '../../../../shared/http/handler.ts';
import type { WithIdempotency } from '../../../../shared/http/idempotency.ts';
import { getKpis } from '../../app/kpis.ts';
import { getReport, listReports, requestReport } from '../../app/reports.ts';
import type { ReportingDeps } from '../../app/ports.ts';
import { REPORTING } from '../../config.ts';
import { routes } from '../../routes.ts';

export const makeGetKpisHandler = (deps: ReportingDeps) =>
  httpHandler(REPORTING, routes.getKpis, async (req) => ({ status: 200, body: await getKpis(deps, req.principal, req.query) }));

export const makeCreateReportHandler = (deps: ReportingDeps, idempotent: WithIdempotency) =>
  httpHandler(REPORTING, routes.createReport, async (req) =>
    idempotent(req, async () => {
      const job = await requestReport(deps, req.principal, req.body);
      return {
        status: 202,
        body: { id: job.id, status: job.status, from: job.from, to: job.to },
        headers: { location: `/reports/${job.id}` },
      };
    }),
  );

export const makeListReportsHandler = (deps: ReportingDeps) =>
  httpHandler(REPORTING, routes.listReports, async (req) => ({ status: 200, body: await listReports(deps, req.principal, req.query) }));

export const makeGetReportHandler = (deps: ReportingDeps) =>
  httpHandler(REPORTING, routes.getReport, async (req) => ({ status: 200, body: await getReport(deps, req.principal, req.params.id) }));
