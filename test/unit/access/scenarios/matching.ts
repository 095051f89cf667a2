/** Matching's routes in the authorisation matrix: each over its real handler and the in-memory fakes. */
import type { HttpResult } from '../../../../shared/http/handler.ts';
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
import { recordStep } from '../../../../services/matching/app/funnel.ts';
import { putProfile, type ProfileInput } from '../../../../services/matching/app/suppliers.ts';
import { matchIdOf } from '../../../../services/matching/domain/funnel.ts';
import { fakeDeps } from '../../services/matching/fakes.ts';
import { supplier } from '../../services/matching/fixtures.ts';
import { COMMUNE, OWNER, type Prepared, type Scenario } from '../harness.ts';

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

const profileFacts = { ownerAgency: OWNER, communeCode: COMMUNE };
/** Opportunities are decided by the supplier's commune alone (any agency may advise it). */
const opportunityFacts = { communeCode: COMMUNE };
/** Buyers, needs and matches: the agency that created the buyer. */
const ownedFacts = { ownerAgency: OWNER };

const on = (prepare: () => Promise<Prepared>, rest: Omit<Scenario, 'prepare'>): Scenario => ({ prepare, ...rest });

export const matchingScenarios: Record<string, Scenario> = {
  'PUT /suppliers/{taxCode}/profile': on(
    async () => {
      const w = await world();
      return {
        handler: makePutProfileHandler(w.deps),
        request: { params: { taxCode: w.taxCode }, body: profileInput({ monthlyCapacity: 12_000 }) },
        facts: profileFacts,
      };
    },
    { refusal: 'object', fields: { contacts: 'supplier-profile.contacts' } },
  ),
  'GET /suppliers/{taxCode}/profile': on(
    async () => {
      const w = await world();
      return { handler: makeGetProfileHandler(w.deps), request: { params: { taxCode: w.taxCode } }, facts: profileFacts };
    },
    { refusal: 'object', fields: { contacts: 'supplier-profile.contacts' } },
  ),
  'GET /suppliers/{taxCode}/opportunities': on(
    async () => {
      const w = await world();
      return {
        handler: makeOpportunitiesHandler(w.deps),
        request: { params: { taxCode: w.taxCode }, query: { limit: '20' } },
        facts: opportunityFacts,
      };
    },
    { refusal: 'object' },
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
