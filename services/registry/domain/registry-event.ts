/**
 * A registry event as the national business registration system sends it (api.md, "Registry
 * events"), and the checks every event passes before it may change a profile: enterprise codes
 * (domain.md §3), VSIC codes with their version (§4), Hanoi commune codes (§7), sane dates. The
 * same checks apply to rows of bulk snapshot files.
 */
import * as z from 'zod';
import { communeByCode } from '../../../shared/reference/hanoi-communes.ts';
import { LEGAL_FORMS } from '../../../shared/reference/registration.ts';
import type { FieldError } from '../../../shared/errors.ts';
import { parseTaxCode, type TaxCodeKind } from './tax-code.ts';
import { checkVsic } from './vsic.ts';

export const EVENT_TYPES = [
  'registered',
  'amended',
  'suspended',
  'resumed',
  'dissolved',
  'converted-from-household',
  'branch-opened',
  'branch-closed',
] as const;
export type RegistryEventType = (typeof EVENT_TYPES)[number];

export { LEGAL_FORMS } from '../../../shared/reference/registration.ts';
export const STATUSES = ['active', 'suspended', 'dissolved'] as const;

const money = z.number().int('must be a whole number of VND').min(0).max(1e16);
const isoDate = z.iso.date('must be a date YYYY-MM-DD');

/**
 * Bounds on every string and array, chosen so that no accepted event can make an item over
 * DynamoDB's 400 KB: the history entry of a change holds the owners before AND after it, so the
 * owners list must stay under a quarter of that. test/unit/services/registry/item-size.test.ts
 * builds the largest valid event and checks the items it produces.
 */
export const LIMITS = {
  personName: 200,
  owners: 200,
  enterpriseName: 500,
  vsicOthers: 100,
  eventId: 100,
} as const;

const person = z.object({
  name: z.string().trim().min(1).max(LIMITS.personName),
  // null for an owner that is itself an enterprise (e.g. a branch's parent company).
  personalIdHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256')
    .nullable()
    .optional(),
});

export const enterpriseStateSchema = z.object({
  name: z.string().trim().min(1).max(LIMITS.enterpriseName),
  legalForm: z.enum(LEGAL_FORMS),
  communeCode: z.string().regex(/^\d{5}$/, 'must be a 5-digit commune code'),
  vsic: z.object({
    version: z.enum(['2018', '2025']),
    // The digits are checked by checkVsic, with a reason; the schema only bounds the length.
    main: z.string().max(5),
    others: z.array(z.string().max(5)).max(LIMITS.vsicOthers).default([]),
  }),
  foundedOn: isoDate,
  status: z.enum(STATUSES),
  employees: z.number().int().min(0).max(10_000_000),
  revenueVnd: money,
  totalCapitalVnd: money,
  legalRepresentative: person,
  owners: z
    .array(person.extend({ taxCode: z.string().max(14).nullable().optional(), sharePct: z.number().min(0).max(100) }))
    .max(LIMITS.owners)
    .default([]),
  /** For `converted-from-household`: the household business's tax code (12-digit personal id). */
  householdTaxCode: z.string().max(14).optional(),
});

export const registryEventSchema = z.object({
  eventId: z.string().trim().min(1).max(LIMITS.eventId),
  type: z.enum(EVENT_TYPES),
  taxCode: z.string().max(14),
  revision: z
    .number()
    .int()
    .min(1)
    .max(2 ** 31),
  occurredAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset' }).max(35),
  enterprise: enterpriseStateSchema,
});

export type EnterpriseState = z.infer<typeof enterpriseStateSchema>;
export type RegistryEvent = z.infer<typeof registryEventSchema> & { taxCodeKind: TaxCodeKind };

export type EventCheck = { ok: true; event: RegistryEvent } | { ok: false; eventId: string | undefined; errors: FieldError[] };

const EXPECTED_KIND: Record<(typeof LEGAL_FORMS)[number], TaxCodeKind> = {
  llc: 'enterprise',
  jsc: 'enterprise',
  private: 'enterprise',
  partnership: 'enterprise',
  household: 'personal',
  branch: 'branch',
};

