/**
 * Events of the application lifecycle. Intake publishes submitted / decided and support.granted;
 * scoring publishes application.scored (until the scoring service exists, tests publish it).
 * Amounts are integers in VND; dates ISO 8601.
 */
import { z } from 'zod';
import { defineEvent } from './registry.ts';

const rubricRef = z.object({ id: z.string().min(1), version: z.number().int().positive() });
const vnd = z.number().int().nonnegative();

export const applicationSubmitted = defineEvent(
  'application.submitted',
  1,
  z.object({
    applicationId: z.string(),
    programmeId: z.string(),
    programmeCode: z.string(),
    agency: z.string(),
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
    agency: z.string(),
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
    agency: z.string(),
    category: z.string(),
    taxCode: z.string(),
    communeCode: z.string(),
    vsicMain: z.string(),
    amountVnd: vnd,
    year: z.number().int(),
    grantedOn: z.string(),
    /** The city targets this grant counts toward (shared/reference/targets.ts). */
    targets: z.array(z.string()),
  }),
);
