/** Matching's routes in the authorisation matrix: each over its real handler and the in-memory fakes. */
import { isAssociation, type Actor } from '../../../../shared/access/policy.ts';
import { newEnvelope } from '../../../../shared/contracts/envelope.ts';
import type { HttpResult } from '../../../../shared/http/handler.ts';
import type { StaffRole as Role, StaffRole } from '../../../../shared/manifest.ts';
import {
  makeCreateBuyerHandler,
  makeCreateNeedHandler,
  makeGetBuyerHandler,
  makeGetMatchHandler,
  makeGetNeedHandler,
  makeGetProfileHandler,
  makeListBuyersHandler,
  makeListNeedsHandler,
  makeMatchesHandler,
  makeOpportunitiesHandler,
  makePutProfileHandler,
  makeRecordStepHandler,
  makeUpdateBuyerHandler,
  makeUpdateNeedHandler,
} from '../../../../services/matching/adapters/inbound/http.ts';
import { createBuyer, createNeed, type NeedInput } from '../../../../services/matching/app/buyers.ts';
import { recordScore, recordSubmitted } from '../../../../services/matching/app/events.ts';
import { recordStep } from '../../../../services/matching/app/funnel.ts';
import { putProfile, type ProfileInput } from '../../../../services/matching/app/suppliers.ts';
import { matchIdOf } from '../../../../services/matching/domain/funnel.ts';
import { QUALITY_NOT_AVAILABLE } from '../../../../services/matching/domain/scoring.ts';
import { enterpriseLinks, fakeDeps, OTHER_ENTERPRISE } from '../../services/matching/fakes.ts';
import { supplier } from '../../services/matching/fixtures.ts';
import {
  COMMUNE,
  httpEvent,
  lambdaContext,
  OWNER,
  type EnterprisePlacement,
  type Placement,
  type Prepared,
  type Scenario,
} from '../harness.ts';

const passThrough = async (_req: unknown, run: () => Promise<HttpResult>) => run();

/** The network agency's officer, who keeps the profile and owns the buyer, its need and the match. */
const keeper = { sub: 'officer-sct', agency: OWNER, roles: ['officer'] as const };

const profileInput = (o: Partial<ProfileInput> = {}): ProfileInput => ({
  processes: ['cnc-machining'],
  products: [],
  materials: [],
  certifications: [{ standard: 'ISO 9001', validUntil: '2028-01-01' }],
  monthlyCapacity: 10_000,
  tier: 1,
  customers: [],
  exportMarkets: [],
  languages: [],
  contacts: [{ name: 'Trần Thị B', phone: '0912345678' }],
  ...o,
});

const needInput = (o: Partial<NeedInput> = {}): NeedInput => ({
  title: 'Machined brackets',
  processes: ['cnc-machining'],
  certifications: [],
  communes: [],
  industrialParks: [],
  deadline: '2027-03-31',
  ...o,
});

/**
 * A registered enterprise of COMMUNE with a profile kept by the network agency (OWNER), a buyer of
 * OWNER with an open need the enterprise fits, and (with `proposed`) the match of the two proposed.
 */
async function world(o: { proposed?: boolean } = {}) {
  const deps = fakeDeps();
  const s = supplier();
  const taxCode = s.taxCode;
  await deps.repo.recordRegistry(taxCode, { ...s.registry, communeCode: COMMUNE }, deps.now().toISOString());
  await putProfile(deps, keeper, taxCode, profileInput(), undefined);
  const buyer = await createBuyer(deps, keeper, { name: 'Canon Vietnam', kind: 'fdi', sectors: [] });
  const need = await createNeed(deps, keeper, buyer.id, needInput());
  const matchId = matchIdOf(need.id, taxCode);
  if (o.proposed) await recordStep(deps, keeper, matchId, { step: 'proposed' });
  return { deps, taxCode, buyer, need, matchId };
}

const profileFacts = { ownerAgency: OWNER, communeCode: COMMUNE, taxCode: supplier().taxCode };
/** Opportunities are decided by the supplier's commune (any agency may advise it), and for the supplier itself by its tax code. */
const opportunityFacts = { communeCode: COMMUNE, taxCode: supplier().taxCode };
/** The supplier is the own enterprise of the matrix's enterprise users. */
const enterprises = { own: supplier().taxCode, other: OTHER_ENTERPRISE };
/** Buyers, needs and matches: the agency that created the buyer. */
const ownedFacts = { ownerAgency: OWNER };

