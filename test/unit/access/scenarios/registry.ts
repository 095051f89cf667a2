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
import { startImport, type ImportDeps } from '../../../../services/registry/app/imports.ts';
import {
  FakeChunkQueue,
  FakeEnterpriseRepository,
  FakeImportFiles,
  FakeImportRepository,
  FakeReadQueue,
} from '../../services/registry/fakes.ts';
import { ID_HASH, NOW, profile, TAX_CODES } from '../../services/registry/fixtures.ts';
import { COMMUNE, type Scenario } from '../harness.ts';

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
};
