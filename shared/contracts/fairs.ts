/**
 * Events of the trade fairs (the matching service). A fair's schedule changes by runs: an initial
 * run places meetings, a top-up run keeps the confirmed ones and fills freed slots. Each completed
 * run publishes `fair.scheduled` with what it changed for each registered enterprise taking part,
 * as meetings added and removed against the schedule it replaced — so reporting adds the
 * differences and a fair's meetings are never counted twice however many runs it has.
 *
 * Participants that are not registered enterprises (foreign buyers without a tax code) are counted
 * in `meetings` but appear in `enterprises` only when they have a tax code.
 */
import * as z from 'zod';
import { isoDate, isoInstant } from './dates.ts';
import { defineEvent } from './registry.ts';
import { agencyCodeSchema } from '../reference/agency.ts';

/**
 * The most participants one fair may have (buyers and exhibitors), and so the most enterprises one
 * event may list: 1,500 keeps the largest `fair.scheduled` within one SQS message (256 KiB) — a
 * test serialises the largest possible one. (A city B2B fair has a few hundred booths.)
 */
export const MAX_FAIR_ENTERPRISES = 1_500;

/** SQS's message size limit, which every event must fit. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export const fairScheduled = defineEvent(
  'fair.scheduled',
  1,
  z.object({
    fairId: z.string().min(1).max(64),
    runId: z.string().min(1).max(64),
    mode: z.enum(['initial', 'top-up']),
    /** The agency that runs the fair. */
    agency: agencyCodeSchema,
    /** The fair's name, for messages to its participants. Optional: messages from before it was added still parse. */
    fairName: z.string().min(1).max(200).optional(),
    /** The day of the fair's first session (Hanoi), `YYYY-MM-DD`: the month and year it counts in. */
    heldOn: isoDate,
    completedAt: isoInstant,
    /** Meetings in the schedule after this run, and the change against the one it replaced. */
    meetings: z.number().int().min(0),
    meetingsAdded: z.number().int().min(0),
    meetingsRemoved: z.number().int().min(0),
    /** Registered enterprises whose meetings changed: their facts and their own differences. */
    enterprises: z
      .array(
        z.object({
          taxCode: z.string().min(1).max(14),
          role: z.enum(['buyer', 'exhibitor']),
          communeCode: z.string().max(10),
          vsicMain: z.string().max(10),
          sizeClass: z.string().max(20),
          added: z.number().int().min(0),
          removed: z.number().int().min(0),
        }),
      )
      .max(MAX_FAIR_ENTERPRISES),
  }),
);

/**
 * A schedule run was asked for (`POST /fairs/{id}/schedule-runs`). Matching's own run queue takes
 * it: written to the outbox with the run record, so no run is left without its worker.
 */
export const fairRunRequested = defineEvent(
  'fair.run-requested',
  1,
  z.object({
    fairId: z.string().min(1).max(64),
    runId: z.string().min(1).max(64),
    mode: z.enum(['initial', 'top-up']),
  }),
);
