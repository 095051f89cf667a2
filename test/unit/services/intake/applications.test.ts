import { describe, it, expect } from 'vitest';
import '../../../../shared/contracts/index.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../../../shared/errors.ts';
import {
  createApplication,
  listApplications,
  submitApplication,
  visibleApplication,
  withdrawApplication,
} from '../../../../services/intake/app/applications.ts';
import { decide } from '../../../../services/intake/app/decisions.ts';
import { incomingKey, requestUpload, verifyDocument } from '../../../../services/intake/app/documents.ts';
import { sha256Hex } from './fakes.ts';
import {
  COMMUNE,
  communeCommittee,
  contact,
  decider,
  enterprise,
  FILES,
  NOW,
  officer,
  OTHER_COMMUNE,
  otherAgencyOfficer,
  otherCommuneCommittee,
  setup,
  TAX_CODE,
  TODAY_HANOI,
} from './fixtures.ts';
import {
  draftInput,
  givenDraft,
  givenEnterprise,
  givenProgramme,
  givenScored,
  givenSubmitted,
  givenVerifiedDocument,
  rejection,
} from './flows.ts';

async function withProgramme(overrides: Parameters<typeof givenProgramme>[1] = {}) {
  const ctx = setup();
  givenEnterprise(ctx);
  const p = await givenProgramme(ctx, overrides);
  return { ...ctx, p };
}

describe('createApplication', () => {
  it('drafts an application for a registered enterprise, copying the programme and registry facts it is filed under', async () => {
    const { deps, repo, p } = await withProgramme();

    const app = await createApplication(
      deps,
      officer,
      draftInput(p.id, { answers: { labourProductivityGrowthPct: 12, qualitySystem: 'ISO 9001' } }),
    );

    expect(app).toEqual({
      id: '00000000-0000-4000-8000-000000000002',
      programmeId: p.id,
      programmeCode: 'CNHT-2026',
      agency: 'so-cong-thuong',
      intakeAgency: 'so-cong-thuong',
      assignees: [],
      category: 'supporting-industry',
      taxCode: TAX_CODE,
      enterpriseName: enterprise().name,
      communeCode: COMMUNE,
      requestedAmountVnd: 300_000_000,
      answers: { labourProductivityGrowthPct: 12, qualitySystem: 'ISO 9001' },
      contact,
      status: 'draft',
      version: 1,
      createdAt: NOW.toISOString(),
      createdBy: officer.sub,
      updatedAt: NOW.toISOString(),
      flags: [],
      timeline: [{ at: NOW.toISOString(), by: officer.sub, action: 'created', to: 'draft' }],
    });
    expect(await repo.getApplication(app.id)).toEqual(app);
  });

  it('accepts a draft that leaves required questions open', async () => {
    const { deps, p } = await withProgramme();

    await expect(createApplication(deps, officer, draftInput(p.id, { answers: {} }))).resolves.toMatchObject({
      status: 'draft',
      answers: {},
    });
  });

  it('refuses an enterprise the registry has not announced (422)', async () => {
    const { deps, repo, p } = await withProgramme();

    const error = await rejection(createApplication(deps, officer, draftInput(p.id, { taxCode: '0100000001' })));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.status).toBe(422);
    expect(error.errors).toEqual([{ path: 'body.taxCode', message: 'is not registered (or the registry has not announced it yet)' }]);
    expect(repo.applications.size).toBe(0);
  });

  it('refuses an unknown programme (422)', async () => {
    const { deps } = await withProgramme();

    const error = await rejection(createApplication(deps, officer, draftInput('no-such-programme')));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.errors).toEqual([{ path: 'body.programmeId', message: 'no such programme' }]);
  });

  it('refuses invalid answers with a 400 listing each', async () => {
    const { deps, repo, p } = await withProgramme();

    const error = await rejection(
      createApplication(
        deps,
        officer,
        draftInput(p.id, { answers: { labourProductivityGrowthPct: 140, qualitySystem: 'ISO 14001', turnover: 5 } }),
      ),
    );

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.message).toBe('3 answer(s) are invalid');
    expect(error.errors!.map((e) => e.path)).toEqual([
      'body.answers.labourProductivityGrowthPct',
      'body.answers.qualitySystem',
      'body.answers.turnover',
    ]);
    expect(repo.applications.size).toBe(0);
  });

  it('refuses an amount above the programme’s per-application maximum (422), and accepts the maximum itself', async () => {
    const { deps, p } = await withProgramme({ maxAmountVnd: 500_000_000 });

    const error = await rejection(createApplication(deps, officer, draftInput(p.id, { requestedAmountVnd: 500_000_001 })));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.errors).toEqual([
      { path: 'body.requestedAmountVnd', message: 'is above the 500000000 VND CNHT-2026 grants per application' },
    ]);
    await expect(createApplication(deps, officer, draftInput(p.id, { requestedAmountVnd: 500_000_000 }))).resolves.toMatchObject({
      status: 'draft',
    });
  });

  it('caps the amount at the whole budget when the programme sets no maximum', async () => {
    const { deps, p } = await withProgramme({ maxAmountVnd: undefined, budgetVnd: 800_000_000 });

    await expect(createApplication(deps, officer, draftInput(p.id, { requestedAmountVnd: 800_000_001 }))).rejects.toThrow(
      RuleViolationError,
    );
    await expect(createApplication(deps, officer, draftInput(p.id, { requestedAmountVnd: 800_000_000 }))).resolves.toBeDefined();
  });

  it('refuses the commune committee of another commune (403)', async () => {
    const { deps, repo, p } = await withProgramme();

    const error = await rejection(createApplication(deps, otherCommuneCommittee, draftInput(p.id)));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe(
      'You may not create application: only admin/officer of the owner-agency or commune; or enterprise of the own-enterprise may',
    );
    expect(repo.applications.size).toBe(0);
  });

  it("takes in from the committee of the enterprise's own commune", async () => {
    const { deps, p } = await withProgramme();

    const app = await createApplication(deps, communeCommittee, draftInput(p.id));

    expect(app).toMatchObject({ status: 'draft', createdBy: communeCommittee.sub, agency: 'so-cong-thuong', communeCode: COMMUNE });
  });

  it('refuses an officer of an agency that does not own the programme (403)', async () => {
    const { deps, p } = await withProgramme();

    await expect(createApplication(deps, otherAgencyOfficer, draftInput(p.id))).rejects.toThrow(ForbiddenError);
  });
});

