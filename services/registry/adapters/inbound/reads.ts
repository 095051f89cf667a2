/** Reads of enterprise profiles over HTTP; what each caller sees is the access policy's (app/reads.ts). */
import { httpHandler } from '../../../../shared/http/handler.ts';
import type { RegistryDeps } from '../../app/ports.ts';
import { getEnterprise, getHistory, searchEnterprises } from '../../app/reads.ts';
import { REGISTRY } from '../../config.ts';
import { routes } from '../../routes.ts';

export const makeGetEnterpriseHandler = (deps: RegistryDeps) =>
  httpHandler(REGISTRY, routes.getEnterprise, async (req) => ({
    status: 200,
    body: await getEnterprise(deps, req.principal, req.params.taxCode),
  }));

export const makeSearchEnterprisesHandler = (deps: RegistryDeps) =>
  httpHandler(REGISTRY, routes.searchEnterprises, async (req) => ({
    status: 200,
    body: await searchEnterprises(deps, req.principal, req.query),
  }));

export const makeGetHistoryHandler = (deps: RegistryDeps) =>
  httpHandler(REGISTRY, routes.getHistory, async (req) => ({
    status: 200,
    body: await getHistory(deps, req.principal, req.params.taxCode, req.query.limit, req.query.cursor),
  }));