const on = (prepare: () => Promise<Prepared>, rest: Omit<Scenario, 'prepare'>): Scenario => ({ prepare, ...rest });

export const matchingScenarios: Record<string, Scenario> = {
  'PUT /suppliers/{taxCode}/profile': on(
    async () => {
      const w = await world();
      return {
        handler: makePutProfileHandler(w.deps, enterpriseLinks()),
        request: { params: { taxCode: w.taxCode }, body: profileInput({ monthlyCapacity: 12_000 }) },
        facts: profileFacts,
      };
    },
    { refusal: 'object', fields: { contacts: 'supplier-profile.contacts' }, enterprise: enterprises },
  ),
  'GET /suppliers/{taxCode}/profile': on(
    async () => {
      const w = await world();
      return {
        handler: makeGetProfileHandler(w.deps, enterpriseLinks()),
        request: { params: { taxCode: w.taxCode } },
        facts: profileFacts,
      };
    },
    { refusal: 'object', fields: { contacts: 'supplier-profile.contacts' }, enterprise: enterprises },
  ),
  'GET /suppliers/{taxCode}/opportunities': on(
    async () => {
      const w = await world();
      return {
        handler: makeOpportunitiesHandler(w.deps, enterpriseLinks()),
        request: { params: { taxCode: w.taxCode }, query: { limit: '20' } },
        facts: opportunityFacts,
      };
    },
    { refusal: 'object', enterprise: enterprises },
  ),
  'POST /buyers': on(
    async () => {
      const w = await world();
      return {
        handler: makeCreateBuyerHandler(w.deps, passThrough),
        request: { body: { name: 'Toyota Vietnam', kind: 'fdi', sectors: [] } },
        facts: ownedFacts,
      };
    },
    { refusal: 'objectless' },
  ),
  'GET /buyers/{id}': on(
    async () => {
      const w = await world();
      return { handler: makeGetBuyerHandler(w.deps), request: { params: { id: w.buyer.id } }, facts: ownedFacts };
    },
    { refusal: 'object' },
  ),
  'POST /buyers/{id}/needs': on(
    async () => {
      const w = await world();
      return {
        handler: makeCreateNeedHandler(w.deps, passThrough),
        request: { params: { id: w.buyer.id }, body: needInput({ title: 'Stamped covers' }) },
        facts: ownedFacts,
      };
    },
    // The buyer is the object: whoever may not read it is told it does not exist.
    { refusal: 'object', readKind: 'buyer' },
  ),
  'GET /needs/{id}': on(
    async () => {
      const w = await world();
      return { handler: makeGetNeedHandler(w.deps), request: { params: { id: w.need.id } }, facts: ownedFacts };
    },
    { refusal: 'object' },
  ),
  'GET /needs/{id}/matches': on(
    async () => {
      const w = await world({ proposed: true });
      return { handler: makeMatchesHandler(w.deps), request: { params: { id: w.need.id }, query: { limit: '20' } }, facts: ownedFacts };
    },
    { refusal: 'object' },
  ),
  'POST /matches/{id}/events': on(
    async () => {
      const w = await world({ proposed: true });
      return {
        handler: makeRecordStepHandler(w.deps, passThrough),
        request: { params: { id: w.matchId }, body: { step: 'contacted', note: 'Called the director' } },
        facts: ownedFacts,
      };
    },
    { refusal: 'object' },
  ),
  'GET /matches/{id}': on(
    async () => {
      const w = await world({ proposed: true });
      return { handler: makeGetMatchHandler(w.deps), request: { params: { id: w.matchId } }, facts: ownedFacts };
    },
    { refusal: 'object' },
  ),
  'GET /buyers': (() => {
    let id = '';
    return on(
      async () => {
        const w = await world();
        id = w.buyer.id;
        // The owning agency's buyers, asked for by name: what the coordinator does; others get an empty page.
        return { handler: makeListBuyersHandler(w.deps), request: { query: { agency: OWNER, limit: '100' } }, facts: ownedFacts };
      },
      { refusal: 'list', inList: (body) => (body as { items: { id: string }[] }).items.some((b) => b.id === id) },
    );
  })(),
  'PATCH /buyers/{id}': on(
    async () => {
      const w = await world();
      return {
        handler: makeUpdateBuyerHandler(w.deps),
        request: { params: { id: w.buyer.id }, body: { name: 'Canon Vietnam Co., Ltd.' }, headers: { 'if-match': '"1"' } },
        facts: ownedFacts,
      };
    },
    { refusal: 'object' },
  ),
  'GET /buyers/{id}/needs': on(
    async () => {
      const w = await world();
      return { handler: makeListNeedsHandler(w.deps), request: { params: { id: w.buyer.id }, query: { limit: '20' } }, facts: ownedFacts };
    },
    // The buyer is the object: whoever may not read it is told it does not exist.
    { refusal: 'object', readKind: 'buyer' },
  ),
  'PATCH /needs/{id}': on(
    async () => {
      const w = await world();
      return {
        handler: makeUpdateNeedHandler(w.deps),
        request: { params: { id: w.need.id }, body: { status: 'closed' } },
        facts: ownedFacts,
      };
    },
    { refusal: 'object' },
  ),
};

