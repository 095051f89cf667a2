/** Intake's routes in the authorisation matrix: each over its real handler and the in-memory fakes. */
import type { HttpResult } from '../../../../shared/http/handler.ts';
import {
  makeCreateApplicationHandler,
  makeCreateProgrammeHandler,
  makeDecideAdjustmentHandler,
  makeDecideHandler,
  makeEnterpriseSupportHandler,
  makeGetApplicationHandler,
  makeGetDocumentHandler,
  makeGetProgrammeHandler,
  makeListApplicationsHandler,
  makeListDocumentsHandler,
  makeListProgrammesHandler,
  makeProposeAdjustmentHandler,
  makeRelatedPartyFlagsHandler,
  makeRequestDocumentHandler,
  makeSubmitApplicationHandler,
  makeUpdateProgrammeHandler,
  makeWithdrawApplicationHandler,
  makeMyProgrammesHandler,
  makeRequestSupplementHandler,
  makeAnswerSupplementHandler,
} from '../../../../services/intake/adapters/inbound/http.ts';
import { requestSupplement } from '../../../../services/intake/app/online.ts';
import { decide } from '../../../../services/intake/app/decisions.ts';
import { proposeGrantAdjustment } from '../../../../services/intake/app/ledger.ts';
import type { Application } from '../../../../services/intake/domain/application.ts';
import { sha256Hex } from '../../services/intake/fakes.ts';
import {
  decider,
  enterprise,
  FILES,
  officer,
  OTHER_TAX_CODE,
  otherAgencyDecider,
  otherAgencyOfficer,
  programme,
  setup,
  TAX_CODE,
} from '../../services/intake/fixtures.ts';
import {
  draftInput,
  givenDraft,
  givenEnterprise,
  givenProgramme,
  givenScored,
  givenSubmitted,
  givenVerifiedDocument,
} from '../../services/intake/flows.ts';
import { ASSIGNED_SUB, COMMUNE, type HandCase, OTHER, OTHER_COMMUNE, OWNER, type Prepared, type Scenario } from '../harness.ts';

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

/**
 * The ledger's world: an enterprise of COMMUNE sharing an owner with another one, which OTHER's
 * programme granted digital software; OWNER's programme (digital software too) then granted the
 * enterprise premises rent, and an application of it to OWNER's software programme is submitted
 * (flagged: its related enterprise was supported for that content). The OWNER grant has an
 * adjustment proposed by `officer` (officer-sct), so any other OWNER officer may confirm it.
 */
async function ledgerWorld() {
  const ctx = setup();
  const shared = [{ role: 'owner' as const, personRef: 'a'.repeat(64) }];
  await ctx.repo.recordEnterprise(enterprise({ people: shared }));
  await ctx.repo.recordEnterprise(enterprise({ taxCode: OTHER_TAX_CODE, people: shared }));
  const other = await givenProgramme(
    ctx,
    { code: 'CDS-OTHER', category: 'digital-transformation', supportContents: ['digital/software'], ownerAgency: OTHER, rubric: null },
    otherAgencyOfficer,
  );
  const related = await givenSubmitted(ctx, other.id, { taxCode: OTHER_TAX_CODE }, otherAgencyOfficer);
  await decide(ctx.deps, otherAgencyDecider, related.id, { outcome: 'approved', amountVnd: 50_000_000 }, undefined);
  const rent = await givenProgramme(ctx, {
    code: 'MB-OWNER',
    category: 'premises-rental',
    supportContents: ['premises/rent'],
    rubric: null,
  });
  const granted = await givenSubmitted(ctx, rent.id);
  await decide(ctx.deps, decider, granted.id, { outcome: 'approved', amountVnd: 100_000_000 }, undefined);
  const { adjustment } = await proposeGrantAdjustment(ctx.deps, officer, granted.id, { amountVnd: 60_000_000, reason: 'reduced scope' });
  const software = await givenProgramme(ctx, {
    code: 'CDS-OWNER',
    category: 'digital-transformation',
    supportContents: ['digital/software'],
    rubric: null,
  });
  const flagged = await givenSubmitted(ctx, software.id);
  await decide(ctx.deps, decider, flagged.id, { outcome: 'approved', amountVnd: 10_000_000 }, undefined);
  return { ...ctx, grantId: granted.id, adjustmentId: adjustment.adjustmentId, flaggedId: flagged.id };
}
const grantFacts = { ownerAgency: OWNER, communeCode: COMMUNE };

