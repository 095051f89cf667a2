/**
 * Events of the programme catalogue (intake). Intake publishes `programme.changed` through its
 * outbox, in the same transaction as the change, when a programme is created or changed, and once
 * for each programme that existed before the event did (intake's `announce-programmes` schedule).
 * Other services learn programmes and their owners from it rather than from a caller's word.
 *
 * `version` is the programme's version in intake: a consumer keeps the highest it has seen, so a
 * late, repeated or out-of-order message changes nothing. The message id is
 * `programme.changed:<programmeId>:<version>`, one per version.
 */
import * as z from 'zod';
import { agencyCodeSchema } from '../reference/agency.ts';
import { isoInstant } from './dates.ts';
import { defineEvent } from './registry.ts';

/** Why the programme is announced: created, changed, or announced once by the backfill. */
export const PROGRAMME_CHANGES = ['created', 'updated', 'announced'] as const;

export const programmeChanged = defineEvent(
  'programme.changed',
  1,
  z.object({
    programmeId: z.string().min(1).max(64),
    code: z.string().min(1).max(40),
    name: z.string().min(1).max(300),
    category: z.string().min(1).max(64),
    /** The agency that owns the programme: it decides the applications and runs the review panel. */
    ownerAgency: agencyCodeSchema,
    rubric: z.object({ id: z.string().min(1).max(100), version: z.number().int().positive() }).nullable(),
    version: z.number().int().positive(),
    change: z.enum(PROGRAMME_CHANGES),
    /** When intake stored this version. */
    changedAt: isoInstant,
  }),
);

export type ProgrammeChanged = z.infer<typeof programmeChanged.schema>;

/** The message id of one programme version's announcement: the outbox refuses a second one. */
export const programmeChangedId = (programmeId: string, version: number) => `programme.changed:${programmeId}:${version}`;
