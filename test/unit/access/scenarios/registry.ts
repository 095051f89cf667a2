/** The registry's routes in the authorisation matrix: each over its real handler and the in-memory fakes. */
import {
  makeCompleteUploadHandler,
  makeGetImportHandler,
  makeStartImportHandler,
} from '../../../../services/registry/adapters/inbound/imports.ts';
import {
  makeGetEnterpriseHandler,
  makeGetHistoryHandler,
  makeSearchEnterprisesHandler,
} from '../../../../services/registry/adapters/inbound/reads.ts';
import {
  makeApproveDelegationHandler,
  makeLinkEnterpriseHandler,
  makeMeHandler,
  makeRevokeDelegationHandler,
} from '../../../../services/registry/adapters/inbound/links.ts';
import { startImport, type ImportDeps } from '../../../../services/registry/app/imports.ts';
import type { LinkDeps } from '../../../../services/registry/app/ports.ts';
import { requestLink, revokeLink } from '../../../../services/registry/domain/link.ts';
import {
  FakeChunkQueue,
  FakeEnterpriseRepository,
  FakeImportFiles,
  FakeImportRepository,
  FakeLinkRepository,
  FakeReadQueue,
} from '../../services/registry/fakes.ts';
import { ID_HASH, NOW, profile, TAX_CODES, testRefOf } from '../../services/registry/fixtures.ts';
import { COMMUNE, ENTERPRISE_SUBS, OWN_PERSON_ID_HASH, type Scenario } from '../harness.ts';

function world() {
  const enterprises = new FakeEnterpriseRepository();
  const e = profile();
  enterprises.put(e).putHistory(e.taxCode, {
    revision: 2,
    sourceId: 'reg-2',
    cause: 'amended',
    occurredAt: NOW.toISOString(),
    appliedAt: NOW.toISOString(),
    changes: [{ field: 'owners', from: [], to: [{ name: 'Nguyễn Văn A', personalIdHash: ID_HASH, taxCode: null, sharePct: 60 }] }],
  });
  const deps: ImportDeps = {
    enterprises,
    imports: new FakeImportRepository(),
    files: new FakeImportFiles(),
    chunks: new FakeChunkQueue(),
    reads: new FakeReadQueue(),
    now: () => NOW,
  };
  return { deps, e };
}

/** An import of a large file (so it is uploaded in parts), started by the registry owner's admin. */
async function withImport() {
  const w = world();
  const started = await startImport(w.deps, { format: 'ndjson', sizeBytes: 9 * 1024 * 1024, by: 'admin-stc', agency: 'so-tai-chinh' });
  return { ...w, importId: started.importId };
}

const enterpriseFacts = { communeCode: COMMUNE };

/**
 * People's links around Thăng Long (commune 00004, whose legal representative the own enterprise's
 * user is): that user verified by person ref, another person verified for Sài Gòn (00070), one
 * delegation pending and one revoked.
 */
async function linksWorld(): Promise<LinkDeps> {
  const at = NOW.toISOString();
  const thangLong = profile();
  const saigon = profile({ taxCode: TAX_CODES.saigon }, { communeCode: '00070' });
  const links = new FakeLinkRepository();
  const party = (e: typeof thangLong) => ({ taxCode: e.taxCode, legalRepresentativeRef: e.legalRepresentative.personRef });
  const own = requestLink(
    { sub: ENTERPRISE_SUBS['own enterprise'], personRef: testRefOf(OWN_PERSON_ID_HASH) },
    party(thangLong),
    undefined,
    at,
  );
  const other = requestLink({ sub: ENTERPRISE_SUBS['other enterprise'], organisation: saigon.taxCode }, party(saigon), undefined, at);
  const pending = requestLink({ sub: ENTERPRISE_SUBS['pending delegation'] }, party(thangLong), undefined, at);
  const revoked = revokeLink(
    requestLink({ sub: ENTERPRISE_SUBS['revoked delegation'] }, party(thangLong), undefined, at),
    { sub: 'stc', agency: 'so-tai-chinh' },
    at,
  );
  for (const l of [own, other, pending, revoked]) await links.save(l, 0);
  return {
    enterprises: new FakeEnterpriseRepository().put(thangLong).put(saigon),
    links,
    personRefKey: { refOf: async () => testRefOf },
    now: () => NOW,
  };
}