describe('submitApplication', () => {
  it('refuses with every reason at once: ineligible, window closed, required answer and verified documents missing', async () => {
    // Closes on 10 March: still the date in UTC, but already 11 March in Hanoi.
    const ctx = await withProgramme({
      closesOn: '2026-03-10',
      eligibility: { sizeClasses: ['medium'], communes: [OTHER_COMMUNE] },
      requiredDocuments: ['business-registration', 'financial-statements'],
    });
    const { deps, repo, p } = ctx;
    const draft = await givenDraft(ctx, p.id, { answers: { qualitySystem: 'none' } });
    // Declared but never uploaded: not verified.
    await requestUpload(deps, officer, draft.id, {
      type: 'business-registration',
      fileName: 'dkkd.pdf',
      contentType: 'application/pdf',
      sizeBytes: 10,
      sha256: 'ab',
    });

    const error = await rejection(submitApplication(deps, officer, draft.id, 1));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.message).toBe(`Application ${draft.id} cannot be submitted: 6 problem(s)`);
    expect(error.errors).toMatchObject([
      { path: 'eligibility.sizeClasses', message: 'size class small is not among medium' },
      { path: 'eligibility.communes', message: expect.stringContaining('(00004), outside the programme') },
      { path: 'programme.window', message: `CNHT-2026 takes applications from 2026-01-01 to 2026-03-10; today is ${TODAY_HANOI}` },
      { path: 'answers.labourProductivityGrowthPct', message: 'is required before submission' },
      { path: 'documents.business-registration', message: 'a verified document of this type is required' },
      { path: 'documents.financial-statements', message: 'a verified document of this type is required' },
    ]);
    // Each reason also in Vietnamese and English, the English being the message.
    for (const e of error.errors!) expect(e.messageText).toMatchObject({ en: e.message, vi: expect.not.stringMatching(/^$/) });
    expect(error.errors!.map((e) => e.messageText!.vi)).toEqual([
      'quy mô nhỏ không thuộc vừa',
      expect.stringContaining('(00004), ngoài các xã, phường của chương trình'),
      `CNHT-2026 nhận hồ sơ từ 01/01/2026 đến 10/03/2026; hôm nay là ${TODAY_HANOI.split('-').reverse().join('/')}`,
      'cần trả lời trước khi nộp',
      'cần một tài liệu loại này đã được kiểm tra',
      'cần một tài liệu loại này đã được kiểm tra',
    ]);
    expect(await repo.getApplication(draft.id)).toMatchObject({ status: 'draft', version: 1 });
    expect(repo.outbox).toEqual([]);
  });

  it('refuses before the window opens', async () => {
    const ctx = await withProgramme({ opensOn: '2026-03-12' });
    const { deps, repo, p } = ctx;
    const draft = await givenDraft(ctx, p.id);

    const error = await rejection(submitApplication(deps, officer, draft.id, 1));

    expect(error.errors).toMatchObject([
      { path: 'programme.window', message: `CNHT-2026 takes applications from 2026-03-12 to 2026-12-31; today is ${TODAY_HANOI}` },
    ]);
  });

  it('checks answers and amount again against the programme as it is now', async () => {
    const ctx = await withProgramme();
    const { deps, repo, p } = ctx;
    const draft = await givenDraft(ctx, p.id, { requestedAmountVnd: 400_000_000, answers: { labourProductivityGrowthPct: 60 } });
    const stored = repo.programmes.get(p.id)!;
    stored.maxAmountVnd = 300_000_000;
    stored.questions = stored.questions.map((q) => (q.id === 'labourProductivityGrowthPct' ? { ...q, max: 50 } : q));

    const error = await rejection(submitApplication(deps, officer, draft.id, 1));

    expect(error.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['answers.labourProductivityGrowthPct', 'requestedAmountVnd']));
    expect(
      error.errors!.filter((e) => !e.path.startsWith('documents.') && !e.path.startsWith('answers.') && e.path !== 'requestedAmountVnd'),
    ).toEqual([]);
  });

  it('screens the enterprise as the registry has it now, not as it was when drafted', async () => {
    const ctx = await withProgramme();
    const { deps, repo, p } = ctx;
    const draft = await givenDraft(ctx, p.id);
    repo.putEnterprise(enterprise({ status: 'suspended', revision: 4 }));

    const error = await rejection(submitApplication(deps, officer, draft.id, 1));

    expect(error.errors!.map((e) => e.path)).toEqual(['eligibility.status']);
  });

  it('submits: due date is the processing days in working days after the Hanoi day, registry data frozen, one application.submitted event', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx, { processingDays: 30, requiredDocuments: ['business-registration'] });
    const draft = await givenDraft(ctx, p.id);
    await givenVerifiedDocument(ctx, draft.id, 'business-registration');

    const submitted = await submitApplication(ctx.deps, officer, draft.id, 1);

    const e = enterprise();
    // Wed 11 Mar 2026 + 30 working days (no holiday before 27 Apr): Wed 22 Apr, not the calendar 10 Apr.
    expect(submitted).toMatchObject({ status: 'submitted', version: 2, submittedAt: NOW.toISOString(), dueOn: '2026-04-22' });
    expect(submitted).not.toHaveProperty('dueOnCaveat');
    expect(submitted.snapshot).toEqual({
      revision: e.revision,
      name: e.name,
      legalForm: e.legalForm,
      communeCode: e.communeCode,
      status: 'active',
      foundedOn: e.foundedOn,
      vsic: e.vsic,
      employees: e.employees,
      revenueVnd: e.revenueVnd,
      totalCapitalVnd: e.totalCapitalVnd,
      sizeClass: e.sizeClass,
      takenAt: NOW.toISOString(),
    });
    expect(submitted.timeline.at(-1)).toEqual({
      at: NOW.toISOString(),
      by: officer.sub,
      action: 'submitted',
      from: 'draft',
      to: 'submitted',
    });
    expect(await ctx.repo.getApplication(draft.id)).toEqual(submitted);

    expect(ctx.repo.outbox).toHaveLength(1);
    const event = ctx.repo.outbox[0]!;
    expect(() => assertMatchesContract(event)).not.toThrow();
    expect(event).toMatchObject({ type: 'application.submitted', version: 1, source: 'intake' });
    expect(event.data).toEqual({
      applicationId: draft.id,
      programmeId: p.id,
      programmeCode: 'CNHT-2026',
      agency: 'so-cong-thuong',
      category: 'supporting-industry',
      taxCode: TAX_CODE,
      communeCode: COMMUNE,
      rubric: { id: 'cnht-general', version: 1 },
      answers: { labourProductivityGrowthPct: 12 },
      requestedAmountVnd: 300_000_000,
      submittedAt: NOW.toISOString(),
      dueOn: '2026-04-22',
      // The contact e-mail, for the notifications service (the draft names no language: Vietnamese).
      contactEmail: 'an@cokhibadinh.vn',
      enterprise: { revision: 3, sizeClass: 'small', vsicMain: '2592', employees: 45, revenueVnd: 30_000_000_000 },
    });
  });

  it('counts the due date across Tết 2026: 5 working days after Fri 13 Feb is Fri 27 Feb', async () => {
    const ctx = setup(new Date('2026-02-13T02:00:00Z'));
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx, { rubric: null, processingDays: 5 });

    const submitted = await givenSubmitted(ctx, p.id);

    expect(submitted.dueOn).toBe('2026-02-27');
    expect(ctx.repo.outbox.at(-1)!.data).toMatchObject({ dueOn: '2026-02-27' });
  });

  it('says so when the due date was counted without a year’s full holidays (2027 is not announced)', async () => {
    const ctx = setup(new Date('2026-12-20T02:00:00Z'));
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx, { rubric: null, processingDays: 20, closesOn: '2026-12-31' });

    const submitted = await givenSubmitted(ctx, p.id);

    expect(submitted.dueOn! > '2027-01-01').toBe(true);
    expect(submitted.dueOnCaveat).toContain('2027');
  });

  it("keeps the enterprise's person refs out of the frozen snapshot", async () => {
    const ctx = setup();
    givenEnterprise(ctx, { people: [{ role: 'owner', personRef: 'a'.repeat(64) }] });
    const p = await givenProgramme(ctx, { rubric: null });

    const submitted = await givenSubmitted(ctx, p.id);

    expect(submitted.snapshot).not.toHaveProperty('people');
  });

  it('keeps the frozen snapshot when the registry changes afterwards', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const submitted = await givenSubmitted(ctx, p.id);
    ctx.repo.putEnterprise(enterprise({ revision: 9, employees: 300, name: 'Renamed' }));

    expect((await ctx.repo.getApplication(submitted.id))!.snapshot).toMatchObject({ revision: 3, employees: 45, name: enterprise().name });
  });

  it('refuses a stale If-Match version (409)', async () => {
    const ctx = await withProgramme();
    const { deps, repo, p } = ctx;
    const draft = await givenDraft(ctx, p.id);

    await expect(submitApplication(deps, officer, draft.id, 2)).rejects.toThrow(ConflictError);
    expect(repo.outbox).toEqual([]);
  });

  it('refuses a second submission (409)', async () => {
    const ctx = await withProgramme();
    const { deps, repo, p } = ctx;
    const submitted = await givenSubmitted(ctx, p.id);

    await expect(submitApplication(deps, officer, submitted.id, undefined)).rejects.toThrow(ConflictError);
    expect(repo.outbox).toHaveLength(1);
  });

  it("is a 404 to another commune's committee", async () => {
    const ctx = await withProgramme();
    const { deps, repo, p } = ctx;
    const draft = await givenDraft(ctx, p.id);

    await expect(submitApplication(deps, otherCommuneCommittee, draft.id, 1)).rejects.toThrow(NotFoundError);
  });

  it('lets the commune committee submit what it took in', async () => {
    const ctx = await withProgramme();
    const { deps, repo, p } = ctx;
    const draft = await givenDraft(ctx, p.id, {}, communeCommittee);

    await expect(submitApplication(deps, communeCommittee, draft.id, 1)).resolves.toMatchObject({ status: 'submitted' });
  });
});