const appFacts = (app: Application) => ({
  ownerAgency: app.agency,
  intakeAgency: app.intakeAgency,
  communeCode: app.communeCode,
  assignees: [ASSIGNED_SUB],
  taxCode: app.taxCode,
});
/** The enterprise placements' enterprises: the scenarios' applicant, and another one. */
const applicant = { own: TAX_CODE, other: OTHER_TAX_CODE };
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
        facts: { ownerAgency: OWNER, communeCode: COMMUNE, taxCode: TAX_CODE },
      };
    },
    { refusal: 'objectless', enterprise: applicant },
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
      { refusal: 'list', inList: (body) => hasItem(id)(body), fields: { contact: 'application.contact' }, enterprise: applicant },
    );
  })(),
  'GET /applications/{id}': on(
    async () => {
      const w = await world();
      return { handler: makeGetApplicationHandler(w.deps), request: { params: { id: w.draft.id } }, facts: appFacts(w.draft) };
    },
    { refusal: 'object', fields: { contact: 'application.contact', documents: 'document' }, enterprise: applicant },
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
    { refusal: 'object', readKind: 'application', enterprise: applicant },
  ),
  'GET /applications/{id}/documents': on(
    async () => {
      const w = await world();
      return { handler: makeListDocumentsHandler(w.deps), request: { params: { id: w.draft.id } }, facts: appFacts(w.draft) };
    },
    { refusal: 'object', readKind: 'application', enterprise: applicant },
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
    { refusal: 'object', readKind: 'application', enterprise: applicant },
  ),
  'POST /applications/{id}/submit': on(
    async () => {
      const w = await world();
      return { handler: makeSubmitApplicationHandler(w.deps), request: { params: { id: w.draft.id } }, facts: appFacts(w.draft) };
    },
    { refusal: 'object', enterprise: applicant },
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
    { refusal: 'object', enterprise: applicant },
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
  'POST /grants/{id}/adjustments': on(
    async () => {
      const w = await ledgerWorld();
      // A fresh grant with no proposal open: the decision's grant has one.
      const rent = await givenProgramme(w, {
        code: 'MB-OWNER-2',
        category: 'premises-rental',
        supportContents: ['premises/rent'],
        rubric: null,
      });
      w.repo.putEnterprise(enterprise({ taxCode: '0100000019', revision: 1 }));
      const app = await givenSubmitted(w, rent.id, { taxCode: '0100000019' });
      await decide(w.deps, decider, app.id, { outcome: 'approved', amountVnd: 1_000_000 }, undefined);
      return {
        handler: makeProposeAdjustmentHandler(w.deps),
        request: { params: { id: app.id }, body: { cancel: true, reason: 'granted in error' } },
        facts: grantFacts,
      };
    },
    { refusal: 'object' },
  ),
  'POST /grants/{id}/adjustments/{adjustmentId}/decision': on(
    async () => {
      const w = await ledgerWorld();
      return {
        handler: makeDecideAdjustmentHandler(w.deps),
        request: { params: { id: w.grantId, adjustmentId: w.adjustmentId }, body: { outcome: 'confirmed' } },
        facts: grantFacts,
      };
    },
    { refusal: 'object' },
  ),
  'GET /ledger/related-party-flags': on(
    async () => {
      const w = await ledgerWorld();
      return { handler: makeRelatedPartyFlagsHandler(w.deps), request: { query: { year: '2026', limit: '10' } }, facts: {} };
    },
    { refusal: 'objectless' },
  ),
  'GET /enterprises/{taxCode}/support': on(
    async () => {
      const w = await world();
      return {
        handler: makeEnterpriseSupportHandler(w.deps),
        request: { params: { taxCode: TAX_CODE } },
        facts: { communeCode: COMMUNE, taxCode: TAX_CODE },
      };
    },
    { refusal: 'object', enterprise: applicant },
  ),
  'GET /me/programmes': on(
    async () => {
      const w = await world();
      return { handler: makeMyProgrammesHandler(w.deps), request: { query: { taxCode: TAX_CODE } }, facts: { taxCode: TAX_CODE } };
    },
    { refusal: 'object', enterprise: applicant },
  ),
  'POST /applications/{id}/supplement-requests': on(
    async () => {
      const w = await world();
      return {
        handler: makeRequestSupplementHandler(w.deps),
        request: {
          params: { id: w.submitted.id },
          body: { message: 'Bổ sung báo giá có chữ ký', documents: ['quotation'], dueInWorkingDays: 5 },
        },
        facts: appFacts(w.submitted),
      };
    },
    { refusal: 'object' },
  ),
  'POST /applications/{id}/supplements': on(
    async () => {
      const w = await world();
      await requestSupplement(w.deps, officer, w.submitted.id, {
        message: 'Bổ sung báo giá',
        documents: [],
        fields: [],
        dueInWorkingDays: 5,
      });
      return {
        handler: makeAnswerSupplementHandler(w.deps),
        request: { params: { id: w.submitted.id }, body: { message: 'Đã bổ sung' } },
        facts: appFacts(w.submitted),
      };
    },
    { refusal: 'object', enterprise: applicant },
  ),
};

