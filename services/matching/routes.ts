import * as z from 'zod';
import { routeAccess } from '../../shared/access/policy.ts';
import { ONLINE_ROUTE as online } from '../../shared/contracts/enterprise-links.ts';
import type { RouteSpec } from '../../shared/manifest.ts';
import { paginationQuery } from '../../shared/http/pagination.ts';
import { agencyCodeSchema } from '../../shared/reference/agency.ts';
import { FUNNEL_STEPS, RECORDED_STEPS } from './domain/funnel.ts';
import { BUYER_KINDS, NEED_STATUSES } from './domain/need.ts';
import { isHanoiCommune, PARK_IDS } from './domain/places.ts';
import { CERTIFICATIONS, CNHT_SECTORS, PROCESS_IDS } from './domain/taxonomy.ts';
import { taxCodeSchema as taxCode } from '../../shared/reference/registration.ts';
import { localizedSchema } from '../../shared/i18n/localized.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const commune = z
  .string()
  .regex(/^\d{5}$/, 'must be a 5-digit commune code')
  .refine(isHanoiCommune, 'is not one of Hanoi’s commune-level units');
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 country code');
const date = z.iso.date();
const tier = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const unique = <T>(a: readonly T[]) => new Set(a).size === a.length;
const site = z.strictObject({ communeCode: commune.optional(), park: z.enum(PARK_IDS).optional() });

export const profileInput = z.strictObject({
  processes: z.array(z.enum(PROCESS_IDS)).min(1).max(PROCESS_IDS.length).refine(unique, 'must not repeat a process'),
  products: z
    .array(
      z.strictObject({
        name: text(200),
        sector: z.enum(CNHT_SECTORS).optional(),
        hsCode: z
          .string()
          .regex(/^\d{4}(\d{2}){0,2}$/, 'must be an HS code of 4, 6 or 8 digits')
          .optional(),
      }),
    )
    .max(50)
    .default([]),
  materials: z.array(text(100)).max(30).default([]),
  certifications: z
    .array(
      z.strictObject({
        standard: z.enum(CERTIFICATIONS),
        validUntil: date,
        certificateNo: text(100).optional(),
        issuer: text(200).optional(),
      }),
    )
    .max(20)
    .default([]),
  monthlyCapacity: z.number().int().positive().max(1_000_000_000).optional(),
  maxPartSizeMm: z.number().positive().max(100_000).optional(),
  toleranceMm: z.number().positive().max(100).optional(),
  tier: tier.optional(),
  customers: z
    .array(z.strictObject({ name: text(200), country: country.optional() }))
    .max(50)
    .default([]),
  site: site.optional(),
  exportExperience: z.boolean().optional(),
  exportMarkets: z.array(country).max(50).default([]),
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code'))
    .max(10)
    .default([]),
  contacts: z
    .array(
      z.strictObject({
        name: text(200),
        role: text(100).optional(),
        phone: z
          .string()
          .regex(/^\+?[0-9 ().-]{8,20}$/, 'must be a phone number')
          .optional(),
        email: z.email().max(254).optional(),
      }),
    )
    .max(5)
    .default([]),
});

export const buyerInput = z
  .strictObject({
    name: text(200),
    kind: z.enum(BUYER_KINDS),
    /** Makes or assembles finished products; default by kind (oem true, the others false). */
    makesFinishedProducts: z.boolean().optional(),
    taxCode: taxCode.optional(),
    country: country.optional(),
    site: site.optional(),
    sectors: z.array(z.enum(CNHT_SECTORS)).max(CNHT_SECTORS.length).default([]),
  })
  .refine((b) => b.kind !== 'enterprise' || b.taxCode !== undefined, {
    path: ['taxCode'],
    message: 'a registered enterprise buying for itself needs its tax code',
  });

