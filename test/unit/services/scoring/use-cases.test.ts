import { describe, expect, it } from 'vitest';
import { newEnvelope, type Envelope } from '../../../../shared/contracts/envelope.ts';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../../../shared/errors.ts';
import type { ProgrammeChanged } from '../../../../shared/contracts/programme.ts';
import { PoisonMessageError } from '../../../../shared/messaging/consumer.ts';
import type { Actor } from '../../../../shared/access/policy.ts';
import { getPanel, setPanel } from '../../../../services/scoring/app/panel.ts';
import { recordProgramme } from '../../../../services/scoring/app/programmes.ts';
import { submitReview } from '../../../../services/scoring/app/reviews.ts';
import { visibleScore } from '../../../../services/scoring/app/score-view.ts';
import { scoreSubmitted, type SubmittedData } from '../../../../services/scoring/app/scoring.ts';
import { getSelection, recordSelectionApplied, runSelection } from '../../../../services/scoring/app/selections.ts';
import { policySchema } from '../../../../services/scoring/domain/selection.ts';
import { recordWithdrawal, type WithdrawnData } from '../../../../services/scoring/app/withdrawals.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { scoringSetup } from './fakes.ts';

const SCT = 'so-cong-thuong';
const officer: Actor = { sub: 'sct-1', agency: SCT, roles: ['officer'] };
const khcn: Actor = { sub: 'khcn-1', agency: 'so-khcn', roles: ['officer'] };
const rev = (sub: string): Actor => ({ sub, agency: SCT, roles: ['reviewer'] });
const PROG = '11111111-1111-4111-8111-111111111111';
let seq = 0;

/** Intake's announcement of the programme (programme.changed). */
function announced(o: Partial<ProgrammeChanged> = {}, id?: string): Envelope<ProgrammeChanged> {
  const data: ProgrammeChanged = {
    programmeId: PROG,
    code: 'CNHT-2026',
    name: 'Supporting industry 2026',
    category: 'supporting-industry',
    ownerAgency: SCT,
    rubric: { id: 'generic', version: 1 },
    version: 1,
    change: 'created',
    changedAt: '2026-01-05T03:00:00.000Z',
    ...o,
  };
  return newEnvelope({
    type: 'programme.changed',
    source: 'intake',
    id: id ?? `programme.changed:${data.programmeId}:${data.version}`,
    data,
  });
}

function submittedEvent(o: Partial<SubmittedData> = {}, id?: string): Envelope<SubmittedData> {
  seq++;
  return newEnvelope({
    type: 'application.submitted',
    source: 'intake',
    ...(id ? { id } : {}),
    data: {
      applicationId: `22222222-2222-4222-8222-${String(seq).padStart(12, '0')}`,
      programmeId: PROG,
      programmeCode: 'CNHT-2026',
      agency: SCT,
      category: 'supporting-industry',
      taxCode: `01000000${String(seq).padStart(2, '0')}`,
      communeCode: '00004',
      rubric: { id: 'cnht', version: 1 },
      answers: { qualitySystem: 'ISO 9001', producesPriorityCnhtProduct: true },
      requestedAmountVnd: 100_000_000,
      submittedAt: '2026-03-20T00:00:00.000Z',
      dueOn: '2026-04-20',
      enterprise: { revision: 1, sizeClass: 'small', vsicMain: '2592', employees: 45, revenueVnd: 40_000_000_000 },
      ...o,
    } as SubmittedData,
  }) as Envelope<SubmittedData>;
}

