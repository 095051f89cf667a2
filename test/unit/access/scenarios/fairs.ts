/** The trade fairs' routes in the authorisation matrix, each over its real handler and the in-memory fakes. */
import type { HttpResult } from '../../../../shared/http/handler.ts';
import {
  makeAddParticipantHandler,
  makeCreateFairHandler,
  makeDecideRegistrationHandler,
  makeMyFairsHandler,
  makeRegisterHandler,
  makeCreateRunHandler,
  makeGetAgendaHandler,
  makeGetFairHandler,
  makeGetRunHandler,
  makeGetScheduleHandler,
  makeListFairsHandler,
  makeListParticipantsHandler,
  makePutPreferencesHandler,
} from '../../../../services/matching/adapters/inbound/fair-http.ts';
import { executeRun } from '../../../../services/matching/app/fair-runs.ts';
import { decideRegistration, register } from '../../../../services/matching/app/fair-registrations.ts';
import { addParticipant, createFair, requestRun, setPreferences } from '../../../../services/matching/app/fairs.ts';
import { fakeFairDeps } from '../../services/matching/fair-fakes.ts';
import { enterpriseLinks, OTHER_ENTERPRISE } from '../../services/matching/fakes.ts';
import { supplier } from '../../services/matching/fixtures.ts';
import { ENTERPRISE_SUBS, OWNER, type EnterpriseWorld, type Prepared, type Scenario } from '../harness.ts';

const passThrough = async (_req: unknown, run: () => Promise<HttpResult>) => run();

/** The fair's agency's officer, who runs it. */
const organiser = { sub: 'officer-sct', agency: OWNER, roles: ['officer'] as const };

/** A fair held after the fakes' today (2026-11-30), open to enterprises' registration until 5 December. */
const fairBody = {
  name: 'Hội chợ kết nối cung cầu CNHT',
  slotMinutes: 20,
  sessions: [{ startsAt: '2026-12-10T08:30:00+07:00', slots: 3 }],
  tables: 4,
  registrationUntil: '2026-12-05',
};

/** The enterprise that registers itself (the matching fixtures' supplier), and another. */
const OWN_ENTERPRISE = supplier().taxCode;
const enterprises: EnterpriseWorld = { own: OWN_ENTERPRISE, other: OTHER_ENTERPRISE };
const ownUser = { sub: ENTERPRISE_SUBS['own enterprise'], agency: '', roles: ['enterprise'] as const, enterprises: [OWN_ENTERPRISE] };

/**
 * A fair of OWNER with a buyer and an exhibitor who wants to meet it: the own enterprise, registered
 * by its user and accepted by the organiser (`registration: 'pending'`: not yet answered; `none`: not
 * registered); with `scheduled`, a finished run.
 */
async function world(o: { scheduled?: boolean; registration?: 'accepted' | 'pending' | 'none' } = {}) {
  const deps = fakeFairDeps();
  const s = supplier();
  await deps.repo.recordRegistry(s.taxCode, s.registry, deps.now().toISOString());
  const fair = await createFair(deps, organiser, fairBody);
  const buyer = await addParticipant(deps, organiser, fair.id, { role: 'buyer', name: 'Canon Vietnam', blockedSlots: [], priority: false });
  const state = o.registration ?? 'accepted';
  const exhibitor =
    state === 'none'
      ? await addParticipant(deps, organiser, fair.id, { role: 'exhibitor', name: 'Cơ khí Hà Nội', blockedSlots: [], priority: false })
      : await register(deps, ownUser, fair.id, {
          taxCode: OWN_ENTERPRISE,
          role: 'exhibitor',
          wishes: { mustMeet: [buyer.id], meet: [], noThanks: [] },
        });
  if (state === 'accepted') await decideRegistration(deps, organiser, fair.id, exhibitor.id, { outcome: 'accepted' });
  if (state !== 'pending')
    await setPreferences(deps, organiser, fair.id, exhibitor.id, { mustMeet: [buyer.id], meet: [], noThanks: [] }, undefined);
  let runId: string | undefined;
  if (o.scheduled) {
    runId = (await requestRun(deps, organiser, fair.id, 'initial')).id;
    await executeRun(deps, { fairId: fair.id, runId }, { useLp: false });
  }
  return { deps, fair, buyer, exhibitor, runId };
}

const facts = { ownerAgency: OWNER };
/** The own enterprise's participation in the fair: the fair's agency's and the enterprise's. */
const participation = { ownerAgency: OWNER, taxCode: OWN_ENTERPRISE };
const on = (
  prepare: () => Promise<Omit<Prepared, 'facts'> & Partial<Pick<Prepared, 'facts'>>>,
  rest: Omit<Scenario, 'prepare'>,
): Scenario => ({
  prepare: async () => ({ facts, ...(await prepare()) }),
  ...rest,
});