// ---- Privacy of scores and contact persons (issue 18): expectations from a table written by hand ----

/** The outcome a caller sees: the quality factor shown with the score, shown as not available, a refusal; or the contacts after its write. */
export type PrivacyOutcome = 'score shown' | 'not available' | 'contacts kept' | 'contacts replaced' | 403 | 404;

/** One case: what the caller did, observed through the real handler; and, by hand, what each caller must see. */
export interface PrivacyCase {
  route: string;
  run: (actor: Actor) => Promise<{ outcome: PrivacyOutcome | string | number; body: string }>;
  /** By placement, then role: written by hand from issue 18, not from the policy's decide(). */
  expected: Record<Placement, Record<StaffRole, PrivacyOutcome>>;
  /** Enterprise users by placement (issue 21), written by hand: their own supplier's answer holds no agency's score. */
  enterprise: Record<EnterprisePlacement, PrivacyOutcome>;
}

const SCORE = 'so-cong-thuong'; // the agency whose programme scored the supplier: OWNER

/** The supplier of `world`, scored 100 of 100 in a programme of Sở Công Thương (as intake and scoring announce it). */
async function scoredWorld(needOwner: string) {
  const w = await world();
  await recordSubmitted(
    w.deps,
    newEnvelope({ type: 'application.submitted', source: 'intake', data: { applicationId: 'app-1', taxCode: w.taxCode, agency: SCORE } }),
  );
  await recordScore(
    w.deps,
    newEnvelope({
      type: 'application.scored',
      source: 'scoring',
      data: {
        applicationId: 'app-1',
        rubric: { id: 'cnht', version: 1 },
        totalPoints: 100,
        maxPoints: 100,
        scoredAt: '2026-06-01T00:00:00Z',
      },
    }),
  );
  // A need of the agency that will read its matches (a caller reads only its own agency's).
  const officer = { sub: `officer-${needOwner}`, agency: needOwner, roles: ['officer'] as const };
  const buyer = await createBuyer(w.deps, officer, { name: 'Toyota Vietnam', kind: 'fdi', sectors: [] });
  const need = await createNeed(w.deps, officer, buyer.id, needInput());
  return { ...w, need };
}

/** What a 200 answer shows of the quality factor of the scored supplier. */
function qualityOutcome(status: number, body: string, factorsOf: (b: unknown) => { factor: string; points: number; reason: string }[]) {
  if (status !== 200) return status;
  const quality = factorsOf(JSON.parse(body)).find((f) => f.factor === 'quality');
  if (quality?.points === 10 && quality.reason.includes('100 of 100 points')) return 'score shown';
  if (quality?.points === 5 && quality.reason === QUALITY_NOT_AVAILABLE) return 'not available';
  return `unexpected: ${JSON.stringify(quality)}`;
}

// A business association owns no needs (it may not create one): it asks about Sở Công Thương's.
const agencyOf = (actor: Actor) =>
  actor.commune === undefined && actor.agency !== 'so-tai-chinh' && !isAssociation(actor) ? actor.agency : OWNER;

