/**
 * Intake over HTTP on the local runtime: a programme, an application drafted with a document
 * uploaded by plain HTTP to its presigned URL and verified, submitted, scored (by the scoring
 * service, through `application.scored`), approved into the support ledger; the same support
 * content refused naming the earlier grant, let through as the enterprise's more favourable level
 * with the earlier grant adjusted by its agency (four eyes); related enterprises flagged;
 * eligibility reasons; agency and commune boundaries; upload limits; workflow conflicts; registry
 * changes flagging open applications.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { nowIso, thisYear, today } from '../support/clock.ts';
import { addWorkingDays } from '../../shared/time/working-days.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { contact, documentSettled, pdfBytes, pngBytes, programmeBody, registeredEnterprise, sha256, upload } from '../support/intake.ts';
import { postSigned, registryEvent } from '../support/registry.ts';
import { CNHT_QUESTIONS } from '../support/scoring.ts';

const base = inject('runtime').url;
let sct: string; // Sở Công Thương officer
let sct2: string; // a second Sở Công Thương officer: four eyes, who drafts does not decide
let khcn: string; // Sở KH&CN officer
let khcn2: string;
let baDinh: string; // Ba Đình ward committee (commune 00004)
let viewer: string;
let stcOfficer: string; // Sở Tài chính officer: reviews related-party flags

beforeAll(async () => {
  sct = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'officer-sct' });
  sct2 = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'officer-sct-2' });
  khcn = await tokenFor({ agency: 'so-khcn', roles: ['officer'], sub: 'officer-khcn' });
  khcn2 = await tokenFor({ agency: 'so-khcn', roles: ['officer'], sub: 'officer-khcn-2' });
  baDinh = await tokenFor({ agency: 'ubnd-ba-dinh', roles: ['officer'], commune: '00004', sub: 'officer-ba-dinh' });
  viewer = await tokenFor({ agency: 'so-tai-chinh', roles: ['viewer'] });
  stcOfficer = await tokenFor({ agency: 'so-tai-chinh', roles: ['officer'], sub: 'officer-stc' });
});

async function createProgramme(token: string, overrides: Record<string, unknown> = {}) {
  const res = await call(base, 'POST', '/programmes', { token, body: programmeBody(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; code: string; version: number };
}

async function verifiedDocument(applicationId: string, token = sct) {
  const { req, put } = await upload(base, token, applicationId, pdfBytes());
  expect(req.status, JSON.stringify(req.body)).toBe(201);
  expect(put).toBe(200);
  const doc = await documentSettled(base, token, applicationId, req.body.documentId);
  expect(doc).toMatchObject({ status: 'verified' });
  return req.body.documentId as string;
}

describe('programmes', () => {
  it('creates a programme and lists it in the catalogue', async () => {
    const p = await createProgramme(sct);
    expect(p).toMatchObject({ ownerAgency: 'so-cong-thuong', committedVnd: 0, version: 1 });
    const got = await call(base, 'GET', `/programmes/${p.id}`, { token: viewer });
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    const list = await call(base, 'GET', '/programmes?category=supporting-industry&agency=so-cong-thuong&limit=100', { token: viewer });
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(p.id);
  });

  it('lists every bad field of a programme at once', async () => {
    const res = await call(base, 'POST', '/programmes', {
      token: sct,
      body: programmeBody({
        category: 'lottery',
        budgetVnd: -5,
        opensOn: '2026-06-01',
        closesOn: '2026-01-01',
        eligibility: { communes: ['99999'] },
      }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.category', 'body.budgetVnd', 'body.eligibility.communes.0']));
  });

  it("refuses another agency's programme changes (403) and stale versions (409)", async () => {
    expect((await call(base, 'POST', '/programmes', { token: khcn, body: programmeBody() })).status).toBe(403);
    const p = await createProgramme(sct);
    const body = programmeBody({ code: p.code, budgetVnd: 2_000_000_000 });
    expect((await call(base, 'PUT', `/programmes/${p.id}`, { token: khcn, body })).status).toBe(403);
    const ok = await call(base, 'PUT', `/programmes/${p.id}`, { token: sct, body, headers: { 'if-match': '"1"' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ budgetVnd: 2_000_000_000, version: 2 });
    expect((await call(base, 'PUT', `/programmes/${p.id}`, { token: sct, body, headers: { 'if-match': '"1"' } })).status).toBe(409);
  });
});

describe('an application from draft to approval', () => {
  it('drafts, uploads and verifies a document, submits, is scored, is approved into the ledger', async () => {
    // The questions the cnht rubric reads too: approval needs the rubric's pass mark (50 points).
    const p = await createProgramme(sct, { questions: [...programmeBody().questions, ...CNHT_QUESTIONS] });
    const { taxCode, draft } = await registeredEnterprise(base, sct, p.id);
    expect(draft).toMatchObject({ status: 'draft', version: 1, taxCode, communeCode: '00004' });

    // Answers are checked against the programme's questions.
    const bad = await call(base, 'POST', '/applications', {
      token: sct,
      body: {
        programmeId: p.id,
        taxCode,
        requestedAmountVnd: 100_000_000,
        answers: { labourProductivityGrowthPct: 140, colour: 'blue' },
        contact,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.answers.colour',
      'body.answers.labourProductivityGrowthPct',
    ]);

    const app = await call(base, 'POST', '/applications', {
      token: sct,
      body: {
        programmeId: p.id,
        taxCode,
        requestedAmountVnd: 300_000_000,
        answers: {
          labourProductivityGrowthPct: 12.5,
          qualitySystem: 'ISO 9001',
          profitMarginPct: 8,
          exportSharePct: 35,
          trainedWorkersPct: 60,
          technologyInvestmentVnd: 2_000_000_000,
          producesPriorityCnhtProduct: true,
        },
        contact,
      },
    });
    expect(app.status).toBe(201);
    const id = app.body.id as string;

    // Without its required document it cannot be submitted.
    const early = await call(base, 'POST', `/applications/${id}/submit`, { token: sct });
    expect(early.status).toBe(422);
    expect(early.body.errors).toContainEqual({
      path: 'documents.business-registration',
      message: 'a verified document of this type is required',
      messageText: { en: 'a verified document of this type is required', vi: 'cần một tài liệu loại này đã được kiểm tra' },
    });

    const documentId = await verifiedDocument(id);
    const download = await call(base, 'GET', `/applications/${id}/documents/${documentId}`, { token: sct });
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await (await fetch(download.body.downloadUrl)).arrayBuffer());
    expect(bytes.equals(pdfBytes())).toBe(true);

    const submitted = await call(base, 'POST', `/applications/${id}/submit`, { token: sct, headers: { 'if-match': '"1"' } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    // 30 working days (public holidays and Tết excluded) after the day it was received.
    expect(submitted.body.dueOn).toBe(addWorkingDays(today(), 30).date);
    // Not scored yet: it cannot be decided.
    expect(
      (await call(base, 'POST', `/applications/${id}/decision`, { token: sct2, body: { outcome: 'approved', amountVnd: 200_000_000 } }))
        .status,
    ).toBe(409);

    // The scoring service scores it (rubric cnht) and intake takes the score from application.scored.
    const scored = await eventually(
      async () => {
        const r = await call(base, 'GET', `/applications/${id}`, { token: sct });
        return r.body.status === 'scored' ? r.body : undefined;
      },
      30_000,
      200,
    );
    // ISO 9001 10 + margin 7 + exports 10 + trained workers 10 + technology 5 % of revenue 10 + priority
    // product 10 (the rest missing): 57, above the rubric's pass mark.
    expect(scored.score).toMatchObject({ totalPoints: 57, maxPoints: 100, passMark: 50, rubric: { id: 'cnht', version: 1 } });
    expect(scored.snapshot).toMatchObject({ revision: 1, sizeClass: { class: 'small' }, vsic: { main: '2592' } });

    // Four eyes: the officer who drafted and submitted it may not approve it.
    const alone = await call(base, 'POST', `/applications/${id}/decision`, {
      token: sct,
      body: { outcome: 'approved', amountVnd: 250_000_000 },
    });
    expect(alone.status).toBe(403);
    expect(alone.body.detail).toContain('another officer of the owning agency must decide it');
    const approved = await call(base, 'POST', `/applications/${id}/decision`, {
      token: sct2,
      body: { outcome: 'approved', amountVnd: 250_000_000 },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decision: { outcome: 'approved', amountVnd: 250_000_000, onTime: true } });

    const final = await call(base, 'GET', `/applications/${id}`, { token: viewer });
    expect(final.body.timeline.map((t: { action: string }) => t.action)).toEqual(['created', 'submitted', 'scored', 'approved']);
    expect(final.body.timeline[3]).toMatchObject({ by: 'officer-sct-2', from: 'scored', to: 'approved' });

    const support = await call(base, 'GET', `/enterprises/${taxCode}/support`, { token: khcn });
    expect(support.status).toBe(200);
    expect(support.body.items).toEqual([
      expect.objectContaining({
        applicationId: id,
        programmeCode: p.code,
        agency: 'so-cong-thuong',
        category: 'supporting-industry',
        amountVnd: 250_000_000,
      }),
    ]);
    expect((await call(base, 'GET', `/programmes/${p.id}`, { token: sct })).body.committedVnd).toBe(250_000_000);

    // Decided: no further move.
    expect((await call(base, 'POST', `/applications/${id}/withdraw`, { token: sct, body: {} })).status).toBe(409);
  });

  it('refuses the same support content approved twice, from any agency, naming the first; as the more favourable level, with the first adjusted by its agency (four eyes), it goes through and the ledger shows both', async () => {
    const software = { rubric: null, requiredDocuments: [], questions: [], category: 'digital-transformation' };
    const first = await createProgramme(sct, { ...software, supportContents: ['digital/software', 'digital/consulting'] });
    // Another agency's programme of another category that funds one of the same contents; no rubric, so it decides once submitted.
    const second = await createProgramme(khcn, {
      ...software,
      category: 'consulting',
      ownerAgency: 'so-khcn',
      supportContents: ['consulting/management', 'digital/software'],
    });
    const { taxCode, draft } = await registeredEnterprise(base, sct, first.id);

    expect((await call(base, 'POST', `/applications/${draft.id}/submit`, { token: sct })).status).toBe(200);
    const ok = await call(base, 'POST', `/applications/${draft.id}/decision`, {
      token: sct2,
      body: { outcome: 'approved', amountVnd: 80_000_000 },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);

    const other = await call(base, 'POST', '/applications', {
      token: khcn,
      body: { programmeId: second.id, taxCode, requestedAmountVnd: 90_000_000, answers: {}, contact },
    });
    expect(other.status).toBe(201);
    expect((await call(base, 'POST', `/applications/${other.body.id}/submit`, { token: khcn })).status).toBe(200);
    const refused = await call(base, 'POST', `/applications/${other.body.id}/decision`, {
      token: khcn2,
      body: { outcome: 'approved', amountVnd: 90_000_000 },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('digital/software');
    expect(refused.body.detail).toContain(first.code);
    expect(refused.body.detail).toContain('so-cong-thuong');
    expect(refused.body.earlierGrant).toMatchObject({
      grantId: draft.id,
      applicationId: draft.id,
      programmeCode: first.code,
      agency: 'so-cong-thuong',
      amountVnd: 80_000_000,
      contents: ['digital/software', 'digital/consulting'],
      period: { from: `${thisYear()}-01-01`, to: `${thisYear()}-12-31` },
    });
    expect(refused.body.duplicatedContents).toEqual(['digital/software']);

    // The enterprise chose Sở KH&CN's level for digital software: recorded, it goes through.
    const favourable = await call(base, 'POST', `/applications/${other.body.id}/decision`, {
      token: khcn2,
      body: {
        outcome: 'approved',
        amountVnd: 90_000_000,
        mostFavourable: { supersedes: draft.id, reason: 'the enterprise chose the 70 % level of Sở KH&CN' },
      },
    });
    expect(favourable.status, JSON.stringify(favourable.body)).toBe(200);

    // Sở Công Thương reduces its grant to the consulting part: proposed by one officer…
    const proposed = await call(base, 'POST', `/grants/${draft.id}/adjustments`, {
      token: sct,
      body: { amountVnd: 30_000_000, reason: `digital software superseded by grant ${other.body.id}` },
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const adjustmentId = proposed.body.adjustment.adjustmentId as string;
    // …another agency may not touch it, the proposer may not confirm it…
    expect((await call(base, 'POST', `/grants/${draft.id}/adjustments`, { token: khcn, body: { cancel: true, reason: 'x' } })).status).toBe(
      403,
    );
    const alone = await call(base, 'POST', `/grants/${draft.id}/adjustments/${adjustmentId}/decision`, {
      token: sct,
      body: { outcome: 'confirmed' },
    });
    expect(alone.status).toBe(403);
    expect(alone.body.detail).toContain('another officer of so-cong-thuong must confirm it');
    // …a second officer does.
    const confirmed = await call(base, 'POST', `/grants/${draft.id}/adjustments/${adjustmentId}/decision`, {
      token: sct2,
      body: { outcome: 'confirmed' },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.grant).toMatchObject({ amountVnd: 30_000_000, grantedAmountVnd: 80_000_000, status: 'active' });

    const ledger = (await call(base, 'GET', `/enterprises/${taxCode}/support`, { token: khcn })).body.items as Record<string, unknown>[];
    expect(ledger).toHaveLength(2);
    expect(ledger).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          grantId: draft.id,
          agency: 'so-cong-thuong',
          amountVnd: 30_000_000,
          supersededBy: [expect.objectContaining({ grantId: other.body.id, contents: ['digital/software'], agency: 'so-khcn' })],
          adjustments: [
            expect.objectContaining({
              status: 'confirmed',
              proposedBy: 'officer-sct',
              decidedBy: 'officer-sct-2',
              toAmountVnd: 30_000_000,
            }),
          ],
        }),
        expect.objectContaining({
          grantId: other.body.id,
          agency: 'so-khcn',
          amountVnd: 90_000_000,
          supersedes: { grantId: draft.id, reason: expect.stringContaining('70 %') },
        }),
      ]),
    );
    // The money given back is the programme's again.
    expect((await call(base, 'GET', `/programmes/${first.id}`, { token: sct })).body.committedVnd).toBe(30_000_000);
  });

  it('flags a related enterprise (sharing a legal representative) supported for the same content this year: a flag, not a refusal; another agency sees only that one was supported; Sở Tài chính lists it', async () => {
    const representative = createHash('sha256').update(`0010${Date.now()}${Math.random()}`).digest('hex');
    const rent = { rubric: null, requiredDocuments: [], questions: [], category: 'premises-rental', supportContents: ['premises/rent'] };
    const khcnRent = await createProgramme(khcn, { ...rent, ownerAgency: 'so-khcn' });
    const sctRent = await createProgramme(sct, rent);
    const sameRep = { enterprise: { legalRepresentative: { name: 'Trần Thị B', personalIdHash: representative } } };
    const relatedOne = await registeredEnterprise(base, khcn, khcnRent.id, sameRep);
    const flaggedOne = await registeredEnterprise(base, sct, sctRent.id, sameRep);

    expect((await call(base, 'POST', `/applications/${relatedOne.draft.id}/submit`, { token: khcn })).status).toBe(200);
    expect(
      (
        await call(base, 'POST', `/applications/${relatedOne.draft.id}/decision`, {
          token: khcn2,
          body: { outcome: 'approved', amountVnd: 20_000_000 },
        })
      ).status,
    ).toBe(200);

    const submitted = await call(base, 'POST', `/applications/${flaggedOne.draft.id}/submit`, { token: sct });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    // To the deciding agency (not the related grant's): that a related enterprise was supported, not which.
    const seen = (await call(base, 'GET', `/applications/${flaggedOne.draft.id}`, { token: sct2 })).body;
    expect(seen.flags).toEqual([
      {
        kind: 'related-party-support',
        contentId: 'premises/rent',
        sameAgency: false,
        year: thisYear(),
        at: expect.any(String),
        detail: expect.stringContaining('premises/rent'),
      },
    ]);
    expect(JSON.stringify(seen)).not.toContain(relatedOne.taxCode);
    // Sở Tài chính sees which.
    const toStc = (await call(base, 'GET', `/applications/${flaggedOne.draft.id}`, { token: viewer })).body;
    expect(toStc.flags[0].related).toEqual({
      taxCode: relatedOne.taxCode,
      grantId: relatedOne.draft.id,
      agency: 'so-khcn',
      sharedRoles: ['legal-representative'],
    });

    const approved = await call(base, 'POST', `/applications/${flaggedOne.draft.id}/decision`, {
      token: sct2,
      body: { outcome: 'approved', amountVnd: 20_000_000 },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    const listed = await call(base, 'GET', `/ledger/related-party-flags?year=${thisYear()}&limit=100`, { token: stcOfficer });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({
        applicationId: flaggedOne.draft.id,
        taxCode: flaggedOne.taxCode,
        agency: 'so-cong-thuong',
        contentId: 'premises/rent',
        relatedTaxCode: relatedOne.taxCode,
        relatedGrantId: relatedOne.draft.id,
        relatedAgency: 'so-khcn',
        sameAgency: false,
        sharedRoles: ['legal-representative'],
      }),
    );
    expect((await call(base, 'GET', `/ledger/related-party-flags?year=${thisYear()}`, { token: sct })).status).toBe(403);
  });

  it('honours Idempotency-Key on create', async () => {
    const p = await createProgramme(sct, { requiredDocuments: [] });
    const { taxCode } = await registeredEnterprise(base, sct, p.id);
    const body = { programmeId: p.id, taxCode, requestedAmountVnd: 1_000_000, answers: {}, contact };
    const a = await call(base, 'POST', '/applications', { token: sct, body, headers: { 'idempotency-key': `k-${taxCode}` } });
    const b = await call(base, 'POST', '/applications', { token: sct, body, headers: { 'idempotency-key': `k-${taxCode}` } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
  });
});

describe('refusals', () => {
  it('refuses an ineligible enterprise with every reason', async () => {
    const p = await createProgramme(sct, {
      requiredDocuments: [],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], vsicSections: ['C'], communes: ['00008'], minYearsActive: 20 },
    });
    // A shop (VSIC 4711, section G) in Ba Đình, founded in 2015.
    const { draft } = await registeredEnterprise(base, sct, p.id, { enterprise: { vsic: { version: '2018', main: '4711', others: [] } } });
    const res = await call(base, 'POST', `/applications/${draft.id}/submit`, { token: sct });
    expect(res.status).toBe(422);
    const byPath = Object.fromEntries(res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(byPath['eligibility.vsicSections']).toContain('4711');
    expect(byPath['eligibility.communes']).toContain('00004');
    expect(byPath['eligibility.minYearsActive']).toContain('2015-03-02');
    expect(byPath['answers.labourProductivityGrowthPct']).toBe('is required before submission');
    expect((await call(base, 'GET', `/applications/${draft.id}`, { token: sct })).body.status).toBe('draft');
  });

  it("refuses another agency's officer: to it the application does not exist (404)", async () => {
    const p = await createProgramme(sct, { rubric: null, requiredDocuments: [], questions: [] });
    const { draft } = await registeredEnterprise(base, sct, p.id);
    expect((await call(base, 'POST', `/applications/${draft.id}/submit`, { token: khcn })).status).toBe(404);
    expect((await call(base, 'POST', `/applications/${draft.id}/submit`, { token: sct })).status).toBe(200);
    const res = await call(base, 'POST', `/applications/${draft.id}/decision`, {
      token: khcn,
      body: { outcome: 'approved', amountVnd: 1_000_000 },
    });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe(`No application ${draft.id}`);
    // A viewer may read but not decide.
    expect(
      (await call(base, 'POST', `/applications/${draft.id}/decision`, { token: viewer, body: { outcome: 'rejected', reason: 'x' } }))
        .status,
    ).toBe(403);
  });

  it('refuses illegal moves and stale versions with 409', async () => {
    const p = await createProgramme(sct, { rubric: null, requiredDocuments: [], questions: [] });
    const { draft } = await registeredEnterprise(base, sct, p.id);
    expect((await call(base, 'POST', `/applications/${draft.id}/submit`, { token: sct, headers: { 'if-match': '"7"' } })).status).toBe(409);
    expect(
      (await call(base, 'POST', `/applications/${draft.id}/decision`, { token: sct2, body: { outcome: 'rejected', reason: 'not yet' } }))
        .status,
    ).toBe(409);
    expect((await call(base, 'POST', `/applications/${draft.id}/submit`, { token: sct })).status).toBe(200);
    expect((await call(base, 'POST', `/applications/${draft.id}/submit`, { token: sct })).status).toBe(409);
    const stale = await call(base, 'POST', `/applications/${draft.id}/withdraw`, {
      token: sct,
      body: { reason: 'changed plans' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    const withdrawn = await call(base, 'POST', `/applications/${draft.id}/withdraw`, {
      token: sct,
      body: { reason: 'changed plans' },
      headers: { 'if-match': '"2"' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
  });

  it('refuses oversize and wrong-type uploads', async () => {
    const p = await createProgramme(sct);
    const { draft } = await registeredEnterprise(base, sct, p.id);
    const declare = (body: Record<string, unknown>) =>
      call(base, 'POST', `/applications/${draft.id}/documents`, {
        token: sct,
        body: {
          type: 'business-registration',
          fileName: 'dkkd.pdf',
          contentType: 'application/pdf',
          sizeBytes: 1000,
          sha256: 'a'.repeat(64),
          ...body,
        },
      });

    const oversize = await declare({ sizeBytes: 30 * 1024 * 1024 });
    expect(oversize.status).toBe(400);
    expect(oversize.body.errors).toEqual([{ path: 'body.sizeBytes', message: expect.stringContaining('25 MB') }]);
    const zip = await declare({ contentType: 'application/zip', fileName: 'dkkd.zip' });
    expect(zip.status).toBe(400);
    expect(zip.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.contentType']);
    const exe = await declare({ fileName: 'dkkd.exe' });
    expect(exe.status).toBe(400);
    expect(exe.body.errors).toEqual([{ path: 'body.fileName', message: 'its extension does not fit the content type' }]);

    // A PNG uploaded as the PDF it was declared to be: refused after upload.
    const png = pngBytes();
    const { req, put } = await upload(base, sct, draft.id, png);
    expect(put).toBe(200);
    const doc = await documentSettled(base, sct, draft.id, req.body.documentId);
    expect(doc.status).toBe('rejected');
    expect(doc.problems).toEqual(['content is not PDF']);
    expect((await call(base, 'GET', `/applications/${draft.id}/documents/${req.body.documentId}`, { token: sct })).status).toBe(422);

    // More bytes than declared: S3 refuses it by the signed length; the local S3 server does not,
    // so the verification after upload must.
    const small = pdfBytes();
    const big = Buffer.concat([small, Buffer.alloc(4096, 0x20)]);
    const sized = await call(base, 'POST', `/applications/${draft.id}/documents`, {
      token: sct,
      body: {
        type: 'business-registration',
        fileName: 'dkkd.pdf',
        contentType: 'application/pdf',
        sizeBytes: small.length,
        sha256: sha256(small),
      },
    });
    const bigPut = await fetch(sized.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: big });
    expect(bigPut.status).toBe(200);
    const bigDoc = await documentSettled(base, sct, draft.id, sized.body.documentId);
    expect(bigDoc.status).toBe('rejected');
    expect(bigDoc.problems).toEqual([
      `size is ${big.length} bytes, ${small.length} were declared`,
      'SHA-256 does not match the declared one',
    ]);

    // Bytes other than those declared (same length): the checksum gives them away.
    const declared = pdfBytes('one');
    const other = pdfBytes('two');
    const swapped = await upload(base, sct, draft.id, other, { sha256: sha256(declared) });
    expect(swapped.put).toBe(200);
    expect((await documentSettled(base, sct, draft.id, swapped.req.body.documentId)).problems).toEqual([
      'SHA-256 does not match the declared one',
    ]);
  });
});

describe('commune committees', () => {
  it('take in and see only applications of their commune', async () => {
    const p = await createProgramme(sct, { requiredDocuments: [] });
    const inBaDinh = await registeredEnterprise(base, sct, p.id); // commune 00004
    const inNgocHa = await registeredEnterprise(base, sct, p.id, { enterprise: { communeCode: '00008' } });

    // The ward committee takes in an application of its own enterprise…
    const own = await call(base, 'POST', '/applications', {
      token: baDinh,
      body: { programmeId: p.id, taxCode: inBaDinh.taxCode, requestedAmountVnd: 1_000_000, answers: {}, contact },
    });
    expect(own.status).toBe(201);
    // …not of another commune's.
    expect(
      (
        await call(base, 'POST', '/applications', {
          token: baDinh,
          body: { programmeId: p.id, taxCode: inNgocHa.taxCode, requestedAmountVnd: 1_000_000, answers: {}, contact },
        })
      ).status,
    ).toBe(403);

    expect((await call(base, 'GET', `/applications/${inNgocHa.draft.id}`, { token: baDinh })).status).toBe(404);
    expect((await call(base, 'GET', `/applications/${inBaDinh.draft.id}`, { token: baDinh })).status).toBe(200);
    expect((await call(base, 'GET', '/applications?commune=00008', { token: baDinh })).status).toBe(403);
    const list = await call(base, 'GET', `/applications?programmeId=${p.id}&limit=100`, { token: baDinh });
    expect(list.status).toBe(200);
    const ids = list.body.items.map((a: { id: string }) => a.id);
    expect(ids).toEqual(expect.arrayContaining([own.body.id, inBaDinh.draft.id]));
    expect(ids).not.toContain(inNgocHa.draft.id);
    expect(list.body.items.every((a: { communeCode: string }) => a.communeCode === '00004')).toBe(true);
    expect((await call(base, 'GET', `/enterprises/${inNgocHa.taxCode}/support`, { token: baDinh })).status).toBe(404);
  });
});

describe('registry changes', () => {
  it('flags open applications when the enterprise is dissolved, and approval is then refused', async () => {
    const p = await createProgramme(sct, { rubric: null, requiredDocuments: [], questions: [] });
    const { taxCode, event, draft } = await registeredEnterprise(base, sct, p.id);
    expect((await call(base, 'POST', `/applications/${draft.id}/submit`, { token: sct })).status).toBe(200);

    const dissolved = registryEvent({
      taxCode,
      type: 'dissolved',
      revision: 2,
      // Dissolved now (after its registration), on the runtime's clock.
      occurredAt: nowIso(),
      enterprise: { ...event.enterprise, status: 'dissolved' },
    });
    expect((await postSigned(base, dissolved)).body.results[0].outcome).toBe('applied');

    const flagged = await eventually(
      async () => {
        const r = await call(base, 'GET', `/applications/${draft.id}`, { token: sct });
        return r.body.flags.length ? r.body : undefined;
      },
      30_000,
      200,
    );
    expect(flagged.flags).toEqual([expect.objectContaining({ kind: 'enterprise-dissolved', revision: 2 })]);
    expect(flagged.timeline.at(-1)).toMatchObject({ action: 'flagged', by: 'system:registry' });

    const res = await call(base, 'POST', `/applications/${draft.id}/decision`, {
      token: sct2,
      body: { outcome: 'approved', amountVnd: 1_000_000 },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'enterprise.status', message: expect.stringContaining('dissolved') }]);
  });
});