/** Answers written by hand for the ledger's routes (not computed from the policy). */
const ownOfficer2 = { sub: 'officer-sct-3', agency: OWNER, roles: ['officer' as const] };
const otherOfficer = { sub: 'officer-khcn-9', agency: OTHER, roles: ['officer' as const] };
const otherViewer = { sub: 'viewer-khcn', agency: OTHER, roles: ['viewer' as const] };
const ownReviewer = { sub: 'reviewer-sct', agency: OWNER, roles: ['reviewer' as const] };
const stcViewer = { sub: 'viewer-stc', agency: 'so-tai-chinh', roles: ['viewer' as const] };
const stcOfficer = { sub: 'officer-stc', agency: 'so-tai-chinh', roles: ['officer' as const] };
const ownCommune = { sub: 'ubnd-own', agency: 'ubnd-xa', roles: ['officer' as const], commune: COMMUNE };
const otherCommune = { sub: 'ubnd-other', agency: 'ubnd-xa', roles: ['officer' as const], commune: OTHER_COMMUNE };

const propose = (w: Awaited<ReturnType<typeof ledgerWorld>>, body: unknown = { cancel: true, reason: 'r' }) => ({
  handler: makeProposeAdjustmentHandler(w.deps),
  request: { params: { id: w.grantId }, body },
});
const decideAdjustment = (w: Awaited<ReturnType<typeof ledgerWorld>>, body: unknown) => ({
  handler: makeDecideAdjustmentHandler(w.deps),
  request: { params: { id: w.grantId, adjustmentId: w.adjustmentId }, body },
});
const flagsOf = (body: Record<string, unknown>) => (body.flags ?? []) as { kind: string; related?: { taxCode: string } }[];

