import { describe, it, expect } from 'vitest';
import '../../../../shared/contracts/index.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import { PoisonMessageError } from '../../../../shared/messaging/consumer.ts';
import { withdrawApplication } from '../../../../services/intake/app/applications.ts';
import { decide } from '../../../../services/intake/app/decisions.ts';
import { recordEnterprise, recordNotificationFailure, recordScore } from '../../../../services/intake/app/events.ts';
import { viewOf } from '../../../../services/intake/app/access.ts';
import { newEnvelope } from '../../../../shared/contracts/envelope.ts';
import { decider, enterprise, enterpriseEvent, NOW, officer, scoredEvent, setup, TAX_CODE } from './fixtures.ts';
import { givenDraft, givenEnterprise, givenProgramme, givenSubmitted, rejection } from './flows.ts';

async function submittedWithRubric() {
  const ctx = setup();
  givenEnterprise(ctx);
  const p = await givenProgramme(ctx);
  const app = await givenSubmitted(ctx, p.id);
  return { ...ctx, p, app };
}

describe('recordScore', () => {
  it('moves a submitted application to scored, with the score and a timeline entry by the scoring service', async () => {
    const { deps, repo, app } = await submittedWithRubric();
    const event = scoredEvent(app.id, { totalPoints: 72.5, maxPoints: 100, scoredAt: '2026-03-12T08:00:00.000Z' });
    expect(() => assertMatchesContract(event)).not.toThrow();

    expect(await recordScore(deps, event)).toBe('scored');

    const scored = (await repo.getApplication(app.id))!;
    expect(scored).toMatchObject({
      status: 'scored',
      version: app.version + 1,
      score: { rubric: { id: 'cnht-general', version: 1 }, totalPoints: 72.5, maxPoints: 100, scoredAt: '2026-03-12T08:00:00.000Z' },
    });
    expect(scored.timeline.at(-1)).toEqual({
      at: NOW.toISOString(),
      by: 'system:scoring',
      action: 'scored',
      from: 'submitted',
      to: 'scored',
      detail: '72.5 / 100 points (rubric cnht-general v1)',
      // Both languages, for a reader in either (the Vietnamese page showed the English line).
      detailText: { en: '72.5 / 100 points (rubric cnht-general v1)', vi: '72,5/100 điểm (bộ tiêu chí cnht-general phiên bản 1)' },
    });
    expect(repo.processed.has(event.id)).toBe(true);
  });

  it('ignores a score for an application withdrawn meanwhile', async () => {
    const { deps, repo, app } = await submittedWithRubric();
    const withdrawn = await withdrawApplication(deps, officer, app.id, undefined, undefined);

    expect(await recordScore(deps, scoredEvent(app.id))).toBe('ignored');
    expect(await repo.getApplication(app.id)).toEqual(withdrawn);
  });

  it('ignores a redelivery that arrives after the score was recorded', async () => {
    const { deps, repo, app } = await submittedWithRubric();
    const event = scoredEvent(app.id);
    await recordScore(deps, event);

    expect(await recordScore(deps, event)).toBe('ignored');
    expect((await repo.getApplication(app.id))!.timeline.filter((t) => t.action === 'scored')).toHaveLength(1);
  });

  it('reports a concurrent redelivery that lost the race as a duplicate, recording the score once', async () => {
    const { deps, repo, app } = await submittedWithRubric();
    const event = scoredEvent(app.id);
    let concurrent: string | undefined;
    repo.interleave(async () => {
      concurrent = await recordScore(deps, event);
    });

    expect(await recordScore(deps, event)).toBe('duplicate');
    expect(concurrent).toBe('scored');
    const scored = (await repo.getApplication(app.id))!;
    expect(scored.version).toBe(app.version + 1);
    expect(scored.timeline.filter((t) => t.action === 'scored')).toHaveLength(1);
  });

  it('treats a score on another rubric than the programme’s as a poison message, changing nothing', async () => {
    const { deps, repo, app } = await submittedWithRubric();
    const event = scoredEvent(app.id, { rubric: { id: 'green', version: 1 } });

    const error = await rejection(recordScore(deps, event));

    expect(error).toBeInstanceOf(PoisonMessageError);
    expect(error.message).toContain('uses rubric green; programme CNHT-2026 uses cnht-general');
    expect((await repo.getApplication(app.id))!.status).toBe('submitted');
    expect(repo.processed.has(event.id)).toBe(false);
  });

  it('treats a score for a programme without a rubric as a poison message', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx, { rubric: null });
    const app = await givenSubmitted(ctx, p.id);

    await expect(recordScore(ctx.deps, scoredEvent(app.id))).rejects.toThrow(PoisonMessageError);
  });

  it('treats a score for an unknown application as a poison message', async () => {
    const { deps } = await submittedWithRubric();

    await expect(recordScore(deps, scoredEvent('00000000-0000-4000-8000-999999999999'))).rejects.toThrow(PoisonMessageError);
  });
});

