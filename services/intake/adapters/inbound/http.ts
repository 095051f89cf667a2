/** Intake's HTTP handlers: parse and authorise (httpHandler), call the use case, shape the answer. */
import { assertCan, can } from '../../../../shared/access/policy.ts';
import { ValidationError } from '../../../../shared/errors.ts';
import { expectedVersion, versioned } from '../../../../shared/http/versions.ts';
import { httpHandler, type HttpResult } from '../../../../shared/http/handler.ts';
import type { WithIdempotency } from '../../../../shared/http/idempotency.ts';
import { createApplication, listApplications, submitApplication, visibleApplication, withdrawApplication } from '../../app/applications.ts';
import { decide } from '../../app/decisions.ts';
import { decideGrantAdjustment, listRelatedPartyFlags, proposeGrantAdjustment } from '../../app/ledger.ts';
import { actorOf, documentsFor, programmeFacts, viewOf } from '../../app/access.ts';
import { giveSupplement, programmesOpenTo, requestSupplement } from '../../app/online.ts';
import { downloadDocument, listDocuments, requestUpload } from '../../app/documents.ts';
import { createProgramme, getProgramme, updateProgramme } from '../../app/programmes.ts';
import type { IntakeDeps } from '../../app/ports.ts';
import { INTAKE } from '../../config.ts';
import type { Application } from '../../domain/application.ts';
import { routes } from '../../routes.ts';

export const makeCreateProgrammeHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.createProgramme, async (req) => {
    const p = await createProgramme(deps, req.principal, req.body);
    return { ...versioned(201, p), headers: { etag: `"${p.version}"`, location: `/programmes/${p.id}` } };
  });

// The catalogue is everyone's, but asked of the policy all the same: a business association is not
// let in by it (shared/access/policy.ts), and sees an empty catalogue or "no such programme".
export const makeListProgrammesHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.listProgrammes, async (req) => ({
    status: 200,
    body: can(req.principal, 'programme', 'read', {}) ? await deps.repo.listProgrammes(req.query) : { items: [], nextCursor: null },
  }));

export const makeGetProgrammeHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.getProgramme, async (req) => {
    const programme = await getProgramme(deps, req.params.id);
    assertCan(req.principal, 'programme', 'read', programmeFacts(programme), { id: req.params.id, label: 'programme' });
    return versioned(200, programme);
  });

export const makeUpdateProgrammeHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.updateProgramme, async (req) =>
    versioned(200, await updateProgramme(deps, req.principal, req.params.id, req.body, expectedVersion(req.headers))),
  );

export const makeCreateApplicationHandler = (deps: IntakeDeps, idempotent: WithIdempotency) =>
  httpHandler(INTAKE, routes.createApplication, async (req) =>
    idempotent(req, async () => {
      const actor = await actorOf(deps, req.principal);
      const app = await createApplication(deps, actor, req.body);
      return { status: 201, body: viewOf(actor, app), headers: { etag: `"${app.version}"`, location: `/applications/${app.id}` } };
    }),
  );

export const makeListApplicationsHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.listApplications, async (req) => {
    const actor = await actorOf(deps, req.principal);
    const { mine: _mine, ...query } = req.query;
    const page = await listApplications(deps, actor, query);
    return { status: 200, body: { ...page, items: page.items.map((app) => viewOf(actor, app)) } };
  });

/** Documents embedded in GET /applications/{id}: the first page; the rest from GET …/documents. */
export const EMBEDDED_DOCUMENTS = 20;

export const makeGetApplicationHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.getApplication, async (req) => {
    const actor = await actorOf(deps, req.principal);
    const app = await visibleApplication(deps, actor, req.params.id);
    const documents = await deps.repo.listDocuments(app.id, { limit: EMBEDDED_DOCUMENTS });
    return versioned(200, viewOf(actor, app, documents));
  });

export const makeListDocumentsHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.listDocuments, async (req) => {
    const actor = await actorOf(deps, req.principal);
    const page = await listDocuments(deps, actor, req.params.id, req.query);
    return { status: 200, body: { ...page, items: documentsFor(actor, page.items) } };
  });

