/**
 * Events of the application lifecycle. Intake publishes submitted / withdrawn / decided and
 * support.granted; scoring publishes application.scored.
 * Amounts are integers in VND; dates ISO 8601.
 */
import { z } from 'zod';
import { defineEvent } from './registry.ts';
import { agencyCodeSchema } from '../reference/agency.ts';

const rubricRef = z.object({ id: z.string().min(1), version: z.number().int().positive() });
const vnd = z.number().int().nonnegative();

/** The most trainees one grant may record (a training programme's cohort, generously). */
export const MAX_TRAINEES = 100_000;

export const applicationSubmitted = defineEvent(
  'application.submitted',
  1,
  z.object({
    applicationId: z.string(),
    programmeId: z.string(),
    programmeCode: z.string(),
    agency: agencyCodeSchema,
    category: z.string(),
    taxCode: z.string(),
    communeCode: z.string(),
    /** Null: the programme decides without scoring (e.g. training places). */
    rubric: rubricRef.nullable(),
    answers: z.record(z.string(), z.unknown()),
    requestedAmountVnd: vnd,
    submittedAt: z.string(),
    dueOn: z.string(),
    /** The registry data the application was judged on. */
    enterprise: z.object({
      revision: z.number().int(),
      sizeClass: z.string(),
      vsicMain: z.string(),
      employees: z.number().int(),
      revenueVnd: z.number().int(),
    }),
  }),
);

export const applicationScored = defineEvent(
  'application.scored',
  1,
  z.object({
    applicationId: z.string(),
    /** The applicant's enterprise code. Optional: messages from before it was added still parse (matching keeps quality history by it). */
    taxCode: z.string().optional(),
    rubric: rubricRef,
    totalPoints: z.number().nonnegative(),
    maxPoints: z.number().positive(),
    scoredAt: z.string(),
  }),
);

export const applicationDecided = defineEvent(
  'application.decided',
  1,
  z.object({
    applicationId: z.string(),
    programmeId: z.string(),
    agency: agencyCodeSchema,
    category: z.string(),
    taxCode: z.string(),
    communeCode: z.string(),
    outcome: z.enum(['approved', 'rejected']),
    amountVnd: vnd.nullable(),
    reason: z.string().nullable(),
    decidedAt: z.string(),
    dueOn: z.string(),
    /** Decided on or before the due date (thời hạn trả kết quả). */
    onTime: z.boolean(),
  }),
);

export const supportGranted = defineEvent(
  'support.granted',
  1,
  z.object({
    grantId: z.string(),
    applicationId: z.string(),
    programmeId: z.string(),
    programmeCode: z.string(),
    agency: agencyCodeSchema,
    category: z.string(),
    taxCode: z.string(),
    communeCode: z.string(),
    vsicMain: z.string(),
    amountVnd: vnd,
    year: z.number().int(),
    grantedOn: z.string(),
    /** The city targets this grant counts toward (shared/reference/targets.ts). */
    targets: z.array(z.string()),
    /**
     * Head counts of a training grant, when the officer recorded them: workers and CEOs trained
     * (targets `workers-trained` and `ceos-trained` count them). Optional: grants recorded without
     * them, and messages from before they were added, still parse.
     */
    workersTrained: z.number().int().min(0).max(MAX_TRAINEES).optional(),
    ceosTrained: z.number().int().min(0).max(MAX_TRAINEES).optional(),
  }),
);

export const applicationWithdrawn = defineEvent(
  'application.withdrawn',
  1,
  z.object({
    applicationId: z.string(),
    programmeId: z.string(),
    agency: agencyCodeSchema,
    category: z.string(),
    taxCode: z.string(),
    communeCode: z.string(),
    /** The status it was withdrawn from: a draft was never received, so counts nothing. */
    previousStatus: z.enum(['draft', 'submitted', 'scored']),
    /** When it was submitted and due (null for a draft): the open count of that due day drops by one. */
    submittedAt: z.string().nullable(),
    dueOn: z.string().nullable(),
    withdrawnAt: z.string(),
  }),
);
