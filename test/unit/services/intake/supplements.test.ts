/**
 * Requests for supplement (issue 21): the file's clock stops the day the officer asks and restarts
 * the day the applicant answers; the due date moves by the paused working days (weekends, public
 * holidays and Tết not counted). The file is not received again; changed answers are scored again.
 */
import { describe, expect, it } from 'vitest';
import { recordScore } from '../../../../services/intake/app/events.ts';
import { giveSupplement, requestSupplement } from '../../../../services/intake/app/online.ts';
import { resumedDueOn } from '../../../../services/intake/domain/supplement.ts';
import type { Actor } from '../../../../services/intake/app/ports.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { officer, scoredEvent, setup, TAX_CODE } from './fixtures.ts';
import { givenEnterprise, givenProgramme, givenScored, givenSubmitted, givenVerifiedDocument, rejection } from './flows.ts';

const applicant: Actor = { sub: 'ent-own', agency: '', roles: ['enterprise'], enterprises: [TAX_CODE] };

describe('the paused clock', () => {
  it('counts the working days after the request day up to the answer day', () => {
    // Mon 9 → Fri 13 March 2026: Tue–Fri, 4 working days.
    expect(resumedDueOn('2026-03-20', '2026-03-09', '2026-03-13')).toEqual({ dueOn: '2026-03-26', pausedWorkingDays: 4 });
    // Asked and answered the same day: nothing moves.
    expect(resumedDueOn('2026-03-20', '2026-03-09', '2026-03-09')).toEqual({ dueOn: '2026-03-20', pausedWorkingDays: 0 });
  });

  it('does not count a weekend nor a public holiday, and moves the due date past them', () => {
    // Fri 24 → Tue 28 April 2026: Sat, Sun, Mon 27 (Hùng Kings, in lieu) are not working days; Tue is: 1.
    // Due Wed 29 April + 1 working day: Thu 30 April and Fri 1 May are holidays, then a weekend → Mon 4 May.
    expect(resumedDueOn('2026-04-29', '2026-04-24', '2026-04-28')).toEqual({ dueOn: '2026-05-04', pausedWorkingDays: 1 });
  });

  it('does not count Tết', () => {
    // Fri 13 → Mon 23 Feb 2026: Tết Bính Ngọ (16–20 Feb) and two weekends in between: only Mon 23 counts.
    expect(resumedDueOn('2026-03-02', '2026-02-13', '2026-02-23').pausedWorkingDays).toBe(1);
  });
});