describe('scoring a submitted application', () => {
  it('scores it, stores the evidence and rubric version, and emits application.scored once', async () => {
    const { repo, deps } = scoringSetup();
    const event = submittedEvent();
    expect(await scoreSubmitted(deps, event)).toBe('scored');
    const app = repo.applications.get(event.data.applicationId)!;
    expect(app).toMatchObject({
      status: 'scored',
      rubric: { id: 'cnht', version: 1 },
      enterprise: { revision: 1 },
      final: { totalPoints: 20, maxPoints: 100 },
    });
    expect(repo.outbox.map((e) => [e.type, (e.data as { totalPoints: number }).totalPoints])).toEqual([['application.scored', 20]]);
    // Whose programme: matching shows the score only to who may read it (that agency, the coordinator).
    // It carries the rubric version's pass mark, which intake holds on every approval.
    expect(repo.outbox[0]!.data).toMatchObject({ agency: SCT, passMark: 50, maxPoints: 100 });
    expect(repo.programmes.get(PROG)).toMatchObject({ ownerAgency: SCT, ownerKnownFrom: 'applications' });
  });

  it('changes nothing on a redelivery, or on the same application announced again', async () => {
    const { repo, deps } = scoringSetup();
    const event = submittedEvent();
    await scoreSubmitted(deps, event);
    const before = structuredClone(repo.applications.get(event.data.applicationId));
    expect(await scoreSubmitted(deps, event)).toBe('duplicate');
    expect(await scoreSubmitted(deps, { ...event, id: 'another-message', data: { ...event.data, answers: {} } })).toBe('duplicate');
    expect(repo.applications.get(event.data.applicationId)).toEqual(before);
    expect(repo.outbox).toHaveLength(1);
  });

  it('sends a message naming an unknown rubric to the DLQ, and ignores programmes without one', async () => {
    const { repo, deps } = scoringSetup();
    await expect(scoreSubmitted(deps, submittedEvent({ rubric: { id: 'cnht-general', version: 1 } }))).rejects.toThrow(PoisonMessageError);
    expect(await scoreSubmitted(deps, submittedEvent({ rubric: null }))).toBe('no-rubric');
    expect(repo.applications.size).toBe(0);
  });

  it('compares with the registry history scoring keeps', async () => {
    const { repo, deps } = scoringSetup();
    const event = submittedEvent({
      enterprise: { revision: 2, sizeClass: 'small', vsicMain: '2592', employees: 45, revenueVnd: 40_000_000_000 },
    });
    await repo.recordEnterprise({
      taxCode: event.data.taxCode,
      revision: 1,
      occurredAt: '2025-01-01T00:00:00.000Z',
      employees: 40,
      revenueVnd: 30_000_000_000,
      totalCapitalVnd: 1,
      sizeClass: 'small',
      status: 'active',
    });
    await scoreSubmitted(deps, event);
    expect(repo.applications.get(event.data.applicationId)!.automatic[0]).toMatchObject({
      id: 'labour-productivity',
      points: 15,
      evidence: { base: { revision: 1 } },
    });
  });
});