export const intakeHandCases: HandCase[] = [
  // Proposing an adjustment: the grant's own agency only. A proposal is open on the world's grant: 409 for whoever may propose.
  {
    route: 'POST /grants/{id}/adjustments',
    who: "an officer of the grant's agency, while one awaits a decision",
    actor: ownOfficer2,
    status: 409,
    prepare: async () => propose(await ledgerWorld()),
  },
  {
    route: 'POST /grants/{id}/adjustments',
    who: 'an officer of another agency (reads the ledger)',
    actor: otherOfficer,
    status: 403,
    prepare: async () => propose(await ledgerWorld()),
  },
  {
    route: 'POST /grants/{id}/adjustments',
    who: 'a viewer of another agency (may not read the grant)',
    actor: otherViewer,
    status: 403,
    prepare: async () => propose(await ledgerWorld()),
  },
  {
    route: 'POST /grants/{id}/adjustments',
    who: 'a reviewer of the grant’s agency',
    actor: ownReviewer,
    status: 403,
    prepare: async () => propose(await ledgerWorld()),
  },
  {
    route: 'POST /grants/{id}/adjustments',
    who: 'an officer of Sở Tài chính',
    actor: stcOfficer,
    status: 403,
    prepare: async () => propose(await ledgerWorld()),
  },
  {
    route: 'POST /grants/{id}/adjustments',
    who: "the enterprise's commune committee",
    actor: ownCommune,
    status: 403,
    prepare: async () => propose(await ledgerWorld()),
  },
  {
    route: 'POST /grants/{id}/adjustments',
    who: 'another commune committee',
    actor: otherCommune,
    status: 404,
    prepare: async () => propose(await ledgerWorld()),
  },
  // Deciding it: four eyes.
  {
    route: 'POST /grants/{id}/adjustments/{adjustmentId}/decision',
    who: 'the officer who proposed it, confirming',
    actor: officer,
    status: 403,
    prepare: async () => decideAdjustment(await ledgerWorld(), { outcome: 'confirmed' }),
  },
  {
    route: 'POST /grants/{id}/adjustments/{adjustmentId}/decision',
    who: "a second officer of the grant's agency, confirming",
    actor: ownOfficer2,
    status: 200,
    prepare: async () => decideAdjustment(await ledgerWorld(), { outcome: 'confirmed' }),
    check: (b) =>
      (b.grant as { amountVnd: number }).amountVnd === 60_000_000
        ? undefined
        : `the grant holds ${(b.grant as { amountVnd: number }).amountVnd}`,
  },
  {
    route: 'POST /grants/{id}/adjustments/{adjustmentId}/decision',
    who: 'the officer who proposed it, withdrawing it',
    actor: officer,
    status: 200,
    prepare: async () => decideAdjustment(await ledgerWorld(), { outcome: 'rejected', reason: 'in error' }),
  },
  {
    route: 'POST /grants/{id}/adjustments/{adjustmentId}/decision',
    who: 'an officer of another agency',
    actor: otherAgencyDecider,
    status: 403,
    prepare: async () => decideAdjustment(await ledgerWorld(), { outcome: 'confirmed' }),
  },
  // Sở Tài chính's list.
  {
    route: 'GET /ledger/related-party-flags',
    who: 'a viewer of Sở Tài chính',
    actor: stcViewer,
    status: 200,
    prepare: async () => ({
      handler: makeRelatedPartyFlagsHandler((await ledgerWorld()).deps),
      request: { query: { year: '2026', limit: '10' } },
    }),
    check: (b) => {
      const items = b.items as { relatedTaxCode: string; contentId: string }[];
      return items.length === 1 && items[0]!.relatedTaxCode === OTHER_TAX_CODE && items[0]!.contentId === 'digital/software'
        ? undefined
        : JSON.stringify(items);
    },
  },
  {
    route: 'GET /ledger/related-party-flags',
    who: 'an officer of the related grant’s agency',
    actor: otherOfficer,
    status: 403,
    prepare: async () => ({ handler: makeRelatedPartyFlagsHandler((await ledgerWorld()).deps), request: { query: { year: '2026' } } }),
  },
  {
    route: 'GET /ledger/related-party-flags',
    who: "the enterprise's commune committee",
    actor: ownCommune,
    status: 403,
    prepare: async () => ({ handler: makeRelatedPartyFlagsHandler((await ledgerWorld()).deps), request: { query: { year: '2026' } } }),
  },
  // What a related-party flag says to whom.
  {
    route: 'GET /applications/{id}',
    who: "an officer of the application's agency (not the related grant's): a related enterprise was supported, not which",
    actor: ownOfficer2,
    status: 200,
    prepare: async () => {
      const w = await ledgerWorld();
      return { handler: makeGetApplicationHandler(w.deps), request: { params: { id: w.flaggedId } } };
    },
    check: (b) => {
      const f = flagsOf(b);
      return f.length === 1 &&
        f[0]!.kind === 'related-party-support' &&
        !('related' in f[0]!) &&
        !JSON.stringify(b).includes(OTHER_TAX_CODE)
        ? undefined
        : `flags: ${JSON.stringify(f)}`;
    },
  },
  {
    route: 'GET /applications/{id}',
    who: 'a viewer of Sở Tài chính: which enterprise',
    actor: stcViewer,
    status: 200,
    prepare: async () => {
      const w = await ledgerWorld();
      return { handler: makeGetApplicationHandler(w.deps), request: { params: { id: w.flaggedId } } };
    },
    check: (b) => (flagsOf(b)[0]?.related?.taxCode === OTHER_TAX_CODE ? undefined : `flags: ${JSON.stringify(flagsOf(b))}`),
  },
  {
    route: 'GET /applications/{id}',
    who: "the enterprise's commune committee: not which",
    actor: ownCommune,
    status: 200,
    prepare: async () => {
      const w = await ledgerWorld();
      return { handler: makeGetApplicationHandler(w.deps), request: { params: { id: w.flaggedId } } };
    },
    check: (b) => (flagsOf(b).length === 1 && !('related' in flagsOf(b)[0]!) ? undefined : `flags: ${JSON.stringify(flagsOf(b))}`),
  },
  // The score summary on an application (computed from every panel member's marks): the
  // programme's agency and the coordinator; not the reviewer assigned to it, not a commune committee.
  ...(
    [
      [ownOfficer2, "an officer of the programme's agency", true],
      [stcViewer, 'a viewer of Sở Tài chính', true],
      [{ sub: ASSIGNED_SUB, agency: OTHER, roles: ['reviewer' as const] }, 'the reviewer assigned to it', false],
      [ownCommune, "the enterprise's commune committee", false],
    ] as const
  ).map(
    ([actor, who, sees]): HandCase => ({
      route: 'GET /applications/{id}',
      who: `${who}: ${sees ? 'sees' : 'does not see'} the score summary`,
      actor,
      status: 200,
      prepare: async () => {
        const ctx = setup();
        givenEnterprise(ctx);
        const p = await givenProgramme(ctx);
        const scored = await givenScored(ctx, p.id);
        ctx.repo.applications.get(scored.id)!.assignees = [ASSIGNED_SUB];
        return { handler: makeGetApplicationHandler(ctx.deps), request: { params: { id: scored.id } } };
      },
      check: (b) =>
        b.status === 'scored' && 'score' in b === sees && !JSON.stringify(b).includes('totalPoints') === !sees
          ? undefined
          : `status ${String(b.status)}, score ${JSON.stringify(b.score)}`,
    }),
  ),
];