describe('withdrawApplication', () => {
  it('withdraws a draft, recording the reason on the timeline', async () => {
    const ctx = await withProgramme();
    const { deps, repo, p } = ctx;
    const draft = await givenDraft(ctx, p.id);

    const withdrawn = await withdrawApplication(deps, officer, draft.id, 'the enterprise changed its mind', 1);

    expect(withdrawn).toMatchObject({ status: 'withdrawn', version: 2 });
    expect(withdrawn.timeline.at(-1)).toEqual({
      at: NOW.toISOString(),
      by: officer.sub,
      action: 'withdrawn',
      from: 'draft',
      to: 'withdrawn',
      detail: 'the enterprise changed its mind',
    });
    expect((await repo.getApplication(draft.id))!.status).toBe('withdrawn');
    expect(repo.outbox.at(-1)).toMatchObject({
      type: 'application.withdrawn',
      data: { applicationId: draft.id, previousStatus: 'draft', submittedAt: null, dueOn: null, withdrawnAt: NOW.toISOString() },
    });
  });

  it('announces a submitted application withdrawn with its due day, through the outbox', async () => {
    const ctx = await withProgramme();
    const { deps, repo, p } = ctx;
    const submitted = await givenSubmitted(ctx, p.id);

    await withdrawApplication(deps, officer, submitted.id, undefined, undefined);

    expect(repo.outbox.map((e) => e.type)).toEqual(['application.submitted', 'application.withdrawn']);
    expect(repo.outbox.at(-1)!.data).toEqual({
      applicationId: submitted.id,
      programmeId: p.id,
      programmeCode: p.code,
      agency: p.ownerAgency,
      category: p.category,
      taxCode: submitted.taxCode,
      communeCode: submitted.communeCode,
      previousStatus: 'submitted',
      submittedAt: submitted.submittedAt,
      dueOn: submitted.dueOn,
      withdrawnAt: NOW.toISOString(),
      contactEmail: 'an@cokhibadinh.vn',
    });
  });

  it('withdraws a submitted application, with no detail when no reason is given', async () => {
    const ctx = await withProgramme();
    const { deps, repo, p } = ctx;
    const submitted = await givenSubmitted(ctx, p.id);

    const withdrawn = await withdrawApplication(deps, officer, submitted.id, undefined, undefined);

    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.timeline.at(-1)).not.toHaveProperty('detail');
  });

  it('withdraws a scored application', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const scored = await givenScored(ctx, p.id);

    await expect(withdrawApplication(ctx.deps, officer, scored.id, undefined, scored.version)).resolves.toMatchObject({
      status: 'withdrawn',
    });
  });

  it('refuses to withdraw an approved application (409)', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx, { rubric: null });
    const submitted = await givenSubmitted(ctx, p.id);
    await decide(ctx.deps, decider, submitted.id, { outcome: 'approved', amountVnd: 100_000_000 }, undefined);

    const error = await rejection(withdrawApplication(ctx.deps, officer, submitted.id, undefined, undefined));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(`Application ${submitted.id} is approved; it cannot become withdrawn`);
    expect((await ctx.repo.getApplication(submitted.id))!.status).toBe('approved');
  });

  it('refuses the commune committee of another commune (404: it does not see the application)', async () => {
    const ctx = await withProgramme();
    const { deps, repo, p } = ctx;
    const draft = await givenDraft(ctx, p.id);

    await expect(withdrawApplication(deps, otherCommuneCommittee, draft.id, undefined, 1)).rejects.toThrow(NotFoundError);
  });
});