describe('panels and reviews', () => {
  const genericEvent = (o: Partial<SubmittedData> = {}) => submittedEvent({ rubric: { id: 'generic', version: 1 }, ...o });
  const marks = (q: number, f: number) => [
    { id: 'proposal-quality', points: q },
    { id: 'feasibility', points: f },
  ];

  it('knows a programme only from intake: before its announcement the panel is a 404 to every agency, after it only the owner sets it', async () => {
    const { deps } = scoringSetup();
    const panel = { reviewsPerApplication: 1, reviewers: [{ sub: 'r1', declaredInterests: [] }] };
    // No claim: another agency cannot take a programme scoring has not seen, nor can its owner yet.
    await expect(setPanel(deps, khcn, PROG, panel)).rejects.toThrow(NotFoundError);
    await expect(setPanel(deps, officer, PROG, panel)).rejects.toThrow(NotFoundError);
    await expect(getPanel(deps, officer, PROG)).rejects.toThrow(NotFoundError);

    expect(await recordProgramme(deps, announced())).toBe('recorded');
    await expect(setPanel(deps, khcn, PROG, panel)).rejects.toThrow(NotFoundError);
    await expect(getPanel(deps, khcn, PROG)).rejects.toThrow(NotFoundError);
    await expect(setPanel(deps, officer, PROG, panel)).resolves.toMatchObject({ ownerAgency: SCT, ownerKnownFrom: 'programme-events' });
  });

  it('records each programme version once, whatever the order, and discards a panel when the programme is handed to another agency', async () => {
    const { repo, deps } = scoringSetup();
    await recordProgramme(deps, announced());
    await setPanel(deps, officer, PROG, { reviewsPerApplication: 1, reviewers: [{ sub: 'r1', declaredInterests: [] }] });
    const handOver = announced({ ownerAgency: 'so-khcn', version: 2, change: 'updated' });
    expect(await recordProgramme(deps, handOver)).toBe('recorded');
    expect(repo.programmes.get(PROG)).toMatchObject({
      ownerAgency: 'so-khcn',
      announcedVersion: 2,
      voidedPanel: { setBy: 'sct-1', ownerAgency: SCT },
    });
    expect(repo.programmes.get(PROG)!.panel).toBeUndefined();
    // A redelivery, or the older version arriving late, changes nothing.
    expect(await recordProgramme(deps, handOver)).toBe('stale');
    expect(await recordProgramme(deps, announced({}, 'programme.changed:late-copy'))).toBe('stale');
    expect(repo.programmes.get(PROG)).toMatchObject({ ownerAgency: 'so-khcn', announcedVersion: 2 });
    await expect(getPanel(deps, officer, PROG)).rejects.toThrow(NotFoundError);
  });

  it('keeps the owner applications showed, and treats a claim stored before programmes were announced as unknown until intake announces it', async () => {
    const { repo, deps } = scoringSetup();
    await scoreSubmitted(deps, genericEvent());
    // An announcement naming another owner cannot move a programme with applications (intake forbids it).
    await recordProgramme(deps, announced({ ownerAgency: 'so-khcn' }));
    expect(repo.programmes.get(PROG)).toMatchObject({ ownerAgency: SCT, ownerKnownFrom: 'applications', announcedVersion: 1 });

    const OTHER = '33333333-3333-4333-8333-333333333333';
    repo.programmes.set(OTHER, {
      programmeId: OTHER,
      ownerAgency: 'so-khcn',
      ownerKnownFrom: 'panel-claim',
      panel: {
        reviewsPerApplication: 1,
        reviewers: [{ sub: 'k1', declaredInterests: [] }],
        updatedAt: '2026-01-01T00:00:00.000Z',
        updatedBy: 'khcn-1',
      },
      loads: {},
      selections: [],
      version: 1,
    });
    await expect(getPanel(deps, khcn, OTHER)).rejects.toThrow(NotFoundError);
    await recordProgramme(deps, announced({ programmeId: OTHER, ownerAgency: SCT }));
    expect(repo.programmes.get(OTHER)).toMatchObject({
      ownerAgency: SCT,
      ownerKnownFrom: 'programme-events',
      voidedPanel: { setBy: 'khcn-1' },
    });
    await expect(getPanel(deps, officer, OTHER)).resolves.toMatchObject({ ownerAgency: SCT, reviewers: [] });
  });

  it('assigns the waiting applications when the panel is set, never to a reviewer sharing a person with the applicant', async () => {
    const { repo, deps } = scoringSetup();
    const e1 = genericEvent();
    const e2 = genericEvent();
    const linked = '0109999999';
    const person = { role: 'owner' as const, personRef: 'a'.repeat(64) };
    await repo.recordEnterprise({
      taxCode: e1.data.taxCode,
      revision: 1,
      occurredAt: '2025-01-01T00:00:00.000Z',
      employees: 1,
      revenueVnd: 1,
      totalCapitalVnd: 1,
      sizeClass: 'micro',
      status: 'active',
      people: [person],
    });
    await repo.recordEnterprise({
      taxCode: linked,
      revision: 1,
      occurredAt: '2025-01-01T00:00:00.000Z',
      employees: 1,
      revenueVnd: 1,
      totalCapitalVnd: 1,
      sizeClass: 'micro',
      status: 'active',
      people: [{ ...person, role: 'legal-representative' }],
    });
    await scoreSubmitted(deps, e1);
    await scoreSubmitted(deps, e2);
    const out = await setPanel(deps, officer, PROG, {
      reviewsPerApplication: 2,
      reviewers: [
        { sub: 'r1', declaredInterests: [linked] },
        { sub: 'r2', declaredInterests: [] },
        { sub: 'r3', declaredInterests: [] },
      ],
    });
    expect(out.assigned).toBe(2);
    expect(
      repo.applications
        .get(e1.data.applicationId)!
        .reviewers.map((r) => r.sub)
        .sort(),
    ).toEqual(['r2', 'r3']);
    expect(Object.values(out.loads).sort()).toEqual([1, 1, 2]);
    // Authorised first: r1 was never assigned e1, so it is a 404 that says nothing of the person link.
    const refused = await submitReview(deps, rev('r1'), e1.data.applicationId, marks(10, 10)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotFoundError);
    expect((refused as Error).message).toBe(`No application ${e1.data.applicationId}`);
  });

  it('asks for one more review when reviewers disagree, then gives the final score by the rubric rule', async () => {
    const { repo, deps } = scoringSetup();
    await recordProgramme(deps, announced());
    await setPanel(deps, officer, PROG, {
      reviewsPerApplication: 2,
      reviewers: ['r1', 'r2', 'r3'].map((sub) => ({ sub, declaredInterests: [] })),
    });
    const e = genericEvent();
    await scoreSubmitted(deps, e);
    const id = e.data.applicationId;
    const [a, b] = repo.applications.get(id)!.reviewers.map((r) => r.sub);
    await submitReview(deps, rev(a!), id, marks(30, 20));
    await expect(submitReview(deps, rev(a!), id, marks(30, 20))).rejects.toThrow(/already reviewed/);
    const second = await submitReview(deps, rev(b!), id, marks(5, 5));
    expect(second).toMatchObject({ status: 'awaiting-review', extraReviewRequested: true, reviewsNeeded: 3 });
    expect(repo.outbox).toHaveLength(0);
    const third = repo.applications.get(id)!.reviewers.find((r) => r.reason === 'disagreement')!.sub;
    expect(await submitReview(deps, rev(third), id, marks(20, 14))).toMatchObject({ status: 'scored' });
    const view = await visibleScore(deps, officer, id);
    expect(view).toMatchObject({ status: 'scored', note: expect.stringContaining('after an extra review') });
    expect(view.criteria.find((c) => c.id === 'proposal-quality')!.points).toBe(18.33);
    expect(repo.outbox.map((x) => x.type)).toEqual(['application.scored']);
    // A reviewer sees their own marks only; another agency sees nothing.
    expect((await visibleScore(deps, rev(a!), id)).reviews.map((r) => r.sub)).toEqual([a]);
    await expect(visibleScore(deps, khcn, id)).rejects.toThrow(NotFoundError);
  });
});

