/**
 * Events of the city's annual plan and of the activities that are not grants (services/planning).
 *
 * `plan.approved` carries the approved version's targets with their unit, period, goal, source,
 * the measures that count toward them and the allocations per agency and commune: what the KPIs
 * compare against (reporting keeps the latest approved version per year; a higher `version` wins).
 *
 * `activity.completed` carries a completed activity with its attendance, in parts of at most
 * {@link MAX_ACTIVITY_PART_ENTRIES} entries over all lists (a conference may have thousands of
 * attendees; SQS takes 256 KiB a message). Every part repeats the activity's facts; `part` runs
 * 1…`parts`. A re-completion after a correction sends the whole activity again with a higher
 * `revision`. Attendance is pseudonymous: enterprises by tax code, people by the registry's person
 * refs, organisations by a normalised-name key (never a name of a person), the rest as head counts
 * per role.
 */
import * as z from 'zod';
import { agencyCodeSchema } from '../reference/agency.ts';
import { TAX_CODE_SHAPE } from '../reference/registration.ts';
import { isoDate, isoInstant } from './dates.ts';
import { defineEvent } from './registry.ts';

/** What a target counts (domain.md §1: each target's unit as published). */
export const TARGET_UNITS = ['enterprises', 'participations', 'people', 'events', 'publications', 'organisations', 'products'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];

/** Annual: within the plan's year. Cumulative: over `from`–`to` (the scheme's 2026–2030). */
export const PERIOD_KINDS = ['annual', 'cumulative'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/**
 * Bounds of a plan's targets, so that the largest `plan.approved` stays under SQS's 256 KiB (a test
 * serialises the largest possible one) and a plan stays one DynamoDB item: 60 targets of at most
 * 200 allocations each, and 1,000 allocations in all (126 communes × 7 targets, with room for the
 * departments).
 */
export const PLAN_LIMITS = {
  targets: 60,
  allocationsPerTarget: 200,
  allocations: 1_000,
  measuresPerTarget: 6,
  nameChars: 120,
  sourceChars: 200,
} as const;

/** Kinds of activity that are not grants (a trade fair is not one: it counts from the fair). */
export const ACTIVITY_KINDS = [
  'conference',
  'workshop',
  'training-course',
  'information-session',
  'consulting-round',
  'publication',
  'outreach',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** What an attendee was there as. */
export const ATTENDEE_ROLES = ['worker', 'ceo', 'owner', 'staff', 'official', 'consultant', 'expert'] as const;
export type AttendeeRole = (typeof ATTENDEE_ROLES)[number];

/** Organisations recorded as such (they may have no tax code). */
export const ORGANISATION_KINDS = ['conformity-body', 'lab', 'association', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Entries (enterprises + people + head counts + organisations) in one part of `activity.completed`. */
export const MAX_ACTIVITY_PART_ENTRIES = 1_000;

const year = z.string().regex(/^\d{4}$/, 'a year, YYYY');
const agencyCode = agencyCodeSchema;
const commune = z.string().regex(/^\d{5}$/);
/** A target id, also a measure's own id character set. */
export const targetIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens');
/** A measure reporting counts (`direct-support`, `content:<contentId>`, `content-group:<group>`, …). */
export const measureIdSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9-]*(:[a-z0-9][a-z0-9/-]*)?$/, 'a measure id such as direct-support or content:training/workforce');

export const targetPeriodSchema = z
  .object({ kind: z.enum(PERIOD_KINDS), from: year, to: year })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] });

export const allocationSchema = z.object({
  agency: agencyCode.optional(),
  commune: commune.optional(),
  goal: z.number().int().min(0).max(1_000_000_000),
});

