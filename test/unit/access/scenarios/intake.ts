/** Intake's routes in the authorisation matrix: each over its real handler and the in-memory fakes. */
import type { HttpResult } from '../../../../shared/http/handler.ts';
import {
  makeCreateApplicationHandler,
  makeCreateProgrammeHandler,
  makeDecideHandler,
  makeEnterpriseSupportHandler,
  makeGetApplicationHandler,
  makeGetDocumentHandler,
  makeGetProgrammeHandler,
  makeListApplicationsHandler,
  makeListDocumentsHandler,
  makeListProgrammesHandler,
  makeRequestDocumentHandler,
  makeSubmitApplicationHandler,
  makeUpdateProgrammeHandler,
  makeWithdrawApplicationHandler,
} from '../../../../services/intake/adapters/inbound/http.ts';
import type { Application } from '../../../../services/intake/domain/application.ts';
import { sha256Hex } from '../../services/intake/fakes.ts';
import { FILES, programme, setup, TAX_CODE } from '../../services/intake/fixtures.ts';
import {
  draftInput,
  givenDraft,
  givenEnterprise,
  givenProgramme,
  givenSubmitted,
  givenVerifiedDocument,
} from '../../services/intake/flows.ts';
import { ASSIGNED_SUB, COMMUNE, OWNER, type Prepared, type Scenario } from '../harness.ts';

const passThrough = async (_req: unknown, run: () => Promise<HttpResult>) => run();

/** A programme of the owning agency decided without a rubric; a draft with a verified document and a submitted application, both assigned to a reviewer. */
async function world() {
  const ctx = setup();
  givenEnterprise(ctx);
  const p = await givenProgramme(ctx, { rubric: null });
  const draft = await givenDraft(ctx, p.id);
  const documentId = await givenVerifiedDocument(ctx, draft.id, 'business-registration');
  const submitted = await givenSubmitted(ctx, p.id);
  for (const app of [draft, submitted]) ctx.repo.applications.get(app.id)!.assignees = [ASSIGNED_SUB];
  return { ...ctx, p, draft, submitted, documentId };
}

const appFacts = (app: Application) => ({
  ownerAgency: app.agency,
  intakeAgency: app.intakeAgency,
  communeCode: app.communeCode,
  assignees: [ASSIGNED_SUB],
});
const programmeFacts = { ownerAgency: OWNER };
const hasItem = (id: string) => (body: unknown) => ((body as { items?: { id: string }[] }).items ?? []).some((i) => i.id === id);

const on = (prepare: () => Promise<Prepared>, rest: Omit<Scenario, 'prepare'>): Scenario => ({ prepare, ...rest });

export const intakeScenarios: Record<string, Scenario> = {
  'POST /programmes': on(
    async () => {
      const w = await world();
      return { handler: makeCreateProgrammeHandler(w.deps), request: { body: programme({ code: 'NEW-2026' }) }, facts: programmeFacts };
    },
    { refusal: 'objectless' },
  ),
  'GET /programmes': on(
    async () => {
      const w = await world();
      return { handler: makeListProgrammesHandler(w.deps), request: { query: { limit: '100' } }, facts: programmeFacts };
    },
    { refusal: 'list', inList: (body) => ((body as { items: unknown[] }).items ?? []).length > 0 },
  ),
  'GET /programmes/{id}': on(
    async () => {
      const w = await world();
      return { handler: makeGetProgrammeHandler(w.deps), request: { params: { id: w.p.id } }, facts: programmeFacts };
    },
    { refusal: 'object' },
  ),
  'PUT /programmes/{id}': on(
    async () => {
      const w = await world();
      return {
        handler: makeUpdateProgrammeHandler(w.deps),
        request: { params: { id: w.p.id }, body: programme({ rubric: null, name: 'Renamed supporting-industry programme' }) },
        facts: programmeFacts,
      };
    },
    { refusal: 'object' },
  ),
  'POST /applications': on(
    async () => {
      const w = await world();
      return {
        handler: makeCreateApplicationHandler(w.deps, passThrough),
        request: { body: draftInput(w.p.id) },
        facts: { ownerAgency: OWNER, communeCode: COMMUNE },
      };
    },
    { refusal: 'objectless' },
  ),
  'GET /applications': (() => {
    let id = '';
    return on(
      async () => {
        const w = await world();
        id = w.draft.id;
        return {
          handler: makeListApplicationsHandler(w.deps),
          request: { query: { taxCode: TAX_CODE, limit: '100' } },
          facts: appFacts(w.draft),
        };
      },
      { refusal: 'list', inList: (body) => hasItem(id)(body), fields: { contact: 'application.contact' } },
    );
  })(),
  'GET /applications/{id}': on(
    async () => {
      const w = await world();
      return { handler: makeGetApplicationHandler(w.deps), request: { params: { id: w.draft.id } }, facts: appFacts(w.draft) };
    },
    { refusal: 'object', fields: { contact: 'application.contact', documents: 'document' } },
  ),
  'POST /applications/{id}/documents': on(
    async () => {
      const w = await world();
      const body = {
        type: 'quotation',
        fileName: 'bao-gia.pdf',
        contentType: 'application/pdf',
        sizeBytes: FILES.pdf.length,
        sha256: sha256Hex(FILES.pdf),
      };
      return { handler: makeRequestDocumentHandler(w.deps), request: { params: { id: w.draft.id }, body }, facts: appFacts(w.draft) };
    },
    { refusal: 'object', readKind: 'application' },
  ),
  'GET /applications/{id}/documents': on(
    async () => {
      const w = await world();
      return { handler: makeListDocumentsHandler(w.deps), request: { params: { id: w.draft.id } }, facts: appFacts(w.draft) };
    },
    { refusal: 'object', readKind: 'application' },
  ),
  'GET /applications/{id}/documents/{docId}': on(
    async () => {
      const w = await world();
      return {
        handler: makeGetDocumentHandler(w.deps),
        request: { params: { id: w.draft.id, docId: w.documentId } },
        facts: appFacts(w.draft),
      };
    },
    { refusal: 'object', readKind: 'application' },
  ),
  'POST /applications/{id}/submit': on(
    async () => {
      const w = await world();
      return { handler: makeSubmitApplicationHandler(w.deps), request: { params: { id: w.draft.id } }, facts: appFacts(w.draft) };
    },
    { refusal: 'object' },
  ),
  'POST /applications/{id}/withdraw': on(
    async () => {
      const w = await world();
      return {
        handler: makeWithdrawApplicationHandler(w.deps),
        request: { params: { id: w.draft.id }, body: {} },
        facts: appFacts(w.draft),
      };
    },
    { refusal: 'object' },
  ),
  'POST /applications/{id}/decision': on(
    async () => {
      const w = await world();
      return {
        handler: makeDecideHandler(w.deps),
        request: { params: { id: w.submitted.id }, body: { outcome: 'approved', amountVnd: 1_000_000 } },
        facts: appFacts(w.submitted),
      };
    },
    { refusal: 'object' },
  ),
  'GET /enterprises/{taxCode}/support': on(
    async () => {
      const w = await world();
      return { handler: makeEnterpriseSupportHandler(w.deps), request: { params: { taxCode: TAX_CODE } }, facts: { communeCode: COMMUNE } };
    },
    { refusal: 'object' },
  ),
};