/** cnht answers worth 85 and 52 points (no registry history: labour productivity is missing). */
const STRONG = {
  qualitySystem: 'IATF 16949',
  profitMarginPct: 12,
  technologyInvestmentVnd: 2_400_000_000,
  environmentalStandard: 'ISO 14001',
  exportSharePct: 40,
  trainedWorkersPct: 60,
  producesPriorityCnhtProduct: true,
  producesKeyIndustrialProduct: true,
};
const PASSING = {
  qualitySystem: 'ISO 9001',
  profitMarginPct: 6,
  technologyInvestmentVnd: 600_000_000,
  environmentalStandard: 'cleaner-production',
  exportSharePct: 15,
  trainedWorkersPct: 25,
  producesPriorityCnhtProduct: true,
};

describe('selections', () => {
  it('answers a what-if without writing, and commits decisions in parts for intake', async () => {
    const { repo, deps } = scoringSetup();
    const events = [
      submittedEvent({ requestedAmountVnd: 300_000_000, answers: STRONG }),
      submittedEvent({ requestedAmountVnd: 200_000_000, answers: PASSING }),
      submittedEvent({ answers: {} }),
    ];
    for (const e of events) await scoreSubmitted(deps, e);
    expect(events.map((e) => repo.applications.get(e.data.applicationId)!.final!.totalPoints)).toEqual([85, 52, 0]);
    const commitsBefore = repo.commits;
    const outboxBefore = repo.outbox.length;
    // No pass mark given: the rubric's (cnht: 50) holds.
    const policy = policySchema.parse({ budgetVnd: 450_000_000 });
    const whatIf = await runSelection(deps, officer, PROG, policy, true);
    expect(whatIf).toMatchObject({ passMark: 50, method: 'merit-order', exact: true });
    expect(whatIf.funded.map((f) => f.applicationId)).toEqual([events[0]!.data.applicationId]);
    expect(whatIf.waitlisted.map((f) => f.applicationId)).toEqual([events[1]!.data.applicationId]);
    expect(whatIf.notFunded.map((f) => f.applicationId)).toEqual([events[2]!.data.applicationId]);
    expect([repo.commits, repo.outbox.length, repo.selections.size]).toEqual([commitsBefore, outboxBefore, 0]);

    await expect(runSelection(deps, khcn, PROG, policy, true)).rejects.toThrow(NotFoundError);
    const committed = await runSelection(deps, officer, PROG, policy, false);
    const sent = repo.outbox.filter((e) => e.type === 'selection.completed');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data).toMatchObject({
      decidedBy: { sub: 'sct-1', agency: SCT },
      part: 1,
      parts: 1,
      decisions: [
        { outcome: 'approved', amountVnd: 300_000_000 },
        { outcome: 'rejected', amountVnd: null },
      ],
    });

    await recordSelectionApplied(
      deps,
      newEnvelope({
        type: 'selection.applied',
        source: 'intake',
        data: {
          selectionId: 'id' in committed ? committed.id : '',
          part: 1,
          results: [{ applicationId: events[0]!.data.applicationId, status: 'refused', detail: '403 four eyes' }],
        },
      }) as never,
    );
    const got = await getSelection(deps, officer, 'id' in committed ? committed.id : '');
    expect(got.funded[0]!.decision).toEqual({ status: 'refused', detail: '403 four eyes' });
    expect(got.notFunded[0]!.decision).toEqual({ status: 'pending' });

    // A later selection never reconsiders what was decided; the waitlisted one is considered again.
    const next = await runSelection(deps, officer, PROG, policy, true);
    expect([...next.funded, ...next.waitlisted, ...next.notFunded].map((e) => e.applicationId)).toEqual([events[1]!.data.applicationId]);
  });

  it("refuses a pass mark below the rubric's (400, naming the field) and applies a higher one", async () => {
    const { deps } = scoringSetup();
    const [a, b] = [submittedEvent({ answers: STRONG }), submittedEvent({ answers: PASSING })];
    for (const e of [a, b]) await scoreSubmitted(deps, e);
    const lower = await runSelection(deps, officer, PROG, policySchema.parse({ budgetVnd: 1_000_000_000, passMark: 40 }), true).catch(
      (e: unknown) => e,
    );
    expect(lower).toBeInstanceOf(ValidationError);
    expect((lower as ValidationError).errors).toEqual([
      { path: 'body.passMark', message: 'is below the pass mark of 50 that rubric cnht v1 sets' },
    ]);
    const higher = await runSelection(deps, officer, PROG, policySchema.parse({ budgetVnd: 1_000_000_000, passMark: 60 }), true);
    expect(higher.passMark).toBe(60);
    expect(higher.funded.map((e) => e.applicationId)).toEqual([a.data.applicationId]);
    expect(higher.notFunded).toEqual([
      expect.objectContaining({ applicationId: b.data.applicationId, reason: '52 points is below the pass mark of 60' }),
    ]);
  });

  it('checks a selection before committing it: one the solver could not decide is refused, and nothing is sent', async () => {
    const { repo, deps } = scoringSetup();
    // Five applications shaped so that one rank needs the solver (budget 80; ≥ 40 % micro, ≥ 40 % VSIC 26).
    const shape = [
      [90, 50, 'small', '2592'],
      [85, 10, 'micro', '2592'],
      [80, 30, 'micro', '2592'],
      [75, 20, 'small', '2620'],
      [70, 50, 'micro', '2592'],
    ] as const;
    for (const [points, amount, sizeClass, vsicMain] of shape) {
      const e = submittedEvent({ answers: STRONG });
      await scoreSubmitted(deps, e);
      const app = repo.applications.get(e.data.applicationId)!;
      repo.applications.set(app.applicationId, {
        ...app,
        requestedAmountVnd: amount,
        sizeClass,
        vsicMain,
        final: { ...app.final!, totalPoints: points },
      });
    }
    const policy = policySchema.parse({
      budgetVnd: 80,
      quotas: [
        { kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: 40 },
        { kind: 'min-share-of-funds', where: { vsicDivisions: ['26'] }, pct: 40 },
      ],
    });
    const failing = { ...deps, solver: { solve: async () => ({ status: 'error' as const, values: [], objective: 0, timeMs: 1 }) } };
    const outboxBefore = repo.outbox.length;
    const whatIf = await runSelection(failing, officer, PROG, policy, true);
    expect(whatIf.exact).toBe(false);
    const refused = await runSelection(failing, officer, PROG, policy, false).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect((refused as RuleViolationError).errors).toEqual([expect.objectContaining({ path: 'body.solverTimeLimitSeconds' })]);
    expect([repo.outbox.length, repo.selections.size]).toEqual([outboxBefore, 0]);
    // With the solver answering, the same selection commits: the rule's answer, every quota kept.
    const committed = await runSelection(deps, officer, PROG, policy, false);
    expect(committed.funded.map((e) => e.totalPoints)).toEqual([80, 75]);
    expect(repo.selections.size).toBe(1);
  });
});

