/**
 * The trade fairs' HTTP routes (docs/api.md, "Trade fairs"), beside matching's own in routes.ts.
 * Every string and list is bounded; the numbers are FAIR_LIMITS and MAX_FAIR_ENTERPRISES.
 */
import * as z from 'zod';
import { routeAccess } from '../../shared/access/policy.ts';
import { paginationQuery } from '../../shared/http/pagination.ts';
import type { RouteSpec } from '../../shared/manifest.ts';
import { FAIR_LIMITS } from './domain/fairs/fair.ts';
import { taxCodeSchema as taxCode } from '../../shared/reference/registration.ts';
import { ONLINE_ROUTE as online } from '../../shared/contracts/enterprise-links.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const unique = <T>(a: readonly T[]) => new Set(a).size === a.length;
const slotId = z.string().regex(/^s\d{2,3}$/, 'must be a slot id such as s01');
const table = z.number().int().min(1).max(FAIR_LIMITS.tables);
const ids = z.array(z.uuid()).max(FAIR_LIMITS.preferencesPerList).refine(unique, 'must not repeat a participant').default([]);

export const fairInput = z.strictObject({
  name: text(200),
  venue: text(200).optional(),
  slotMinutes: z.number().int().min(FAIR_LIMITS.minSlotMinutes).max(FAIR_LIMITS.maxSlotMinutes),
  sessions: z
    .array(
      z.strictObject({
        startsAt: z.iso.datetime({ offset: true }),
        slots: z.number().int().min(1).max(FAIR_LIMITS.slotsPerSession),
      }),
    )
    .min(1)
    .max(FAIR_LIMITS.sessions),
  tables: table,
  /** Published for enterprises to register themselves until this day (Hanoi, on or before the fair). */
  registrationUntil: z.iso.date().optional(),
});

export const participantInput = z.strictObject({
  role: z.enum(['buyer', 'exhibitor']),
  name: text(200).optional(),
  taxCode: taxCode.optional(),
  buyerId: z.uuid().optional(),
  maxMeetings: z.number().int().min(0).max(FAIR_LIMITS.slots).optional(),
  blockedSlots: z.array(slotId).max(FAIR_LIMITS.slots).refine(unique, 'must not repeat a slot').default([]),
  fixedTable: table.optional(),
  priority: z.boolean().default(false),
});

export const preferencesInput = z.strictObject({ mustMeet: ids, meet: ids, noThanks: ids });

export const registrationInput = z.strictObject({
  taxCode,
  role: z.literal('exhibitor'),
  wishes: preferencesInput.optional(),
});

export const registrationDecisionInput = z.strictObject({
  outcome: z.enum(['accepted', 'refused']),
  reason: text(1000).optional(),
});

export const scheduleQuery = z
  .object({
    part: z.enum(['groups', 'unscheduled', 'released']).default('groups'),
    by: z.enum(['slot', 'table']).default('slot'),
    slot: slotId.optional(),
    table: z.coerce.number().int().min(1).max(FAIR_LIMITS.tables).optional(),
    ...paginationQuery.shape,
  })
  .superRefine((q, ctx) => {
    // slot= and table= pick one group: they narrow groups, nothing else.
    for (const key of ['slot', 'table'] as const) {
      if (q[key] !== undefined && (q.part !== 'groups' || q.by !== key))
        ctx.addIssue({ code: 'custom', path: [key], message: `narrows part=groups by=${key} only` });
    }
  });

const fairId = z.object({ id: z.uuid() });
/** A participant as the routes answer it (and as the console reads it). */
const participantView = z.object({ id: z.string(), version: z.number() }).loose();
const participantPath = z.object({ id: z.uuid(), pid: z.uuid() });
const versionHeader = 'Send If-Match with the version you read (its ETag) to refuse a change to a newer version (409).';