export const needInput = z.strictObject({
  title: text(200),
  part: text(200).optional(),
  description: text(2000).optional(),
  sector: z.enum(CNHT_SECTORS).optional(),
  processes: z.array(z.enum(PROCESS_IDS)).min(1).max(10).refine(unique, 'must not repeat a process'),
  certifications: z.array(z.enum(CERTIFICATIONS)).max(CERTIFICATIONS.length).refine(unique, 'must not repeat a certification').default([]),
  volumePerMonth: z.number().int().positive().max(1_000_000_000).optional(),
  toleranceMm: z.number().positive().max(100).optional(),
  partSizeMm: z.number().positive().max(100_000).optional(),
  priceBand: z
    .strictObject({
      minVnd: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
      maxVnd: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      per: text(50).optional(),
    })
    .refine((p) => p.minVnd === undefined || p.maxVnd === undefined || p.minVnd <= p.maxVnd, {
      path: ['maxVnd'],
      message: 'must not be below minVnd',
    })
    .optional(),
  communes: z.array(commune).max(20).default([]),
  industrialParks: z.array(z.enum(PARK_IDS)).max(PARK_IDS.length).default([]),
  tier: tier.optional(),
  deadline: date,
});

/** A step a caller records: every step but `scheduled-at-fair`, which only a fair's schedule run records. */
export const stepInput = z
  .strictObject({ step: z.enum(RECORDED_STEPS), reason: text(1000).optional(), note: text(1000).optional() })
  .refine((s) => s.step !== 'declined' || s.reason !== undefined, { path: ['reason'], message: 'required when the match is declined' });

const atLeastOne = (o: object) => Object.keys(o).length > 0;

/** A change to a buyer: its kind and tax code make it another buyer, so they are not here. */
export const buyerPatch = z
  .strictObject({
    name: text(200).optional(),
    makesFinishedProducts: z.boolean().optional(),
    country: country.nullable().optional(),
    site: site.nullable().optional(),
    sectors: z.array(z.enum(CNHT_SECTORS)).max(CNHT_SECTORS.length).optional(),
  })
  .refine(atLeastOne, 'must change at least one field');

/** A change to a need (JSON merge patch: `null` clears an optional field), or closing it. */
export const needPatch = z
  .strictObject({
    title: text(200).optional(),
    part: text(200).nullable().optional(),
    description: text(2000).nullable().optional(),
    sector: z.enum(CNHT_SECTORS).nullable().optional(),
    processes: needInput.shape.processes.optional(),
    certifications: z.array(z.enum(CERTIFICATIONS)).max(CERTIFICATIONS.length).refine(unique, 'must not repeat a certification').optional(),
    volumePerMonth: needInput.shape.volumePerMonth.nullable(),
    toleranceMm: needInput.shape.toleranceMm.nullable(),
    partSizeMm: needInput.shape.partSizeMm.nullable(),
    priceBand: needInput.shape.priceBand.nullable(),
    communes: z.array(commune).max(20).optional(),
    industrialParks: z.array(z.enum(PARK_IDS)).max(PARK_IDS.length).optional(),
    tier: tier.nullable().optional(),
    deadline: date.optional(),
    status: z.enum(NEED_STATUSES).optional(),
  })
  .refine(atLeastOne, 'must change at least one field');

const id = z.object({ id: z.string().uuid() });
const buyersQuery = paginationQuery.extend({
  agency: agencyCodeSchema.optional(),
});
const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  nearMisses: z.coerce.number().int().min(0).max(50).default(10),
});
/** `reason` in English; `reasonText` the same in Vietnamese and English. */
const factor = z.object({ factor: z.string(), points: z.number(), maxPoints: z.number(), reason: z.string(), reasonText: localizedSchema });
const programmes = z.array(z.object({ category: z.string(), link: z.string() }));
const versionHeader = 'Send If-Match with the version you read (its ETag) to refuse a change to a newer version (409).';
const indexLoading = { description: 'The match index is still loading: retry after Retry-After seconds' };