describe('recordEnterprise', () => {
  /** The enterprise at revision 3 with one application in each status but scored. */
  async function applicationsInEveryState() {
    const ctx = setup();
    givenEnterprise(ctx);
    const scoredless = await givenProgramme(ctx, { rubric: null });
    const draft = await givenDraft(ctx, scoredless.id);
    const submitted = await givenSubmitted(ctx, scoredless.id);
    const approved = await givenSubmitted(ctx, scoredless.id);
    await decide(ctx.deps, decider, approved.id, { outcome: 'approved', amountVnd: 1_000_000 }, undefined);
    const withdrawn = await givenDraft(ctx, scoredless.id);
    await withdrawApplication(ctx.deps, officer, withdrawn.id, undefined, undefined);
    const versions = new Map([...ctx.repo.applications.values()].map((a) => [a.id, a.version]));
    return { ...ctx, draft, submitted, approved, withdrawn, versions };
  }

  it.each([
    ['suspended', 'enterprise-suspended'],
    ['dissolved', 'enterprise-dissolved'],
  ] as const)('flags every open application of an enterprise %s, once', async (status, kind) => {
    const { deps, repo, draft, submitted, approved, withdrawn, versions } = await applicationsInEveryState();
    const event = enterpriseEvent(
      4,
      { status, occurredAt: '2026-03-09T08:00:00.000Z' },
      status === 'dissolved' ? 'enterprise.closed' : 'enterprise.changed',
    );

    expect(await recordEnterprise(deps, event)).toEqual({ outcome: 'applied', flagged: 2 });

    const detail = `the registry reports the enterprise ${status} (revision 4, 2026-03-09T08:00:00.000Z)`;
    for (const id of [draft.id, submitted.id]) {
      const app = (await repo.getApplication(id))!;
      expect(app.flags).toEqual([{ kind, revision: 4, at: NOW.toISOString(), detail }]);
      expect(app.version).toBe(versions.get(id)! + 1);
      expect(app.timeline.at(-1)).toEqual({ at: NOW.toISOString(), by: 'system:registry', action: 'flagged', detail });
    }
    for (const id of [approved.id, withdrawn.id]) {
      expect((await repo.getApplication(id))!).toMatchObject({ flags: [], version: versions.get(id) });
    }
    expect(await repo.getEnterprise(TAX_CODE)).toMatchObject({ revision: 4, status });
  });

  it('adds no second flag when the message is redelivered (the same revision is stale)', async () => {
    const { deps, repo, draft } = await applicationsInEveryState();
    const event = enterpriseEvent(4, { status: 'suspended' });
    await recordEnterprise(deps, event);

    expect(await recordEnterprise(deps, event)).toEqual({ outcome: 'stale', flagged: 0 });
    expect((await repo.getApplication(draft.id))!.flags).toHaveLength(1);
  });

  it('adds no second flag when retried after a crash between the flags and the record', async () => {
    const { deps, repo, draft, submitted } = await applicationsInEveryState();
    const event = enterpriseEvent(4, { status: 'suspended' });
    repo.failOnce('recordEnterprise');
    await expect(recordEnterprise(deps, event)).rejects.toThrow('injected');
    expect((await repo.getEnterprise(TAX_CODE))!.revision).toBe(3);

    expect(await recordEnterprise(deps, event)).toEqual({ outcome: 'applied', flagged: 0 });
    for (const id of [draft.id, submitted.id]) expect((await repo.getApplication(id))!.flags).toHaveLength(1);
    expect((await repo.getEnterprise(TAX_CODE))!.status).toBe('suspended');
  });

  it('flags again for a later revision (suspended, then dissolved)', async () => {
    const { deps, repo, draft } = await applicationsInEveryState();
    await recordEnterprise(deps, enterpriseEvent(4, { status: 'suspended' }));

    expect(await recordEnterprise(deps, enterpriseEvent(5, { status: 'dissolved' }, 'enterprise.closed'))).toEqual({
      outcome: 'applied',
      flagged: 2,
    });
    expect((await repo.getApplication(draft.id))!.flags.map((f) => [f.kind, 'revision' in f ? f.revision : undefined])).toEqual([
      ['enterprise-suspended', 4],
      ['enterprise-dissolved', 5],
    ]);
  });

  it('flags nothing and keeps the stored profile for an older revision (stale)', async () => {
    const { deps, repo, draft } = await applicationsInEveryState();
    repo.putEnterprise(enterprise({ revision: 6 }));

    expect(await recordEnterprise(deps, enterpriseEvent(5, { status: 'dissolved' }, 'enterprise.closed'))).toEqual({
      outcome: 'stale',
      flagged: 0,
    });
    expect((await repo.getApplication(draft.id))!.flags).toEqual([]);
    expect(await repo.getEnterprise(TAX_CODE)).toMatchObject({ revision: 6, status: 'active' });
  });

  it('flags nothing for a change that leaves the enterprise active, and records it', async () => {
    const { deps, repo, draft } = await applicationsInEveryState();

    expect(await recordEnterprise(deps, enterpriseEvent(4, { employees: 60, changed: ['employees'] }))).toEqual({
      outcome: 'applied',
      flagged: 0,
    });
    expect((await repo.getApplication(draft.id))!.flags).toEqual([]);
    expect(await repo.getEnterprise(TAX_CODE)).toMatchObject({ revision: 4, employees: 60, updatedAt: '2026-03-09T08:00:00.000Z' });
  });

  it('records an enterprise intake has not seen yet', async () => {
    const { deps, repo } = setup();

    expect(await recordEnterprise(deps, enterpriseEvent(1, { cause: 'enterprise.registered' }, 'enterprise.registered'))).toEqual({
      outcome: 'applied',
      flagged: 0,
    });
    expect(await repo.getEnterprise(TAX_CODE)).toEqual({ ...enterprise({ revision: 1 }), updatedAt: '2026-03-09T08:00:00.000Z' });
  });
});