describe('asking and answering', () => {
  async function received() {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx, { rubric: null });
    const app = await givenSubmitted(ctx, p.id);
    return { ctx, app };
  }

  it('pauses the file and resumes it, moving the due date and keeping the first receipt', async () => {
    const { ctx, app } = await received();
    ctx.repo.takeEvents('application.submitted');
    const asked = await requestSupplement(ctx.deps, officer, app.id, {
      message: 'Bổ sung báo giá có chữ ký',
      documents: ['quotation'],
      fields: [],
      dueInWorkingDays: 5,
    });
    expect(asked.status).toBe('awaiting-supplement');
    const [requested] = ctx.repo.takeEvents('application.supplement-requested');
    expect(requested?.data).toMatchObject({
      applicationId: app.id,
      taxCode: TAX_CODE,
      documents: ['quotation'],
      contactEmail: app.contact.email,
    });
    // Answered 7 calendar days later (a weekend in between): 5 working days paused.
    const later = new Date(ctx.deps.now().getTime() + 7 * 86_400_000);
    ctx.setNow(later);
    const answered = await giveSupplement(ctx.deps, applicant, app.id, { message: 'Đã bổ sung' });
    expect(answered.status).toBe('submitted');
    expect(answered.submittedAt).toBe(app.submittedAt);
    expect(answered.supplement?.pausedWorkingDays).toBe(5);
    expect(answered.dueOn).toBe(resumedDueOn(app.dueOn!, asked.supplement!.pausedOn, answered.supplement!.resumedOn!).dueOn);
    expect(answered.dueOn! > app.dueOn!).toBe(true);
    expect(answered.timeline.at(-1)).toMatchObject({ action: 'supplement-answered', via: 'enterprise' });
    const [answeredEvent] = ctx.repo.takeEvents('application.supplement-answered');
    expect(answeredEvent?.data).toMatchObject({ changed: false, rescore: null, pausedWorkingDays: 5 });
    // Not received again: no second application.submitted.
    expect(ctx.repo.takeEvents('application.submitted')).toEqual([]);
  });

  it('scores changed answers again; a scored file returns to scored when nothing changed', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const scored = await givenScored(ctx, p.id);
    await requestSupplement(ctx.deps, officer, scored.id, {
      message: 'Sửa tỷ lệ tăng năng suất',
      documents: [],
      fields: [],
      dueInWorkingDays: 3,
    });
    const same = await giveSupplement(ctx.deps, applicant, scored.id, {});
    expect(same.status).toBe('scored');
    await requestSupplement(ctx.deps, officer, scored.id, {
      message: 'Sửa tỷ lệ tăng năng suất',
      documents: [],
      fields: [],
      dueInWorkingDays: 3,
    });
    const changed = await giveSupplement(ctx.deps, applicant, scored.id, { answers: { labourProductivityGrowthPct: 15 } });
    expect(changed.status).toBe('submitted');
    expect(changed.answers).toMatchObject({ labourProductivityGrowthPct: 15 });
    const events = ctx.repo.takeEvents('application.supplement-answered');
    expect(events.map((e) => (e.data as { changed: boolean }).changed)).toEqual([false, true]);
    expect((events[1]!.data as { rescore: { answers: unknown } }).rescore.answers).toMatchObject({ labourProductivityGrowthPct: 15 });
  });

  it('takes the documents asked for while the file awaits the supplement, and scores it again for them', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const scored = await givenScored(ctx, p.id);
    await requestSupplement(ctx.deps, officer, scored.id, {
      message: 'Bổ sung báo giá có chữ ký',
      documents: ['quotation'],
      fields: [],
      dueInWorkingDays: 5,
    });
    ctx.setNow(new Date(ctx.deps.now().getTime() + 86_400_000));
    await givenVerifiedDocument(ctx, scored.id, 'quotation', applicant);
    const answered = await giveSupplement(ctx.deps, applicant, scored.id, { message: 'Đã bổ sung báo giá' });
    expect(answered.status).toBe('submitted');
    const [event] = ctx.repo.takeEvents('application.supplement-answered');
    // Scored again on the answers it had, now with the quotation.
    expect(event?.data).toMatchObject({ changed: true, rescore: { answers: scored.answers } });
    // Answered: the file is received and undecided again, documented no more.
    expect(await rejection(givenVerifiedDocument(ctx, scored.id, 'quotation', applicant))).toBeInstanceOf(ConflictError);
  });

  it('takes the re-score after a changed answer, not a first score of the answers before it (queues are unordered)', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenSubmitted(ctx, p.id);
    const before = ctx.deps.now().toISOString();
    await requestSupplement(ctx.deps, officer, app.id, { message: 'Sửa số liệu', documents: [], fields: [], dueInWorkingDays: 3 });
    ctx.setNow(new Date(ctx.deps.now().getTime() + 2 * 86_400_000));
    const answered = await giveSupplement(ctx.deps, applicant, app.id, { answers: { labourProductivityGrowthPct: 15 } });
    expect(answered.status).toBe('submitted');
    // The first score, of the answers as submitted, arrives late: stale, the file still waits.
    const first = scoredEvent(app.id, { rubric: p.rubric!, totalPoints: 40, scoredAt: before }, 'first-score');
    expect(await recordScore(ctx.deps, first)).toBe('ignored');
    const later = ctx.deps.now().toISOString();
    const again = scoredEvent(app.id, { rubric: p.rubric!, totalPoints: 55, scoredAt: later, rescored: true }, 'rescore-1');
    expect(await recordScore(ctx.deps, again)).toBe('scored');
    const now = await ctx.repo.getApplication(app.id);
    expect(now).toMatchObject({ status: 'scored', score: { totalPoints: 55 } });
    expect(now?.timeline.at(-1)?.detail).toContain('scored again after the supplement');
    // An older re-score arriving after it changes nothing.
    const older = scoredEvent(app.id, { rubric: p.rubric!, totalPoints: 50, scoredAt: before, rescored: true }, 'rescore-0');
    expect(await recordScore(ctx.deps, older)).toBe('ignored');
  });

  it('keeps a score that arrives while the applicant is asked, and returns to scored when the answer changes nothing', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenSubmitted(ctx, p.id);
    await requestSupplement(ctx.deps, officer, app.id, { message: 'Bổ sung', documents: [], fields: [], dueInWorkingDays: 3 });
    expect(await recordScore(ctx.deps, scoredEvent(app.id, { rubric: p.rubric!, totalPoints: 61 }, 'score-while-asked'))).toBe('scored');
    const waiting = await ctx.repo.getApplication(app.id);
    expect(waiting).toMatchObject({ status: 'awaiting-supplement', score: { totalPoints: 61 }, supplement: { previousStatus: 'scored' } });
    const answered = await giveSupplement(ctx.deps, applicant, app.id, { message: 'Đã gửi' });
    expect(answered).toMatchObject({ status: 'scored', score: { totalPoints: 61 } });
  });

  it('refuses to ask of a draft or a file awaiting a supplement already, and to answer when nothing was asked', async () => {
    const { ctx, app } = await received();
    expect(await rejection(giveSupplement(ctx.deps, applicant, app.id, {}))).toBeInstanceOf(ConflictError);
    await requestSupplement(ctx.deps, officer, app.id, { message: 'a', documents: [], fields: [], dueInWorkingDays: 1 });
    expect(
      await rejection(requestSupplement(ctx.deps, officer, app.id, { message: 'b', documents: [], fields: [], dueInWorkingDays: 1 })),
    ).toBeInstanceOf(ConflictError);
  });
});