export const routes = {
  putProfile: {
    method: 'PUT',
    path: '/suppliers/{taxCode}/profile',
    handler: 'adapters/inbound/put-profile.handler.ts',
    ...routeAccess('supplier-profile', 'update'),
    ...online,
    summary: `A registered enterprise's supplier profile: processes, products, materials, certifications, capacity, tier, customers, site, export, languages, contacts (a caller who may not read the contacts leaves them as stored). ${versionHeader}`,
    request: { params: z.object({ taxCode }), body: profileInput },
    responses: {
      200: {
        description: 'the profile (contacts only for the owning agency)',
        schema: z.object({ taxCode: z.string(), version: z.number() }).loose(),
      },
      422: { description: 'An enterprise the registry has not announced, or one not active' },
    },
  },
  getProfile: {
    method: 'GET',
    path: '/suppliers/{taxCode}/profile',
    handler: 'adapters/inbound/get-profile.handler.ts',
    ...routeAccess('supplier-profile', 'read'),
    ...online,
    summary: 'A supplier profile with the registry facts; contact persons only for the owning agency',
    request: { params: z.object({ taxCode }) },
    responses: { 200: { description: 'the profile', schema: z.object({ taxCode: z.string(), version: z.number() }).loose() } },
  },
  opportunities: {
    method: 'GET',
    path: '/suppliers/{taxCode}/opportunities',
    handler: 'adapters/inbound/opportunities.handler.ts',
    // The first request of an instance loads the whole index (docs/benchmarks.md): allow for it.
    timeoutSeconds: 29,
    memoryMb: 1024,
    ...routeAccess('opportunity', 'read'),
    ...online,
    summary:
      'Open needs the supplier fits, ranked with reasons; needs it nearly fits with what it lacks and the programmes that would close the gap. The quality factor shows a score only to whom may read it (the programme’s agency, the coordinator): for others it is neutral and "not available to you"',
    request: { params: z.object({ taxCode }), query: listQuery },
    responses: { 422: { description: 'The enterprise is not active in the registry' }, 503: indexLoading },
  },
  createBuyer: {
    method: 'POST',
    path: '/buyers',
    handler: 'adapters/inbound/create-buyer.handler.ts',
    ...routeAccess('buyer', 'create'),
    summary:
      "A buyer: an OEM, FDI manufacturer or tier-1 (a tax code only if Vietnamese), or a registered enterprise, and whether it makes or assembles finished products (default: true for an OEM, false otherwise; a supplier's first contract with one that does counts as a direct supplier); honours Idempotency-Key",
    request: { body: buyerInput },
    responses: {
      201: { description: 'the buyer', schema: z.object({ id: z.string() }).loose() },
      422: { description: 'An enterprise the registry has not announced, or one dissolved' },
    },
  },
  getBuyer: {
    method: 'GET',
    path: '/buyers/{id}',
    handler: 'adapters/inbound/get-buyer.handler.ts',
    ...routeAccess('buyer', 'read'),
    summary: 'A buyer (its owning agency)',
    request: { params: id },
  },
  createNeed: {
    method: 'POST',
    path: '/buyers/{id}/needs',
    handler: 'adapters/inbound/create-need.handler.ts',
    ...routeAccess('need', 'create'),
    summary:
      'A sourcing need: part, required processes, certifications, volume, tolerance, part size, price band, location, tier, deadline; honours Idempotency-Key',
    request: { params: id, body: needInput },
    responses: {
      201: { description: 'the need', schema: z.object({ id: z.string() }).loose() },
      422: { description: 'The deadline has passed' },
    },
  },
  getNeed: {
    method: 'GET',
    path: '/needs/{id}',
    handler: 'adapters/inbound/get-need.handler.ts',
    ...routeAccess('need', 'read'),
    summary: 'A sourcing need (its owning agency)',
    request: { params: id },
  },
  matches: {
    method: 'GET',
    path: '/needs/{id}/matches',
    handler: 'adapters/inbound/matches.handler.ts',
    // The first request of an instance loads the whole index (docs/benchmarks.md): allow for it.
    timeoutSeconds: 29,
    memoryMb: 1024,
    ...routeAccess('match', 'read'),
    summary:
      'Ranked suppliers with the points and reason of each factor; near-misses with what they lack and the programmes that would close the gap. The quality factor shows a score only to whom may read it (the programme’s agency, the coordinator): for others it is neutral and "not available to you", and the ranking uses those neutral points',
    request: { params: id, query: listQuery },
    responses: {
      200: {
        description: 'ranked matches and near-misses',
        schema: z
          .object({
            items: z.array(z.object({ matchId: z.string(), taxCode: z.string(), score: z.number(), factors: z.array(factor) }).loose()),
            nearMisses: z.array(
              z.object({ taxCode: z.string(), lacking: z.array(z.string()), lackingText: z.array(localizedSchema), programmes }).loose(),
            ),
          })
          .loose(),
      },
      503: indexLoading,
    },
  },
  recordStep: {
    method: 'POST',
    path: '/matches/{id}/events',
    handler: 'adapters/inbound/record-step.handler.ts',
    ...routeAccess('match', 'progress'),
    summary:
      'A funnel step of a match (`<needId>_<taxCode>`): proposed, contacted, met, sample, trial-order, contracted, or declined with a reason; honours Idempotency-Key',
    request: { params: z.object({ id: z.string().max(60) }), body: stepInput },
    responses: {
      201: { description: 'the match with its history', schema: z.object({ id: z.string(), step: z.enum(FUNNEL_STEPS) }).loose() },
      422: { description: 'A decline without a reason, a supplier no longer active, or one that fits none of the processes' },
    },
  },
  getMatch: {
    method: 'GET',
    path: '/matches/{id}',
    handler: 'adapters/inbound/get-match.handler.ts',
    ...routeAccess('match', 'read'),
    summary: "A match's funnel: its step and every step recorded, when and by whom",
    request: { params: z.object({ id: z.string().max(60) }) },
  },
  listBuyers: {
    method: 'GET',
    path: '/buyers',
    handler: 'adapters/inbound/list-buyers.handler.ts',
    ...routeAccess('buyer', 'read'),
    summary:
      "An agency's buyers, newest first (`?agency=`, default the caller's: another agency's only for the coordinator); `limit`, `cursor`",
    request: { query: buyersQuery },
  },
  updateBuyer: {
    method: 'PATCH',
    path: '/buyers/{id}',
    handler: 'adapters/inbound/update-buyer.handler.ts',
    ...routeAccess('buyer', 'update'),
    summary: `Change a buyer's name, whether it makes or assembles finished products, country, site or sectors (null clears country or site). ${versionHeader}`,
    request: { params: id, body: buyerPatch },
    responses: { 200: { description: 'the buyer', schema: z.object({ id: z.string(), version: z.number() }).loose() } },
  },
  listNeedsOfBuyer: {
    method: 'GET',
    path: '/buyers/{id}/needs',
    handler: 'adapters/inbound/list-needs.handler.ts',
    ...routeAccess('need', 'read'),
    summary: "A buyer's needs, newest first, open and closed; `limit`, `cursor`",
    request: { params: id, query: paginationQuery },
  },
  updateNeed: {
    method: 'PATCH',
    path: '/needs/{id}',
    handler: 'adapters/inbound/update-need.handler.ts',
    ...routeAccess('need', 'update'),
    summary: `Change a need (null clears an optional field) or close it with \`status: closed\` (it drops out of opportunities). ${versionHeader}`,
    request: { params: id, body: needPatch },
    responses: {
      200: { description: 'the need', schema: z.object({ id: z.string(), version: z.number() }).loose() },
      422: { description: 'The deadline has passed' },
    },
  },
} as const satisfies Record<string, RouteSpec>;