const STATUS_OF_TYPE: Partial<Record<RegistryEventType, (typeof STATUSES)[number]>> = {
  suspended: 'suspended',
  resumed: 'active',
  dissolved: 'dissolved',
  'branch-closed': 'dissolved',
};

/** Tolerance for clocks: an event may not be dated more than this in the future. */
const FUTURE_SLACK_MS = 5 * 60 * 1000;
const EARLIEST = Date.parse('1945-09-02T00:00:00Z');

/** Validate one raw event: schema first, then the domain rules; every problem is listed. */
export function checkRegistryEvent(raw: unknown, now: Date): EventCheck {
  const eventId =
    typeof raw === 'object' && raw && typeof (raw as { eventId?: unknown }).eventId === 'string'
      ? (raw as { eventId: string }).eventId
      : undefined;
  const parsed = registryEventSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, eventId, errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  }
  const e = parsed.data;
  const errors: FieldError[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });

  const code = parseTaxCode(e.taxCode);
  if (!code.ok) add('taxCode', code.reason);
  else if (code.code.kind !== EXPECTED_KIND[e.enterprise.legalForm]) {
    add('taxCode', `a ${e.enterprise.legalForm} needs a ${EXPECTED_KIND[e.enterprise.legalForm]} code, this is a ${code.code.kind} code`);
  }
  if ((e.type === 'branch-opened' || e.type === 'branch-closed') && e.enterprise.legalForm !== 'branch') {
    add('enterprise.legalForm', `a ${e.type} event is about a branch`);
  }
  if (e.type === 'converted-from-household') {
    if (e.enterprise.legalForm === 'household') add('enterprise.legalForm', 'a converted household business becomes an enterprise');
    const from = e.enterprise.householdTaxCode === undefined ? undefined : parseTaxCode(e.enterprise.householdTaxCode);
    if (!from || !from.ok || from.code.kind !== 'personal')
      add('enterprise.householdTaxCode', "the household business's 12-digit code is required");
  }
  const expectedStatus = STATUS_OF_TYPE[e.type];
  if (expectedStatus && e.enterprise.status !== expectedStatus)
    add('enterprise.status', `a ${e.type} event leaves the status ${expectedStatus}`);

  if (!communeByCode(e.enterprise.communeCode))
    add('enterprise.communeCode', `${e.enterprise.communeCode} is not one of Hanoi's 126 communes and wards`);
  const codes = [e.enterprise.vsic.main, ...e.enterprise.vsic.others];
  codes.forEach((c, i) => {
    const v = checkVsic(c, e.enterprise.vsic.version);
    if (!v.ok) add(i === 0 ? 'enterprise.vsic.main' : `enterprise.vsic.others.${i - 1}`, v.reason ?? 'invalid');
  });

  const occurred = Date.parse(e.occurredAt);
  if (occurred > now.getTime() + FUTURE_SLACK_MS) add('occurredAt', 'is in the future');
  if (occurred < EARLIEST) add('occurredAt', 'is before 1945');
  const founded = Date.parse(`${e.enterprise.foundedOn}T00:00:00+07:00`);
  // Calendar dates compared: founded on the event's own date (in its offset) at the latest.
  if (e.enterprise.foundedOn > e.occurredAt.slice(0, 10)) add('enterprise.foundedOn', 'is after the event occurred');
  if (founded < EARLIEST) add('enterprise.foundedOn', 'is before 1945');
  const shares = e.enterprise.owners.reduce((sum, o) => sum + o.sharePct, 0);
  if (e.enterprise.owners.length > 0 && shares > 100.01) add('enterprise.owners', `shares add up to ${shares} %, more than 100 %`);

  if (errors.length > 0) return { ok: false, eventId: e.eventId, errors };
  return {
    ok: true,
    event: { ...e, taxCode: code.ok ? code.code.value : e.taxCode, taxCodeKind: code.ok ? code.code.kind : 'enterprise' },
  };
}