export const approvedTargetSchema = z.object({
  id: targetIdSchema,
  name: z.object({ vi: z.string().min(1).max(PLAN_LIMITS.nameChars), en: z.string().min(1).max(PLAN_LIMITS.nameChars) }),
  unit: z.enum(TARGET_UNITS),
  period: targetPeriodSchema,
  goal: z.number().int().min(0).max(1_000_000_000),
  source: z.string().min(1).max(PLAN_LIMITS.sourceChars),
  measures: z.array(measureIdSchema).max(PLAN_LIMITS.measuresPerTarget),
  allocations: z.array(allocationSchema).max(PLAN_LIMITS.allocationsPerTarget),
});
export type ApprovedTarget = z.infer<typeof approvedTargetSchema>;

export const planApproved = defineEvent(
  'plan.approved',
  1,
  z.object({
    planId: z.string().min(1).max(64),
    year: z.number().int().min(2000).max(2100),
    /** The version within its year (1, 2, …): reporting keeps the highest approved one. */
    version: z.number().int().min(1).max(1_000_000),
    approvedAt: isoInstant,
    /** The approver's user id (`sub`). */
    approvedBy: z.string().min(1).max(200),
    /** The year's earlier approved version this one replaces, if any. */
    supersedes: z.string().min(1).max(64).nullable(),
    targets: z
      .array(approvedTargetSchema)
      .max(PLAN_LIMITS.targets)
      .refine(
        (ts) => ts.reduce((n, t) => n + t.allocations.length, 0) <= PLAN_LIMITS.allocations,
        `at most ${PLAN_LIMITS.allocations} allocations in all`,
      ),
  }),
);

const personRef = z.string().regex(/^[0-9a-f]{64}$/);

export const activityCompleted = defineEvent(
  'activity.completed',
  1,
  z
    .object({
      activityId: z.string().min(1).max(64),
      /** 1 on the first completion; each re-completion after a correction sends everything again, one higher. */
      revision: z.number().int().min(1).max(1_000_000),
      part: z.number().int().min(1).max(10_000),
      parts: z.number().int().min(1).max(10_000),
      kind: z.enum(ACTIVITY_KINDS),
      /** The recording agency (`ubnd-xa` for a commune committee, with its `commune`). */
      agency: agencyCode,
      commune: commune.optional(),
      startsOn: isoDate,
      endsOn: isoDate,
      completedAt: isoInstant,
      planActivityId: z.string().min(1).max(100).optional(),
      targetIds: z.array(targetIdSchema).max(20),
      attendance: z.object({
        /** Distinct enterprises (tax codes) attending. */
        enterprises: z.array(z.string().regex(TAX_CODE_SHAPE)).max(MAX_ACTIVITY_PART_ENTRIES),
        /** Distinct people known to the registry, by person ref, with their role. */
        people: z.array(z.object({ personRef, role: z.enum(ATTENDEE_ROLES) })).max(MAX_ACTIVITY_PART_ENTRIES),
        /** Attendees not named as a person: counted, per role, and marked as head counts. */
        headCounts: z
          .array(z.object({ role: z.enum(ATTENDEE_ROLES), count: z.number().int().min(1).max(1_000_000) }))
          .max(ATTENDEE_ROLES.length),
        /** Distinct organisations by kind (a conformity body may have no tax code). */
        organisations: z
          .array(
            z.object({ key: z.string().regex(/^(tax:(\d{10}(-\d{3})?|\d{12})|name:[0-9a-f]{32})$/), kind: z.enum(ORGANISATION_KINDS) }),
          )
          .max(MAX_ACTIVITY_PART_ENTRIES),
      }),
    })
    .refine((d) => d.part <= d.parts, { message: 'part must not exceed parts', path: ['part'] })
    .refine((d) => d.startsOn <= d.endsOn, { message: 'endsOn must not be before startsOn', path: ['endsOn'] })
    .refine(
      (d) =>
        d.attendance.enterprises.length + d.attendance.people.length + d.attendance.headCounts.length + d.attendance.organisations.length <=
        MAX_ACTIVITY_PART_ENTRIES,
      { message: `at most ${MAX_ACTIVITY_PART_ENTRIES} entries in a part`, path: ['attendance'] },
    ),
);
