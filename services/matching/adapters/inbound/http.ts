/** Matching's HTTP handlers: parse and authorise (httpHandler), call the use case, shape the answer. */
import { ValidationError } from '../../../../shared/errors.ts';
import { expectedVersion, versioned } from '../../../../shared/http/versions.ts';
import { httpHandler, type HttpResult } from '../../../../shared/http/handler.ts';
import type { WithIdempotency } from '../../../../shared/http/idempotency.ts';
import { createBuyer, createNeed, getBuyer, getNeed, listBuyers, needsOfBuyer, updateBuyer, updateNeed } from '../../app/buyers.ts';
import { getMatch, recordStep } from '../../app/funnel.ts';
import { matchesOf, opportunitiesOf } from '../../app/matches.ts';
import type { MatchingDeps } from '../../app/ports.ts';
import { getProfile, putProfile } from '../../app/suppliers.ts';
import { MATCHING } from '../../config.ts';
import { routes } from '../../routes.ts';
import { actorOf, type EnterpriseLinks } from '../../../../shared/registry-links/enterprise-links.ts';

export const makePutProfileHandler = (deps: MatchingDeps, links: EnterpriseLinks) =>
  httpHandler(MATCHING, routes.putProfile, async (req) =>
    versioned(200, await putProfile(deps, await actorOf(links, req.principal), req.params.taxCode, req.body, expectedVersion(req.headers))),
  );

export const makeGetProfileHandler = (deps: MatchingDeps, links: EnterpriseLinks) =>
  httpHandler(MATCHING, routes.getProfile, async (req) =>
    versioned(200, await getProfile(deps, await actorOf(links, req.principal), req.params.taxCode)),
  );

export const makeOpportunitiesHandler = (deps: MatchingDeps, links: EnterpriseLinks) =>
  httpHandler(MATCHING, routes.opportunities, async (req) => ({
    status: 200,
    body: await opportunitiesOf(deps, await actorOf(links, req.principal), req.params.taxCode, req.query),
  }));

export const makeCreateBuyerHandler = (deps: MatchingDeps, idempotent: WithIdempotency) =>
  httpHandler(MATCHING, routes.createBuyer, async (req) =>
    idempotent(req, async () => {
      const buyer = await createBuyer(deps, req.principal, req.body);
      return { status: 201, body: buyer, headers: { location: `/buyers/${buyer.id}` } };
    }),
  );

export const makeGetBuyerHandler = (deps: MatchingDeps) =>
  httpHandler(MATCHING, routes.getBuyer, async (req) => versioned(200, await getBuyer(deps, req.principal, req.params.id)));

export const makeCreateNeedHandler = (deps: MatchingDeps, idempotent: WithIdempotency) =>
  httpHandler(MATCHING, routes.createNeed, async (req) =>
    idempotent(req, async () => {
      const need = await createNeed(deps, req.principal, req.params.id, req.body);
      return { status: 201, body: need, headers: { location: `/needs/${need.id}` } };
    }),
  );

export const makeGetNeedHandler = (deps: MatchingDeps) =>
  httpHandler(MATCHING, routes.getNeed, async (req) => versioned(200, await getNeed(deps, req.principal, req.params.id)));

export const makeMatchesHandler = (deps: MatchingDeps) =>
  httpHandler(MATCHING, routes.matches, async (req) => ({
    status: 200,
    body: await matchesOf(deps, req.principal, req.params.id, req.query),
  }));

export const makeRecordStepHandler = (deps: MatchingDeps, idempotent: WithIdempotency) =>
  httpHandler(MATCHING, routes.recordStep, async (req) =>
    idempotent(req, async () => ({ ...versioned(201, await recordStep(deps, req.principal, req.params.id, req.body)) })),
  );

export const makeGetMatchHandler = (deps: MatchingDeps) =>
  httpHandler(MATCHING, routes.getMatch, async (req) => versioned(200, await getMatch(deps, req.principal, req.params.id)));

export const makeListBuyersHandler = (deps: MatchingDeps) =>
  httpHandler(MATCHING, routes.listBuyers, async (req) => ({ status: 200, body: await listBuyers(deps, req.principal, req.query) }));

export const makeUpdateBuyerHandler = (deps: MatchingDeps) =>
  httpHandler(MATCHING, routes.updateBuyer, async (req) =>
    versioned(200, await updateBuyer(deps, req.principal, req.params.id, req.body, expectedVersion(req.headers))),
  );

export const makeListNeedsHandler = (deps: MatchingDeps) =>
  httpHandler(MATCHING, routes.listNeedsOfBuyer, async (req) => ({
    status: 200,
    body: await needsOfBuyer(deps, req.principal, req.params.id, req.query),
  }));

export const makeUpdateNeedHandler = (deps: MatchingDeps) =>
  httpHandler(MATCHING, routes.updateNeed, async (req) =>
    versioned(200, await updateNeed(deps, req.principal, req.params.id, req.body, expectedVersion(req.headers))),
  );
