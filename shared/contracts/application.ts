/**
 * Events of the application lifecycle. Intake publishes submitted / withdrawn / decided,
 * support.granted and grant.adjusted; scoring publishes application.scored.
 * Amounts are integers in VND; dates ISO 8601 (./dates.ts).
 */
import * as z from 'zod';
import { isoDate, isoInstant } from './dates.ts';
import { defineEvent } from './registry.ts';
import { agencyCodeSchema } from '../reference/agency.ts';
import { emailAddress, mailLanguage } from './notifications.ts';

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
    submittedAt: isoInstant,
    dueOn: isoDate,
    /**
     * Where the enterprise hears about its file (the application's contact e-mail) and in which
     * language: only the notifications service reads them. Optional: messages from before they
     * were added still parse (and reach no one).
     */
    contactEmail: emailAddress.optional(),
    language: mailLanguage.optional(),
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
    /**
     * The agency that owns the programme: only it (and the coordinator) may read the score, so
     * matching shows it to no one else. Optional: messages from before it was added still parse
     * (matching then takes it from application.submitted).
     */
    agency: z.string().optional(),
    rubric: rubricRef,
    totalPoints: z.number().nonnegative(),
    maxPoints: z.number().positive(),
    /**
     * The rubric version's pass mark: intake refuses to approve an application scored below it.
     * Optional: messages from before it was added still parse (and carry no mark to hold).
     */
    passMark: z.number().nonnegative().optional(),
    scoredAt: isoInstant,
    /**
     * Scored again after the applicant answered a request for supplement with changed answers or
     * documents: the score replaces the earlier one (counts count the application once). Optional:
     * absent on a first score and on messages from before it was added.
     */
    rescored: z.boolean().optional(),
  }),
);

export const applicationDecided = defineEvent(
  'application.decided',
  1,
  z.object({
    applicationId: z.string(),
    programmeId: z.string(),
    /** The programme's code, as a message to the enterprise names it. Optional: messages from before it was added still parse. */
    programmeCode: z.string().max(64).optional(),
    agency: agencyCodeSchema,
    category: z.string(),
    taxCode: z.string(),
    communeCode: z.string(),
    outcome: z.enum(['approved', 'rejected']),
    amountVnd: vnd.nullable(),
    reason: z.string().nullable(),
    decidedAt: isoInstant,
    dueOn: isoDate,
    /** Decided on or before the due date (thời hạn trả kết quả). */
    onTime: z.boolean(),
    /**
     * When the file was received (submitted): reporting counts the week's newly received files and
     * which of them are completed. Optional: messages from before it was added still parse.
     */
    submittedAt: isoInstant.optional(),
    /**
     * Where the enterprise hears about its file (the application's contact e-mail) and in which
     * language: only the notifications service reads them. Optional: messages from before they
     * were added still parse (and reach no one).
     */
    contactEmail: emailAddress.optional(),
    language: mailLanguage.optional(),
  }),
);

/** A support content id (shared/reference/support-contents.ts), as events carry it. */
const contentId = z.string().min(1).max(60);
/** The most contents one grant names (a programme's, MAX_CONTENTS_PER_PROGRAMME), with room. */
const contents = z.array(contentId).max(20);

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
    grantedOn: isoDate,
    /**
     * The programme's targets (shared/reference/targets.ts ids), kept for older consumers and
     * messages: reporting counts a grant by its `contents` (measures), not by these.
     */
    targets: z.array(z.string().max(64)).max(50),
    /**
     * Head counts of a training grant, when the officer recorded them: workers and CEOs trained
     * (targets `workers-trained` and `ceos-trained` count them). Optional: grants recorded without
     * them, and messages from before they were added, still parse.
     */
    workersTrained: z.number().int().min(0).max(MAX_TRAINEES).optional(),
    ceosTrained: z.number().int().min(0).max(MAX_TRAINEES).optional(),
    /**
     * The support contents it funds and the period it supports (the ledger's rule is per content
     * and period). Optional: messages from before they were added still parse; read one without
     * them as the category's default contents over its year.
     */
    contents: contents.optional(),
    period: z.object({ from: isoDate, to: isoDate }).optional(),
  }),
);

