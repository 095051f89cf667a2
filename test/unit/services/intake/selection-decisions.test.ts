import { describe, expect, it } from 'vitest';
import { newEnvelope, type Envelope } from '../../../../shared/contracts/envelope.ts';
import type { SelectionCompleted } from '../../../../shared/contracts/scoring.ts';
import { applySelectionPart, type PublishOnce } from '../../../../services/intake/app/selection-decisions.ts';
import { recordScore } from '../../../../services/intake/app/events.ts';
import { givenEnterprise, givenProgramme, givenScored, givenSubmitted } from './flows.ts';
import { officer, OTHER_TAX_CODE, scoredEvent, setup } from './fixtures.ts';

const selector = { sub: 'officer-selector', agency: officer.agency };

function part(decisions: SelectionCompleted['decisions'], by = selector): Envelope<SelectionCompleted> {
  return newEnvelope({
    id: 'msg-selection-1',
    type: 'selection.completed',
    source: 'scoring',
    data: { selectionId: 'sel-1', programmeId: 'p', agency: officer.agency, decidedBy: by, part: 1, parts: 1, decisions },
  }) as Envelope<SelectionCompleted>;
}

function recorder() {
  const sent: { events: Envelope[]; messageId: string }[] = [];
  const publish: PublishOnce = async (events, messageId) => {
    if (sent.some((s) => s.messageId === messageId)) return 'duplicate';
    sent.push({ events, messageId });
    return 'committed';
  };
  return { sent, publish };
}

describe("applying a committed selection's decisions", () => {
  it('decides each application through decide() as the committing officer, and reports a refusal instead of losing it', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx, { budgetVnd: 400_000_000, maxAmountVnd: 300_000_000 });
    givenEnterprise(ctx);
    givenEnterprise(ctx, { taxCode: OTHER_TAX_CODE });
    const a = await givenScored(ctx, p.id);
    const b = await givenScored(ctx, p.id, { taxCode: OTHER_TAX_CODE });
    const { sent, publish } = recorder();
    const results = await applySelectionPart(
      ctx.deps,
      publish,
      part([
        { applicationId: a.id, outcome: 'approved', amountVnd: 300_000_000, reason: 'rank 1' },
        { applicationId: b.id, outcome: 'approved', amountVnd: 200_000_000, reason: 'rank 2' },
      ]),
    );
    expect(results[0]).toEqual({ applicationId: a.id, outcome: 'approved', status: 'applied' });
    expect(results[1]).toMatchObject({ applicationId: b.id, status: 'refused', detail: expect.stringContaining('remaining budget') });
    expect((await ctx.repo.getApplication(a.id))!.decision).toMatchObject({
      outcome: 'approved',
      amountVnd: 300_000_000,
      by: 'officer-selector',
    });
    expect((await ctx.repo.getApplication(b.id))!.status).toBe('scored');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.events[0]).toMatchObject({ type: 'selection.applied', data: { selectionId: 'sel-1', part: 1, results } });
  });

  it('refuses, and reports, an approval of an application scored below its pass mark: a selection is no way round it', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);
    givenEnterprise(ctx);
    const a = await givenSubmitted(ctx, p.id);
    await recordScore(ctx.deps, scoredEvent(a.id, { totalPoints: 47, passMark: 50 }));
    const { publish } = recorder();
    const [r] = await applySelectionPart(
      ctx.deps,
      publish,
      part([{ applicationId: a.id, outcome: 'approved', amountVnd: 100_000_000, reason: 'rank 1' }]),
    );
    expect(r).toMatchObject({ status: 'refused', detail: expect.stringContaining('below the pass mark of 50') });
    expect((await ctx.repo.getApplication(a.id))!.status).toBe('scored');
  });

  it('recognises decisions it already applied when the message comes again', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);
    givenEnterprise(ctx);
    const a = await givenScored(ctx, p.id);
    const { publish } = recorder();
    const msg = part([{ applicationId: a.id, outcome: 'rejected', amountVnd: null, reason: 'below the pass mark' }]);
    await applySelectionPart(ctx.deps, publish, msg);
    expect(await applySelectionPart(ctx.deps, publish, msg)).toEqual([{ applicationId: a.id, outcome: 'rejected', status: 'applied' }]);
    expect((await ctx.repo.getApplication(a.id))!.timeline.filter((t) => t.action === 'rejected')).toHaveLength(1);
  });

  it("refuses an officer of another agency as intake's own rules do (another agency's application is not found to it)", async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);
    givenEnterprise(ctx);
    const a = await givenScored(ctx, p.id);
    const { publish } = recorder();
    const [r] = await applySelectionPart(
      ctx.deps,
      publish,
      part([{ applicationId: a.id, outcome: 'rejected', amountVnd: null, reason: 'x' }], { sub: 'khcn', agency: 'so-khcn' }),
    );
    expect(r).toMatchObject({ status: 'refused', detail: expect.stringMatching(/^404 /) });
  });
});