describe('recordNotificationFailure', () => {
  const failed = (applicationId: string | undefined) =>
    newEnvelope({
      type: 'notification.failed',
      source: 'notifications',
      data: {
        sourceEventId: 'evt-1',
        kind: 'application-received',
        to: 'an@cokhibadinh.vn',
        ...(applicationId ? { applicationId } : {}),
        taxCode: TAX_CODE,
        failure: 'exhausted' as const,
        reason: 'TooManyRequestsException: Maximum sending rate exceeded.',
        attempts: 5,
        failedAt: NOW.toISOString(),
      },
    });

  it('keeps an undelivered message on its file, once per message, shown to the officers who see the contact', async () => {
    const { deps, repo, app } = await submittedWithRubric();
    const event = failed(app.id);
    expect(() => assertMatchesContract(event)).not.toThrow();

    expect(await recordNotificationFailure(deps, event)).toBe('recorded');
    expect(await recordNotificationFailure(deps, event)).toBe('duplicate');

    const kept = (await repo.getApplication(app.id))!;
    expect(kept.notifications).toEqual([
      {
        kind: 'application-received',
        to: 'an@cokhibadinh.vn',
        status: 'failed',
        at: NOW.toISOString(),
        failure: 'exhausted',
        reason: 'TooManyRequestsException: Maximum sending rate exceeded.',
      },
    ]);
    expect(kept.status).toBe(app.status);
    expect(kept.timeline).toEqual(app.timeline);
    expect(viewOf(officer, kept).notifications).toHaveLength(1);
  });

  it('leaves a message about no application to others', async () => {
    const { deps } = await submittedWithRubric();
    expect(await recordNotificationFailure(deps, failed(undefined))).toBe('ignored');
  });

  it('refuses a failure about an application it does not know', async () => {
    const { deps } = await submittedWithRubric();
    await expect(recordNotificationFailure(deps, failed('00000000-0000-4000-8000-00000000dead'))).rejects.toBeInstanceOf(
      PoisonMessageError,
    );
  });
});