describe('visibleApplication / listApplications', () => {
  async function twoCommunes() {
    const ctx = setup();
    givenEnterprise(ctx);
    ctx.repo.putEnterprise(enterprise({ taxCode: '0109876543', communeCode: OTHER_COMMUNE }));
    const p = await givenProgramme(ctx);
    const here = await givenDraft(ctx, p.id);
    const there = await givenDraft(ctx, p.id, { taxCode: '0109876543' });
    return { ...ctx, here, there };
  }

  it('shows a commune committee its own commune’s application and hides the others as 404', async () => {
    const { deps, here, there } = await twoCommunes();

    await expect(visibleApplication(deps, communeCommittee, here.id)).resolves.toMatchObject({ id: here.id });
    await expect(visibleApplication(deps, communeCommittee, there.id)).rejects.toThrow(NotFoundError);
    await expect(visibleApplication(deps, officer, there.id)).resolves.toMatchObject({ id: there.id });
  });

  it("lists only the committee's commune, whatever it asks for", async () => {
    const { deps, here } = await twoCommunes();

    const page = await listApplications(deps, communeCommittee, { limit: 20 });

    expect(page.items.map((a) => a.id)).toEqual([here.id]);
  });

  it('refuses a committee asking for another commune (403)', async () => {
    const { deps } = await twoCommunes();

    await expect(listApplications(deps, communeCommittee, { limit: 20, commune: OTHER_COMMUNE })).rejects.toThrow(ForbiddenError);
  });

  it("lists an agency's own applications when no narrower filter is given", async () => {
    const { deps, here, there } = await twoCommunes();

    expect((await listApplications(deps, officer, { limit: 20 })).items.map((a) => a.id).sort()).toEqual([here.id, there.id].sort());
    expect((await listApplications(deps, otherAgencyOfficer, { limit: 20 })).items).toEqual([]);
  });

  it("hides another agency's application (404) and its listing by enterprise, programme or commune", async () => {
    const { deps, here, there } = await twoCommunes();

    await expect(visibleApplication(deps, otherAgencyOfficer, here.id)).rejects.toThrow(NotFoundError);
    for (const q of [
      { taxCode: TAX_CODE },
      { programmeId: here.programmeId },
      { commune: COMMUNE },
      { commune: OTHER_COMMUNE, taxCode: '0109876543' },
    ]) {
      expect(await listApplications(deps, otherAgencyOfficer, { limit: 20, ...q }), JSON.stringify(q)).toEqual({
        items: [],
        nextCursor: null,
      });
    }
    expect((await listApplications(deps, officer, { limit: 20, taxCode: '0109876543' })).items.map((a) => a.id)).toEqual([there.id]);
  });

  it("lets the coordinator read and list every agency's applications, and change none", async () => {
    const { deps, here } = await twoCommunes();
    const coordinator = { sub: 'viewer-stc', agency: 'so-tai-chinh', roles: ['viewer' as const] };

    await expect(visibleApplication(deps, coordinator, here.id)).resolves.toMatchObject({ id: here.id });
    expect((await listApplications(deps, coordinator, { limit: 20, taxCode: TAX_CODE })).items.map((a) => a.id)).toEqual([here.id]);
    const admin = { ...coordinator, roles: ['admin' as const] };
    await expect(withdrawApplication(deps, admin, here.id, undefined, undefined)).rejects.toThrow(ForbiddenError);
  });

  it("records who took the application in: the agency, and a commune committee's commune", async () => {
    const { deps, repo, here } = await twoCommunes();
    const byCommittee = await createApplication(deps, communeCommittee, draftInput(here.programmeId));

    expect(here).toMatchObject({ intakeAgency: officer.agency, assignees: [] });
    expect(here).not.toHaveProperty('intakeCommune');
    expect(byCommittee).toMatchObject({ intakeAgency: communeCommittee.agency, intakeCommune: COMMUNE, assignees: [] });
    expect(await repo.getApplication(byCommittee.id)).toEqual(byCommittee);
  });
});

describe('uploads counted at submission', () => {
  it('counts a rejected upload as missing', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx, { requiredDocuments: ['business-registration'] });
    const draft = await givenDraft(ctx, p.id);
    const { documentId } = await requestUpload(ctx.deps, officer, draft.id, {
      type: 'business-registration',
      fileName: 'dkkd.pdf',
      contentType: 'application/pdf',
      sizeBytes: FILES.pdf.length,
      sha256: sha256Hex(FILES.pdf),
    });
    ctx.documents.put(incomingKey(draft.id, documentId), FILES.png);
    expect(await verifyDocument(ctx.deps, draft.id, documentId)).toBe('rejected');

    const error = await rejection(submitApplication(ctx.deps, officer, draft.id, 1));

    expect(error.errors).toMatchObject([
      { path: 'documents.business-registration', message: 'a verified document of this type is required' },
    ]);
  });
});