export const fairScenarios: Record<string, Scenario> = {
  'POST /fairs': on(async () => ({ handler: makeCreateFairHandler(fakeFairDeps(), passThrough), request: { body: fairBody } }), {
    refusal: 'objectless',
  }),
  'GET /fairs': (() => {
    let id = '';
    return on(
      async () => {
        const w = await world();
        id = w.fair.id;
        return { handler: makeListFairsHandler(w.deps), request: { query: { limit: '100' } } };
      },
      { refusal: 'list', inList: (body) => ((body as { items?: { id: string }[] }).items ?? []).some((i) => i.id === id) },
    );
  })(),
  'GET /fairs/{id}': on(
    async () => {
      const w = await world();
      return { handler: makeGetFairHandler(w.deps), request: { params: { id: w.fair.id } } };
    },
    { refusal: 'object' },
  ),
  'POST /fairs/{id}/participants': on(
    async () => {
      const w = await world();
      return {
        handler: makeAddParticipantHandler(w.deps, passThrough),
        request: { params: { id: w.fair.id }, body: { role: 'exhibitor', name: 'Nhựa Thăng Long', maxMeetings: 2 } },
      };
    },
    { refusal: 'object' },
  ),
  'GET /fairs/{id}/participants': on(
    async () => {
      const w = await world();
      return { handler: makeListParticipantsHandler(w.deps), request: { params: { id: w.fair.id }, query: { limit: '100' } } };
    },
    { refusal: 'object' },
  ),
  'PUT /fairs/{id}/participants/{pid}/preferences': on(
    async () => {
      const w = await world();
      return {
        handler: makePutPreferencesHandler(w.deps, enterpriseLinks()),
        request: { params: { id: w.fair.id, pid: w.exhibitor.id }, body: { meet: [w.buyer.id] } },
        facts: participation,
      };
    },
    { refusal: 'object', enterprise: enterprises },
  ),
  'GET /me/fairs': on(
    async () => {
      const w = await world({ registration: 'none' });
      return {
        handler: makeMyFairsHandler(w.deps, enterpriseLinks()),
        request: { query: { taxCode: OWN_ENTERPRISE } },
        facts: { taxCode: OWN_ENTERPRISE },
      };
    },
    { refusal: 'object', enterprise: enterprises },
  ),
  'POST /fairs/{id}/registrations': on(
    async () => {
      const w = await world({ registration: 'none' });
      return {
        handler: makeRegisterHandler(w.deps, enterpriseLinks(), passThrough),
        request: { params: { id: w.fair.id }, body: { taxCode: OWN_ENTERPRISE, role: 'exhibitor', wishes: { meet: [w.buyer.id] } } },
        facts: { taxCode: OWN_ENTERPRISE },
      };
    },
    { refusal: 'objectless', enterprise: enterprises },
  ),
  'POST /fairs/{id}/registrations/{pid}/decision': on(
    async () => {
      const w = await world({ registration: 'pending' });
      return {
        handler: makeDecideRegistrationHandler(w.deps),
        request: { params: { id: w.fair.id, pid: w.exhibitor.id }, body: { outcome: 'accepted' } },
      };
    },
    { refusal: 'object', enterprise: enterprises },
  ),
  'POST /fairs/{id}/schedule-runs': on(
    async () => {
      const w = await world();
      return { handler: makeCreateRunHandler(w.deps, passThrough), request: { params: { id: w.fair.id }, body: { mode: 'initial' } } };
    },
    { refusal: 'object' },
  ),
  'GET /fairs/{id}/schedule-runs/{runId}': on(
    async () => {
      const w = await world({ scheduled: true });
      return { handler: makeGetRunHandler(w.deps), request: { params: { id: w.fair.id, runId: w.runId! } } };
    },
    { refusal: 'object' },
  ),
  'GET /fairs/{id}/schedule': on(
    async () => {
      const w = await world({ scheduled: true });
      return { handler: makeGetScheduleHandler(w.deps), request: { params: { id: w.fair.id }, query: { by: 'table' } } };
    },
    { refusal: 'object' },
  ),
  'GET /fairs/{id}/participants/{pid}/agenda': on(
    async () => {
      const w = await world({ scheduled: true });
      return {
        handler: makeGetAgendaHandler(w.deps, enterpriseLinks()),
        request: { params: { id: w.fair.id, pid: w.exhibitor.id } },
        facts: participation,
      };
    },
    { refusal: 'object', enterprise: enterprises },
  ),
};