const delegationFacts = {
  taxCode: TAX_CODES.thangLong,
  communeCode: COMMUNE,
  subject: ENTERPRISE_SUBS['pending delegation'],
  representatives: [ENTERPRISE_SUBS['own enterprise']],
};
const links = { own: TAX_CODES.thangLong, other: TAX_CODES.saigon };
const listed = (body: unknown) => ((body as { items?: { taxCode: string }[] }).items ?? []).some((i) => i.taxCode === TAX_CODES.thangLong);

export const registryScenarios: Record<string, Scenario> = {
  'GET /enterprises/{taxCode}': {
    prepare: async () => ({
      handler: makeGetEnterpriseHandler(world().deps),
      request: { params: { taxCode: TAX_CODES.thangLong } },
      facts: enterpriseFacts,
    }),
    refusal: 'object',
    fields: { owners: 'enterprise.people' },
  },
  'GET /enterprises': {
    prepare: async () => ({
      handler: makeSearchEnterprisesHandler(world().deps),
      request: { query: { q: 'co khi', limit: '100' } },
      facts: enterpriseFacts,
    }),
    refusal: 'list',
    inList: listed,
    fields: { owners: 'enterprise.people' },
  },
  'GET /enterprises/{taxCode}/history': {
    prepare: async () => ({
      handler: makeGetHistoryHandler(world().deps),
      request: { params: { taxCode: TAX_CODES.thangLong } },
      facts: enterpriseFacts,
    }),
    refusal: 'object',
  },
  'POST /registry/imports': {
    prepare: async () => ({
      handler: makeStartImportHandler(world().deps),
      request: { body: { format: 'csv', fileName: 'snapshot.csv' } },
      facts: {},
    }),
    refusal: 'objectless',
  },
  'POST /registry/imports/{id}/upload-complete': {
    prepare: async () => {
      const w = await withImport();
      return {
        handler: makeCompleteUploadHandler(w.deps),
        request: {
          params: { id: w.importId },
          body: {
            parts: [
              { partNumber: 1, etag: '"a"' },
              { partNumber: 2, etag: '"b"' },
            ],
          },
        },
        facts: {},
      };
    },
    refusal: 'object',
  },
  'GET /registry/imports/{id}': {
    prepare: async () => {
      const w = await withImport();
      return { handler: makeGetImportHandler(w.deps), request: { params: { id: w.importId } }, facts: {} };
    },
    refusal: 'object',
  },
  'POST /me/enterprises': {
    prepare: async () => ({
      handler: makeLinkEnterpriseHandler(await linksWorld()),
      request: { body: { taxCode: TAX_CODES.thangLong } },
      facts: {},
    }),
    refusal: 'objectless',
    enterprise: links,
  },
  'GET /me': {
    prepare: async () => ({ handler: makeMeHandler(await linksWorld()), request: {}, facts: {} }),
    refusal: 'objectless',
    enterprise: links,
  },
  'POST /enterprises/{taxCode}/delegations/{sub}': {
    prepare: async () => ({
      handler: makeApproveDelegationHandler(await linksWorld()),
      request: { params: { taxCode: TAX_CODES.thangLong, sub: ENTERPRISE_SUBS['pending delegation'] } },
      facts: delegationFacts,
    }),
    refusal: 'object',
    enterprise: links,
  },
  'DELETE /enterprises/{taxCode}/delegations/{sub}': {
    prepare: async () => ({
      handler: makeRevokeDelegationHandler(await linksWorld()),
      request: { params: { taxCode: TAX_CODES.thangLong, sub: ENTERPRISE_SUBS['pending delegation'] } },
      facts: delegationFacts,
    }),
    refusal: 'object',
    enterprise: links,
  },
};
