/**
 * Reads of enterprise profiles. A commune committee (a token with a `commune` claim) sees only
 * enterprises registered in its commune: others are "not found" to it, and a search is confined
 * to its commune.
 */
import { ForbiddenError, NotFoundError } from '../../../../shared/errors.ts';
import { httpHandler } from '../../../../shared/http/handler.ts';
import type { Principal } from '../../../../shared/http/auth.ts';
import type { RegistryDeps } from '../../app/ports.ts';
import { REGISTRY } from '../../config.ts';
import type { Enterprise } from '../../domain/enterprise.ts';
import { routes } from '../../routes.ts';

async function visibleEnterprise(deps: RegistryDeps, principal: Principal, taxCode: string): Promise<Enterprise> {
  const found = await deps.enterprises.get(taxCode);
  if (!found || (principal.commune && found.communeCode !== principal.commune)) throw new NotFoundError(`No enterprise ${taxCode}`);
  return found;
}

export const makeGetEnterpriseHandler = (deps: RegistryDeps) =>
  httpHandler(REGISTRY, routes.getEnterprise, async (req) => ({ status: 200, body: await visibleEnterprise(deps, req.principal, req.params.taxCode) }));

export const makeSearchEnterprisesHandler = (deps: RegistryDeps) =>
  httpHandler(REGISTRY, routes.searchEnterprises, async (req) => {
    const { commune, ...rest } = req.query;
    const own = req.principal.commune;
    if (own && commune && commune !== own) throw new ForbiddenError(`This account sees only commune ${own}`);
    const scoped = own ?? commune;
    return { status: 200, body: await deps.enterprises.search({ ...rest, ...(scoped ? { commune: scoped } : {}) }) };
  });

export const makeGetHistoryHandler = (deps: RegistryDeps) =>
  httpHandler(REGISTRY, routes.getHistory, async (req) => {
    await visibleEnterprise(deps, req.principal, req.params.taxCode);
    return { status: 200, body: await deps.enterprises.history(req.params.taxCode, req.query.limit, req.query.cursor) };
  });
