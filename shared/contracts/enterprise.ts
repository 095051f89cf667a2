/**
 * Events the registry publishes. Each carries the enterprise's state after the change, so
 * subscribers never need to call back; `revision` orders them per enterprise and the event id
 * (`enterprise:<taxCode>:<revision>`) is stable, so a resend is recognisably the same event.
 */
import * as z from 'zod';
import { isoDate, isoInstant } from './dates.ts';
import { defineEvent } from './registry.ts';

export const enterpriseSnapshot = z.object({
  taxCode: z.string(),
  revision: z.number().int().positive(),
  name: z.string(),
  legalForm: z.string(),
  communeCode: z.string(),
  vsic: z.object({ version: z.string(), main: z.string(), others: z.array(z.string()) }),
  status: z.enum(['active', 'suspended', 'dissolved']),
  /** Date of first registration; optional so that messages from before it was added still parse. */
  foundedOn: isoDate.optional(),
  employees: z.number().int(),
  revenueVnd: z.number().int(),
  totalCapitalVnd: z.number().int(),
  sizeClass: z.object({ class: z.enum(['micro', 'small', 'medium', 'not-sme']), sectorGroup: z.string() }),
  /**
   * Pseudonymous ids (HMAC-SHA256 with the registry's secret key, re-keyed on ingest) of the legal
   * representative and the owners who are people: services compare them (e.g. scoring's
   * conflict-of-interest check) without ever seeing a name or a citizen id. Optional: messages
   * from before it was added still parse.
   */
  people: z
    .array(z.object({ role: z.enum(['legal-representative', 'owner']), personRef: z.string().regex(/^[0-9a-f]{64}$/) }))
    .max(1001)
    .optional(),
  /** The registry event type that caused it (registered, amended, dissolved, …). */
  cause: z.string(),
  /** Fields that differ from the previous revision (empty for a first registration). */
  changed: z.array(z.string()),
  occurredAt: isoInstant,
});

export type EnterpriseSnapshot = z.infer<typeof enterpriseSnapshot>;

export const enterpriseRegistered = defineEvent('enterprise.registered', 1, enterpriseSnapshot);
export const enterpriseChanged = defineEvent('enterprise.changed', 1, enterpriseSnapshot);
export const enterpriseClosed = defineEvent('enterprise.closed', 1, enterpriseSnapshot);
