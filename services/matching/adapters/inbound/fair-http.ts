/** The trade fairs' HTTP handlers: parse and authorise (httpHandler), call the use case, shape the answer. */
import { httpHandler } from '../../../../shared/http/handler.ts';
import type { WithIdempotency } from '../../../../shared/http/idempotency.ts';
import { expectedVersion, versioned } from '../../../../shared/http/versions.ts';
import type { FairDeps } from '../../app/fair-ports.ts';
import { getAgenda, getSchedule } from '../../app/fair-schedule.ts';
import {
  addParticipant,
  createFair,
  getFair,
  getRun,
  listFairs,
  listParticipants,
  requestRun,
  runView,
  setPreferences,
} from '../../app/fairs.ts';
import { MATCHING } from '../../config.ts';
import { fairRoutes as routes } from '../../fair-routes.ts';
import { agendaIcs } from './fair-ics.ts';
import { actorOf, type EnterpriseLinks } from '../../../../shared/registry-links/enterprise-links.ts';
import { decideRegistration, openFairs, register } from '../../app/fair-registrations.ts';

export const makeCreateFairHandler = (deps: FairDeps, idempotent: WithIdempotency) =>
  httpHandler(MATCHING, routes.createFair, async (req) =>
    idempotent(req, async () => {
      const fair = await createFair(deps, req.principal, req.body);
      return { ...versioned(201, fair), headers: { etag: `"${fair.version}"`, location: `/fairs/${fair.id}` } };
    }),
  );

export const makeListFairsHandler = (deps: FairDeps) =>
  httpHandler(MATCHING, routes.listFairs, async (req) => ({ status: 200, body: await listFairs(deps, req.principal, req.query) }));

export const makeGetFairHandler = (deps: FairDeps) =>
  httpHandler(MATCHING, routes.getFair, async (req) => versioned(200, await getFair(deps, req.principal, req.params.id)));

export const makeAddParticipantHandler = (deps: FairDeps, idempotent: WithIdempotency) =>
  httpHandler(MATCHING, routes.addParticipant, async (req) =>
    idempotent(req, async () => {
      const p = await addParticipant(deps, req.principal, req.params.id, req.body);
      return { ...versioned(201, p), headers: { etag: `"${p.version}"`, location: `/fairs/${p.fairId}/participants/${p.id}` } };
    }),
  );

export const makeListParticipantsHandler = (deps: FairDeps) =>
  httpHandler(MATCHING, routes.listParticipants, async (req) => ({
    status: 200,
    body: await listParticipants(deps, req.principal, req.params.id, req.query),
  }));

export const makePutPreferencesHandler = (deps: FairDeps, links: EnterpriseLinks) =>
  httpHandler(MATCHING, routes.putPreferences, async (req) =>
    versioned(
      200,
      await setPreferences(
        deps,
        await actorOf(links, req.principal),
        req.params.id,
        req.params.pid,
        req.body,
        expectedVersion(req.headers),
      ),
    ),
  );

export const makeCreateRunHandler = (deps: FairDeps, idempotent: WithIdempotency) =>
  httpHandler(MATCHING, routes.createRun, async (req) =>
    idempotent(req, async () => {
      const run = await requestRun(deps, req.principal, req.params.id, req.body.mode);
      return { status: 202, body: runView(run), headers: { location: `/fairs/${run.fairId}/schedule-runs/${run.id}` } };
    }),
  );

export const makeGetRunHandler = (deps: FairDeps) =>
  httpHandler(MATCHING, routes.getRun, async (req) => ({
    status: 200,
    body: await getRun(deps, req.principal, req.params.id, req.params.runId),
  }));

export const makeGetScheduleHandler = (deps: FairDeps) =>
  httpHandler(MATCHING, routes.getSchedule, async (req) => ({
    status: 200,
    body: await getSchedule(deps, req.principal, req.params.id, req.query),
  }));

/** JSON unless the caller asks for the calendar (Accept: text/calendar, or ?format=ics). */
export const makeGetAgendaHandler = (deps: FairDeps, links: EnterpriseLinks) =>
  httpHandler(MATCHING, routes.getAgenda, async (req) => {
    const agenda = await getAgenda(deps, await actorOf(links, req.principal), req.params.id, req.params.pid);
    const wantsIcs = req.query.format === 'ics' || (req.query.format === undefined && /\btext\/calendar\b/i.test(req.headers.accept ?? ''));
    if (!wantsIcs) return { status: 200, body: agenda };
    return {
      status: 200,
      text: agendaIcs(agenda, deps.now(), req.query.lang),
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="agenda-${agenda.participant.id}.ics"`,
      },
    };
  });

export const makeMyFairsHandler = (deps: FairDeps, links: EnterpriseLinks) =>
  httpHandler(MATCHING, routes.myFairs, async (req) => ({
    status: 200,
    body: await openFairs(deps, await actorOf(links, req.principal), req.query.taxCode),
  }));

export const makeRegisterHandler = (deps: FairDeps, links: EnterpriseLinks, idempotent: WithIdempotency) =>
  httpHandler(MATCHING, routes.register, async (req) =>
    idempotent(req, async () => {
      const p = await register(deps, await actorOf(links, req.principal), req.params.id, req.body);
      return { ...versioned(201, p), headers: { etag: `"${p.version}"`, location: `/fairs/${p.fairId}/participants/${p.id}` } };
    }),
  );

export const makeDecideRegistrationHandler = (deps: FairDeps) =>
  httpHandler(MATCHING, routes.decideRegistration, async (req) =>
    versioned(200, await decideRegistration(deps, req.principal, req.params.id, req.params.pid, req.body)),
  );