export const fairRoutes = {
  createFair: {
    method: 'POST',
    path: '/fairs',
    handler: 'adapters/inbound/fair-create.handler.ts',
    ...routeAccess('fair', 'create'),
    summary: 'A trade fair: sessions cut into meeting slots, tables; the creating agency runs it. Honours Idempotency-Key',
    request: { body: fairInput },
    responses: {
      201: {
        description: 'the fair with its slots',
        schema: z.object({ id: z.string(), slots: z.array(z.object({ id: z.string() }).loose()) }).loose(),
      },
    },
  },
  listFairs: {
    method: 'GET',
    path: '/fairs',
    handler: 'adapters/inbound/fair-list.handler.ts',
    ...routeAccess('fair', 'read'),
    summary: "The caller's agency's fairs, newest first (the coordinator: every agency's)",
    request: { query: paginationQuery },
  },
  getFair: {
    method: 'GET',
    path: '/fairs/{id}',
    handler: 'adapters/inbound/fair-get.handler.ts',
    ...routeAccess('fair', 'read'),
    summary: 'A fair: slots, tables, number of participants, its current schedule run',
    request: { params: fairId },
  },
  addParticipant: {
    method: 'POST',
    path: '/fairs/{id}/participants',
    handler: 'adapters/inbound/fair-add-participant.handler.ts',
    ...routeAccess('fair', 'update'),
    summary:
      'A buyer or exhibitor, linked to a registry enterprise (taxCode) or a matching buyer (buyerId): blocked slots, meeting cap, fixed table, priority. Honours Idempotency-Key',
    request: { params: fairId, body: participantInput },
    responses: {
      201: { description: 'the participant', schema: participantView },
      422: { description: 'Does not fit the fair (its slots, tables, limits), or names no active enterprise or buyer' },
    },
  },
  listParticipants: {
    method: 'GET',
    path: '/fairs/{id}/participants',
    handler: 'adapters/inbound/fair-list-participants.handler.ts',
    ...routeAccess('fair', 'read'),
    summary: "A fair's participants with their terms and wishes, a page at a time",
    request: { params: fairId, query: paginationQuery },
  },
  myFairs: {
    method: 'GET',
    path: '/me/fairs',
    handler: 'adapters/inbound/fair-open.handler.ts',
    ...routeAccess('fair.open', 'read'),
    ...online,
    summary:
      "Enterprise users: the fairs open to registration, each with its slots, its buyers (whom to wish to meet) and the enterprise's own registration",
    request: { query: z.object({ taxCode }) },
    responses: {
      200: {
        description: 'the fairs open to registration today, soonest first',
        schema: z.object({
          items: z.array(
            z
              .object({
                id: z.string(),
                heldOn: z.string(),
                registrationUntil: z.string(),
                buyers: z.array(z.object({ id: z.string(), name: z.string() })),
                // Its wishes as they stand, and why a refused one was refused.
                registration: z
                  .object({ participantId: z.string(), status: z.string(), wishes: z.unknown().optional(), reason: z.string().optional() })
                  .loose()
                  .nullable(),
              })
              .loose(),
          ),
        }),
      },
      404: { description: 'An enterprise the caller does not act for (a verified, unrevoked link)' },
    },
  },
  register: {
    method: 'POST',
    path: '/fairs/{id}/registrations',
    handler: 'adapters/inbound/fair-register.handler.ts',
    ...routeAccess('fair.registration', 'create'),
    ...online,
    summary:
      "Enterprise users: register the caller's own enterprise as an exhibitor of a fair open to registration, with its wishes if any; pending until the fair's staff accept it. Honours Idempotency-Key",
    request: { params: fairId, body: registrationInput },
    responses: {
      201: { description: 'the registration (a participant, pending)', schema: participantView },
      403: { description: 'An enterprise the caller does not act for' },
      409: { description: 'The enterprise is registered for (or takes part in) this fair already' },
      422: { description: 'The enterprise is not active in the registry, or the wishes name participants they cannot' },
    },
  },
  decideRegistration: {
    method: 'POST',
    path: '/fairs/{id}/registrations/{pid}/decision',
    handler: 'adapters/inbound/fair-decide-registration.handler.ts',
    ...routeAccess('fair', 'update'),
    summary: "The fair's staff accept or refuse (saying why) an enterprise's pending registration; accepted, it takes part",
    request: { params: participantPath, body: registrationDecisionInput },
    responses: {
      200: { description: 'the participant', schema: participantView },
      409: { description: 'The registration was answered already' },
    },
  },
  putPreferences: {
    method: 'PUT',
    path: '/fairs/{id}/participants/{pid}/preferences',
    handler: 'adapters/inbound/fair-preferences.handler.ts',
    ...routeAccess('fair.participation', 'update'),
    ...online,
    summary: `A participant's wishes: must-meet, meet, no-thanks (participants of the other side); the fair's staff, or the enterprise for its own accepted participation. ${versionHeader}`,
    request: { params: participantPath, body: preferencesInput },
    responses: {
      200: { description: 'the participant', schema: participantView },
      422: { description: 'The wishes name participants they cannot: itself, its own side, non-participants, or one twice' },
    },
  },
  createRun: {
    method: 'POST',
    path: '/fairs/{id}/schedule-runs',
    handler: 'adapters/inbound/fair-create-run.handler.ts',
    ...routeAccess('fair', 'update'),
    summary:
      'Schedule the fair, asynchronously: initial, or top-up (keeps the current schedule’s meetings, fills freed slots). One run at a time. Honours Idempotency-Key',
    request: { params: fairId, body: z.strictObject({ mode: z.enum(['initial', 'top-up']).default('initial') }) },
    responses: {
      202: { description: 'the run, running', schema: z.object({ id: z.string(), status: z.string() }).loose() },
      422: { description: 'A fair without participants, or a top-up without a schedule' },
    },
  },
  getRun: {
    method: 'GET',
    path: '/fairs/{id}/schedule-runs/{runId}',
    handler: 'adapters/inbound/fair-get-run.handler.ts',
    ...routeAccess('fair', 'read'),
    summary: 'A schedule run: status; once done, meetings, totalWeight, upperBound, gapPct and the scheduler’s figures',
    request: { params: z.object({ id: z.uuid(), runId: z.uuid() }) },
  },
  getSchedule: {
    method: 'GET',
    path: '/fairs/{id}/schedule',
    handler: 'adapters/inbound/fair-schedule.handler.ts',
    ...routeAccess('fair', 'read'),
    summary:
      'The current schedule, a page at a time: part=groups (default) — its slot groups (by=slot, every slot in time order) or table groups (by=table), whole, narrowed to one with slot= or table=; part=unscheduled — the requested pairs not met, heaviest first, each with its reason; part=released — the confirmed meetings a top-up released. Each page names the participants it mentions, and links the whole stored run',
    request: {
      params: fairId,
      query: scheduleQuery,
    },
    responses: {
      200: {
        description: 'one page of the schedule (docs/api.md, "Trade fairs")',
        schema: z
          .object({
            runId: z.string(),
            counts: z.object({ meetings: z.number(), unscheduled: z.number(), released: z.number(), groups: z.number().optional() }),
            part: z.enum(['groups', 'unscheduled', 'released']),
            participants: z.array(z.object({ id: z.string(), role: z.enum(['buyer', 'exhibitor']), name: z.string() })),
            items: z.array(z.object({}).loose()),
            nextCursor: z.string().nullable(),
          })
          .loose(),
      },
    },
  },
  getAgenda: {
    method: 'GET',
    path: '/fairs/{id}/participants/{pid}/agenda',
    handler: 'adapters/inbound/fair-agenda.handler.ts',
    ...routeAccess('fair.participation', 'read'),
    ...online,
    summary:
      "A participant's meetings (the fair's readers, or the enterprise for its own participation): JSON, or an iCalendar file (RFC 5545) with Accept: text/calendar or ?format=ics, in Vietnamese unless ?lang=en",
    request: {
      params: participantPath,
      query: z.object({ format: z.enum(['json', 'ics']).optional(), lang: z.enum(['vi', 'en']).default('vi') }),
    },
  },
} as const satisfies Record<string, RouteSpec>;