export const makeRequestDocumentHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.requestDocument, async (req) => ({
    status: 201,
    body: await requestUpload(deps, await actorOf(deps, req.principal), req.params.id, req.body),
  }));

export const makeGetDocumentHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.getDocument, async (req) => ({
    status: 200,
    body: await downloadDocument(deps, await actorOf(deps, req.principal), req.params.id, req.params.docId),
  }));

const summary = (app: Application) => ({
  id: app.id,
  status: app.status,
  version: app.version,
  dueOn: app.dueOn ?? null,
  ...(app.dueOnCaveat ? { dueOnCaveat: app.dueOnCaveat } : {}),
  decision: app.decision ?? null,
});

export const makeSubmitApplicationHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.submitApplication, async (req) =>
    versioned(200, summary(await submitApplication(deps, await actorOf(deps, req.principal), req.params.id, expectedVersion(req.headers)))),
  );

export const makeWithdrawApplicationHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.withdrawApplication, async (req) =>
    versioned(
      200,
      summary(
        await withdrawApplication(deps, await actorOf(deps, req.principal), req.params.id, req.body.reason, expectedVersion(req.headers)),
      ),
    ),
  );

export const makeDecideHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.decide, async (req) =>
    versioned(200, summary(await decide(deps, req.principal, req.params.id, req.body, expectedVersion(req.headers)))),
  );

export const makeEnterpriseSupportHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.enterpriseSupport, async (req) => {
    // The ledger of an enterprise is read through its commune (for a commune committee): ask with it.
    const actor = await actorOf(deps, req.principal);
    const e = await deps.repo.getEnterprise(req.params.taxCode);
    assertCan(
      actor,
      'ledger',
      'read',
      { communeCode: e?.communeCode, taxCode: req.params.taxCode },
      { id: req.params.taxCode, label: 'enterprise' },
    );
    const page = await deps.repo.grantsOf(req.params.taxCode, req.query);
    // The enterprise's own ledger, without which staff account proposed or decided an adjustment.
    if (!actor.roles.includes('enterprise')) return { status: 200, body: page };
    const items = page.items.map((g) => ({
      ...g,
      supersededBy: g.supersededBy.map(({ by: _by, ...s }) => s),
      adjustments: g.adjustments.map(({ proposedBy: _p, decidedBy: _d, ...a }) => a),
    }));
    return { status: 200, body: { ...page, items } };
  });

export const makeProposeAdjustmentHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.proposeAdjustment, async (req) => {
    const { reason, amountVnd } = req.body;
    const input = amountVnd !== undefined ? { amountVnd, reason } : { cancel: true as const, reason };
    return { status: 201, body: await proposeGrantAdjustment(deps, req.principal, req.params.id, input) };
  });

export const makeDecideAdjustmentHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.decideAdjustment, async (req) => ({
    status: 200,
    body: await decideGrantAdjustment(deps, req.principal, req.params.id, req.params.adjustmentId, req.body),
  }));

export const makeRelatedPartyFlagsHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.relatedPartyFlags, async (req) => {
    const { year, ...page } = req.query;
    return { status: 200, body: await listRelatedPartyFlags(deps, req.principal, year, page) };
  });

export const makeMyProgrammesHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.myProgrammes, async (req) => ({
    status: 200,
    body: await programmesOpenTo(deps, await actorOf(deps, req.principal), req.query.taxCode),
  }));

export const makeRequestSupplementHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.requestSupplement, async (req) =>
    versioned(200, viewOf(req.principal, await requestSupplement(deps, req.principal, req.params.id, req.body))),
  );

export const makeAnswerSupplementHandler = (deps: IntakeDeps) =>
  httpHandler(INTAKE, routes.answerSupplement, async (req) => {
    const actor = await actorOf(deps, req.principal);
    return versioned(200, viewOf(actor, await giveSupplement(deps, actor, req.params.id, req.body)));
  });