/**
 * A grant reduced or cancelled by its own agency (proposed by one officer, confirmed by another).
 * `contents` and `amountVnd` are what it holds now; a cancelled grant holds nothing any more.
 */
export const grantAdjusted = defineEvent(
  'grant.adjusted',
  1,
  z.object({
    grantId: z.string().min(1).max(100),
    adjustmentId: z.string().min(1).max(100),
    taxCode: z.string().min(1).max(20),
    agency: z.string().min(1).max(60),
    programmeId: z.string().min(1).max(100),
    contents,
    /** The year the grant was made (as support.granted's). */
    year: z.number().int().min(2000).max(2100),
    previousAmountVnd: vnd,
    amountVnd: vnd,
    cancelled: z.boolean(),
    adjustedAt: isoInstant,
  }),
);

export const applicationWithdrawn = defineEvent(
  'application.withdrawn',
  1,
  z.object({
    applicationId: z.string(),
    programmeId: z.string(),
    /** The programme's code, as a message to the enterprise names it. Optional: messages from before it was added still parse. */
    programmeCode: z.string().max(64).optional(),
    agency: agencyCodeSchema,
    category: z.string(),
    taxCode: z.string(),
    communeCode: z.string(),
    /** The status it was withdrawn from: a draft was never received, so counts nothing. */
    previousStatus: z.enum(['draft', 'submitted', 'scored']),
    /** When it was submitted and due (null for a draft): the open count of that due day drops by one. */
    submittedAt: isoInstant.nullable(),
    dueOn: isoDate.nullable(),
    withdrawnAt: isoInstant,
    /**
     * Where the enterprise hears about its file (the application's contact e-mail) and in which
     * language: only the notifications service reads them. Optional: messages from before they
     * were added still parse (and reach no one).
     */
    contactEmail: emailAddress.optional(),
    language: mailLanguage.optional(),
  }),
);

/**
 * A request for supplement (yêu cầu bổ sung hồ sơ) on a received file: the applicant must answer
 * by `dueOn` (its own deadline, in working days); the file's clock is paused meanwhile. Consumed by
 * notifications (the applicant is told, in Vietnamese, at `contactEmail` and their account's e-mail).
 */
export const applicationSupplementRequested = defineEvent(
  'application.supplement-requested',
  1,
  z.object({
    applicationId: z.string(),
    programmeId: z.string(),
    programmeCode: z.string(),
    agency: agencyCodeSchema,
    taxCode: z.string(),
    message: z.string().max(2000),
    documents: z.array(z.string()).max(20),
    fields: z.array(z.string()).max(50),
    /** The day the applicant must answer by (Hanoi). */
    dueOn: isoDate,
    requestedAt: isoInstant,
    /** The application's contact e-mail, for the notice. */
    contactEmail: z.email().optional(),
  }),
);

/**
 * The applicant answered a request for supplement: the file's clock resumed and its due date moved
 * by the working days it was paused. The file is not received again (submittedAt is the first
 * receipt's). When answers or documents changed, `rescore` carries what scoring scores, as
 * application.submitted does; null when nothing it reads changed.
 */
export const applicationSupplementAnswered = defineEvent(
  'application.supplement-answered',
  1,
  z.object({
    applicationId: z.string(),
    programmeId: z.string(),
    agency: agencyCodeSchema,
    taxCode: z.string(),
    answeredAt: isoInstant,
    /** The file's due date, moved by the paused working days. */
    dueOn: isoDate.nullable(),
    pausedWorkingDays: z.number().int().nonnegative(),
    changed: z.boolean(),
    message: z.string().max(2000).optional(),
    contactEmail: z.email().optional(),
    rescore: applicationSubmitted.schema.nullable(),
  }),
);