/** Staff (admin, officer) reach the object; viewers and reviewers are only the coordinator's readers. */
const staffOnly = (staff: PrivacyOutcome, others: PrivacyOutcome): Record<StaffRole, PrivacyOutcome> => ({
  admin: staff,
  officer: staff,
  reviewer: others,
  viewer: others,
});
const everyRole = (o: PrivacyOutcome): Record<StaffRole, PrivacyOutcome> => staffOnly(o, o);
/** The coordinator's readers see scores; its reviewers read matches but no score they are not assigned. */
const coordinatorsReaders: Record<StaffRole, PrivacyOutcome> = { ...everyRole('score shown'), reviewer: 'not available' };

export const matchingPrivacyCases: PrivacyCase[] = [
  {
    // Each agency reads the matches of a need of its own; the coordinator, a need of Sở Công Thương.
    route: 'GET /needs/{id}/matches',
    run: async (actor) => {
      const w = await scoredWorld(agencyOf(actor));
      const res = await makeMatchesHandler(w.deps)(
        httpEvent('GET /needs/{id}/matches', actor, { params: { id: w.need.id }, query: { limit: '20' } }),
        lambdaContext(),
      );
      const body = res.body ?? '';
      return {
        outcome: qualityOutcome(res.statusCode ?? 0, body, (b) => (b as { items: { factors: never[] }[] }).items[0]!.factors),
        body,
      };
    },
    expected: {
      'own agency': staffOnly('score shown', 404),
      'other agency': staffOnly('not available', 404),
      'own commune': everyRole(404),
      'other commune': everyRole(404),
      coordinator: coordinatorsReaders,
      assigned: staffOnly('not available', 404),
      association: everyRole(404),
    },
    enterprise: { 'own enterprise': 403, 'other enterprise': 403, 'pending delegation': 403, 'revoked delegation': 403 },
  },
  {
    route: 'GET /suppliers/{taxCode}/opportunities',
    run: async (actor) => {
      const w = await scoredWorld(OWNER);
      const res = await makeOpportunitiesHandler(w.deps, enterpriseLinks())(
        httpEvent('GET /suppliers/{taxCode}/opportunities', actor, { params: { taxCode: w.taxCode }, query: { limit: '20' } }),
        lambdaContext(),
      );
      const body = res.body ?? '';
      return {
        outcome: qualityOutcome(res.statusCode ?? 0, body, (b) => (b as { items: { factors: never[] }[] }).items[0]!.factors),
        body,
      };
    },
    expected: {
      'own agency': staffOnly('score shown', 404),
      'other agency': staffOnly('not available', 404),
      'own commune': staffOnly('not available', 404),
      'other commune': everyRole(404),
      coordinator: coordinatorsReaders,
      assigned: staffOnly('not available', 404),
      association: everyRole(404),
    },
    enterprise: { 'own enterprise': 'not available', 'other enterprise': 404, 'pending delegation': 404, 'revoked delegation': 404 },
  },
  {
    // The profile as a caller without the contacts read it, sent back with a change and `contacts: []`.
    route: 'PUT /suppliers/{taxCode}/profile',
    run: async (actor) => {
      const w = await world();
      const res = await makePutProfileHandler(w.deps, enterpriseLinks())(
        httpEvent('PUT /suppliers/{taxCode}/profile', actor, {
          params: { taxCode: w.taxCode },
          body: profileInput({ monthlyCapacity: 12_000, contacts: [] }),
        }),
        lambdaContext(),
      );
      const stored = (await w.deps.repo.getProfile(w.taxCode))!;
      const status = res.statusCode ?? 0;
      const kept = stored.contacts.length === 1 && stored.contacts[0]!.name === 'Trần Thị B';
      // A refused write changes nothing: its status stands only if the contacts are still there.
      const outcome = status === 200 ? (kept ? 'contacts kept' : 'contacts replaced') : kept ? status : `${status}, contacts lost`;
      return { outcome, body: res.body ?? '' };
    },
    expected: {
      'own agency': staffOnly('contacts replaced', 403),
      'other agency': staffOnly(403, 403),
      'own commune': staffOnly('contacts kept', 403),
      'other commune': staffOnly(404, 403),
      coordinator: staffOnly(403, 403),
      assigned: staffOnly(403, 403),
      // Not even the profile is a business association's to read: not found.
      association: staffOnly(404, 403),
    },
    enterprise: { 'own enterprise': 'contacts replaced', 'other enterprise': 404, 'pending delegation': 404, 'revoked delegation': 404 },
  },
];
