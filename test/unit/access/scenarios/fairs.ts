/** The trade fairs' routes in the authorisation matrix, each over its real handler and the in-memory fakes. */
import type { HttpResult } from '../../../../shared/http/handler.ts';
import {
  makeAddParticipantHandler,
  makeCreateFairHandler,
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
import { addParticipant, createFair, requestRun, setPreferences } from '../../../../services/matching/app/fairs.ts';
import { fakeFairDeps } from '../../services/matching/fair-fakes.ts';
import { OWNER, type Prepared, type Scenario } from '../harness.ts';

const passThrough = async (_req: unknown, run: () => Promise<HttpResult>) => run();

/** The fair's agency's officer, who runs it. */
const organiser = { sub: 'officer-sct', agency: OWNER, roles: ['officer'] as const };

const fairBody = {
  name: 'Hội chợ kết nối cung cầu CNHT',
  slotMinutes: 20,
  sessions: [{ startsAt: '2026-12-10T08:30:00+07:00', slots: 3 }],
  tables: 4,
};

/** A fair of OWNER with a buyer and an exhibitor who wants to meet it; with `scheduled`, a finished run. */
async function world(o: { scheduled?: boolean } = {}) {
  const deps = fakeFairDeps();
  const fair = await createFair(deps, organiser, fairBody);
  const buyer = await addParticipant(deps, organiser, fair.id, { role: 'buyer', name: 'Canon Vietnam', blockedSlots: [], priority: false });
  const exhibitor = await addParticipant(deps, organiser, fair.id, {
    role: 'exhibitor',
    name: 'Cơ khí Hà Nội',
    blockedSlots: [],
    priority: false,
  });
  await setPreferences(deps, organiser, fair.id, exhibitor.id, { mustMeet: [buyer.id], meet: [], noThanks: [] }, undefined);
  let runId: string | undefined;
  if (o.scheduled) {
    runId = (await requestRun(deps, organiser, fair.id, 'initial')).id;
    await executeRun(deps, { fairId: fair.id, runId }, { useLp: false });
  }
  return { deps, fair, buyer, exhibitor, runId };
}

const facts = { ownerAgency: OWNER };
const on = (prepare: () => Promise<Omit<Prepared, 'facts'>>, rest: Omit<Scenario, 'prepare'>): Scenario => ({
  prepare: async () => ({ ...(await prepare()), facts }),
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
        handler: makePutPreferencesHandler(w.deps),
        request: { params: { id: w.fair.id, pid: w.buyer.id }, body: { meet: [w.exhibitor.id] } },
      };
    },
    { refusal: 'object' },
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
        handler: makeGetAgendaHandler(w.deps),
        request: { params: { id: w.fair.id, pid: w.exhibitor.id } },
      };
    },
    { refusal: 'object' },
  ),
};
