/** People's links to enterprises over HTTP (app/links.ts), and the `enterprise-links` and `enterprise-accounts` internal functions. */
import type * as z from 'zod';
import {
  enterpriseAccountsRequest,
  enterpriseLinksRequest,
  type EnterpriseAccountsResponse,
  type EnterpriseLinksResponse,
} from '../../../../shared/contracts/enterprise-links.ts';
import { ValidationError } from '../../../../shared/errors.ts';
import { httpHandler } from '../../../../shared/http/handler.ts';
import { accountsOf, approveDelegation, enterprisesOf, linkEnterprise, linkView, me, revokeDelegation } from '../../app/links.ts';
import type { LinkDeps } from '../../app/ports.ts';
import { REGISTRY } from '../../config.ts';
import { routes } from '../../routes.ts';

export const makeLinkEnterpriseHandler = (deps: LinkDeps) =>
  httpHandler(REGISTRY, routes.linkEnterprise, async (req) => ({
    status: 201,
    body: linkView(await linkEnterprise(deps, req.principal, req.body.taxCode)),
  }));

export const makeMeHandler = (deps: LinkDeps) =>
  httpHandler(REGISTRY, routes.me, async (req) => ({ status: 200, body: await me(deps, req.principal) }));

export const makeApproveDelegationHandler = (deps: LinkDeps) =>
  httpHandler(REGISTRY, routes.approveDelegation, async (req) => ({
    status: 200,
    body: linkView(await approveDelegation(deps, req.principal, req.params.taxCode, req.params.sub)),
  }));

export const makeRevokeDelegationHandler = (deps: LinkDeps) =>
  httpHandler(REGISTRY, routes.revokeDelegation, async (req) => ({
    status: 200,
    body: linkView(await revokeDelegation(deps, req.principal, req.params.taxCode, req.params.sub, req.query.reason)),
  }));

/** An internal function's request, checked: a ValidationError naming each bad field otherwise. */
function requestOf<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: z.ZodError } },
  event: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    throw new ValidationError(`Not an ${what} request`, {
      errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

/** The `enterprise-links` function: a person's `sub` in, the tax codes they act for out. */
export function makeEnterpriseLinksHandler(deps: Pick<LinkDeps, 'links'>) {
  return async (event: unknown): Promise<EnterpriseLinksResponse> => ({
    enterprises: await enterprisesOf(deps, requestOf(enterpriseLinksRequest, event, 'enterprise-links').sub),
  });
}

/** The `enterprise-accounts` function: a tax code in, the account e-mails of the people acting for it out. */
export function makeEnterpriseAccountsHandler(deps: Pick<LinkDeps, 'links'>) {
  return async (event: unknown): Promise<EnterpriseAccountsResponse> => ({
    accounts: await accountsOf(deps, requestOf(enterpriseAccountsRequest, event, 'enterprise-accounts').taxCode),
  });
}
