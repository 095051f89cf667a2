/**
 * Events of the scoring service's selections. `application.scored` lives with the application's
 * lifecycle (application.ts). A committed selection is sent to intake in parts (a programme may
 * have thousands of applications; one SQS message holds 256 KB): each part names the officer who
 * committed it, and intake applies every decision through its own decision rules, answering with
 * `selection.applied` — what happened to each decision, refusals included.
 */
import * as z from 'zod';
import { defineEvent } from './registry.ts';
import { agencyCodeSchema } from '../reference/agency.ts';

/** Decisions per `selection.completed` message: small enough for one message and one consumer run. */
export const DECISIONS_PER_PART = 200;

const decision = z.object({
  applicationId: z.string().min(1).max(64),
  outcome: z.enum(['approved', 'rejected']),
  /** Approved amount in VND (the whole request, or part of it where the policy allows). */
  amountVnd: z.number().int().positive().nullable(),
  reason: z.string().min(1).max(1000),
});

export const selectionCompleted = defineEvent(
  'selection.completed',
  1,
  z.object({
    selectionId: z.string().min(1).max(64),
    programmeId: z.string().min(1).max(64),
    /** The programme's owning agency. */
    agency: agencyCodeSchema,
    /** The officer who committed the selection: intake decides as this user (four eyes included). */
    decidedBy: z.object({ sub: z.string().min(1).max(200), agency: agencyCodeSchema }),
    part: z.number().int().min(1),
    parts: z.number().int().min(1),
    decisions: z.array(decision).min(1).max(DECISIONS_PER_PART),
  }),
);

export const selectionApplied = defineEvent(
  'selection.applied',
  1,
  z.object({
    selectionId: z.string().min(1).max(64),
    programmeId: z.string().min(1).max(64),
    part: z.number().int().min(1),
    results: z
      .array(
        z.object({
          applicationId: z.string().min(1).max(64),
          outcome: z.enum(['approved', 'rejected']),
          /** `refused`: intake's rules said no (four eyes, budget, duplicate support, state); `detail` says why. */
          status: z.enum(['applied', 'refused']),
          detail: z.string().max(2000).optional(),
        }),
      )
      .max(DECISIONS_PER_PART),
  }),
);

export type SelectionCompleted = z.infer<typeof selectionCompleted.schema>;
export type SelectionApplied = z.infer<typeof selectionApplied.schema>;