describe('a withdrawn application', () => {
  const withdrawn = (e: Envelope<SubmittedData>, previousStatus: WithdrawnData['previousStatus'] = 'scored', id?: string) =>
    newEnvelope({
      type: 'application.withdrawn',
      source: 'intake',
      ...(id ? { id } : {}),
      data: {
        applicationId: e.data.applicationId,
        programmeId: e.data.programmeId,
        agency: e.data.agency,
        category: 'supporting-industry',
        taxCode: e.data.taxCode,
        communeCode: e.data.communeCode,
        previousStatus,
        submittedAt: previousStatus === 'draft' ? null : e.data.submittedAt,
        dueOn: previousStatus === 'draft' ? null : '2026-04-20',
        withdrawnAt: '2026-03-25T00:00:00.000Z',
      } satisfies WithdrawnData,
    }) as Envelope<WithdrawnData>;

  it('leaves the ranking and every later selection, once however often it is delivered', async () => {
    const { repo, deps } = scoringSetup();
    const [kept, left] = [
      submittedEvent({ requestedAmountVnd: 100_000_000, answers: STRONG }),
      submittedEvent({ requestedAmountVnd: 100_000_000, answers: STRONG }),
    ];
    for (const e of [kept, left]) await scoreSubmitted(deps, e);
    const policy = policySchema.parse({ budgetVnd: 500_000_000 });
    expect((await runSelection(deps, officer, PROG, policy, true)).funded).toHaveLength(2);

    const message = withdrawn(left);
    expect(await recordWithdrawal(deps, message)).toBe('withdrawn');
    expect(repo.applications.get(left.data.applicationId)).toMatchObject({ status: 'withdrawn', withdrawnAt: '2026-03-25T00:00:00.000Z' });
    const after = await runSelection(deps, officer, PROG, policy, true);
    expect(after.funded.map((f) => f.applicationId)).toEqual([kept.data.applicationId]);
    expect([...after.waitlisted, ...after.notFunded].map((f) => f.applicationId)).not.toContain(left.data.applicationId);

    const before = structuredClone(repo.applications.get(left.data.applicationId));
    expect(await recordWithdrawal(deps, message)).toBe('duplicate');
    expect(await recordWithdrawal(deps, withdrawn(left, 'scored', 'another-message'))).toBe('duplicate');
    expect(repo.applications.get(left.data.applicationId)).toEqual(before);
  });

  it('refuses a review of it, and ignores a withdrawn draft (never submitted)', async () => {
    const { deps } = scoringSetup();
    await recordProgramme(deps, announced());
    const panel = { reviewsPerApplication: 1, reviewers: [{ sub: 'r1', declaredInterests: [] }] };
    await setPanel(deps, officer, PROG, panel);
    const e = submittedEvent({ rubric: { id: 'generic', version: 1 } });
    expect(await scoreSubmitted(deps, e)).toBe('awaiting-review');
    expect(await recordWithdrawal(deps, withdrawn(e, 'submitted'))).toBe('withdrawn');
    await expect(
      submitReview(deps, rev('r1'), e.data.applicationId, [
        { id: 'proposal-quality', points: 10 },
        { id: 'feasibility', points: 10 },
      ]),
    ).rejects.toThrow(ConflictError);

    expect(await recordWithdrawal(deps, withdrawn(submittedEvent(), 'draft'))).toBe('not-scored-here');
  });
});

describe('programme ownership on the hot path', () => {
  it('still follows a change of owner after the owner was confirmed for a rubric without panel criteria', async () => {
    const { repo, deps } = scoringSetup();
    await scoreSubmitted(deps, submittedEvent());
    await scoreSubmitted(deps, submittedEvent());
    const versionBefore = repo.programmes.get(PROG)!.version;
    expect(versionBefore).toBe(1);
    await scoreSubmitted(deps, submittedEvent({ agency: 'so-khcn' }));
    expect(repo.programmes.get(PROG)).toMatchObject({ ownerAgency: 'so-khcn', version: 2 });
  });
});
