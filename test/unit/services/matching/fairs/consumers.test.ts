/**
 * The run queue's consumers: a run whose every attempt fails or is killed says so instead of staying
 * "running" — through its dead letter, or the sweep of runs past their deadline.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../../shared/access/policy.ts';
import {
  makeFairMeetingsHandler,
  makeFairRunDeadLettersHandler,
  makeFairRunSweepHandler,
  makeFairRunsHandler,
} from '../../../../../services/matching/adapters/inbound/fair-consumers.ts';
import { addParticipant, createFair, RUN_DEADLINE_MS, requestRun } from '../../../../../services/matching/app/fairs.ts';
import { manifest } from '../../../../../services/matching/manifest.ts';
import { fakeFairDeps } from '../fair-fakes.ts';

const officer: Actor = { sub: 'officer-sct', agency: 'so-cong-thuong', roles: ['officer'] };
const context = { functionName: 'fair-runs', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

async function requested() {
  const deps = fakeFairDeps();
  const fair = await createFair(deps, officer, {
    name: 'Hội chợ',
    slotMinutes: 20,
    sessions: [{ startsAt: '2026-12-10T08:30:00+07:00', slots: 2 }],
    tables: 2,
  });
  await addParticipant(deps, officer, fair.id, { role: 'buyer', name: 'B', blockedSlots: [], priority: false });
  const run = await requestRun(deps, officer, fair.id, 'initial');
  const envelope = deps.repo.outbox.find((e) => e.type === 'fair.run-requested')!;
  const sqs = (receiveCount: number): SQSEvent =>
    ({
      Records: [{ messageId: 'm-1', body: JSON.stringify(envelope), attributes: { ApproximateReceiveCount: String(receiveCount) } }],
    }) as unknown as SQSEvent;
  return { deps, fair, run, sqs };
}

describe('fair run consumer', () => {
  it('runs the requested schedule and leaves nothing to retry', async () => {
    const { deps, fair, run, sqs } = await requested();
    const out = await makeFairRunsHandler(deps)(sqs(1), context);
    expect(out.batchItemFailures).toEqual([]);
    expect((await deps.fairs.getRun(fair.id, run.id))!.status).toBe('done');
    // fair.scheduled is then taken by the meetings consumer: nothing linked to matching, nothing moved.
    const scheduled = deps.repo.outbox.find((e) => e.type === 'fair.scheduled')!;
    const meetings = await makeFairMeetingsHandler(deps)(
      {
        Records: [{ messageId: 'm-2', body: JSON.stringify(scheduled), attributes: { ApproximateReceiveCount: '1' } }],
      } as unknown as SQSEvent,
      context,
    );
    expect(meetings.batchItemFailures).toEqual([]);
  });

  it('retries a failing run, keeping its error, and its dead letter fails it with that error', async () => {
    const { deps, fair, run, sqs } = await requested();
    deps.schedules.put = async () => {
      throw new Error('S3 is down');
    };
    for (const attempt of [1, 2, 3]) {
      expect((await makeFairRunsHandler(deps)(sqs(attempt), context)).batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
      // Still running: the queue retries it, then moves it to the DLQ.
      expect(await deps.fairs.getRun(fair.id, run.id)).toMatchObject({ status: 'running', attempts: attempt });
    }
    expect((await makeFairRunDeadLettersHandler(deps)(sqs(4), context)).batchItemFailures).toEqual([]);
    const failed = (await deps.fairs.getRun(fair.id, run.id))!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      'The schedule run stopped without finishing after 3 attempts, the last ending with an error: Error: S3 is down. Start another run.',
    );
    expect((await deps.fairs.getFair(fair.id))!.activeRun).toBeUndefined();
  });

  it('fails a run killed in every attempt (no error left behind) through its dead letter, saying so', async () => {
    const { deps, fair, run, sqs } = await requested();
    // Killed while storing the schedule: the attempt never returns, as when Lambda ends the function.
    deps.schedules.put = () => new Promise<never>(() => undefined);
    for (const attempt of [1, 2, 3]) void makeFairRunsHandler(deps)(sqs(attempt), context);
    await new Promise((r) => setTimeout(r, 50));
    expect(await deps.fairs.getRun(fair.id, run.id)).toMatchObject({ status: 'running', attempts: 3 });

    expect((await makeFairRunDeadLettersHandler(deps)(sqs(4), context)).batchItemFailures).toEqual([]);
    expect((await deps.fairs.getRun(fair.id, run.id))!.error).toBe(
      'The schedule run stopped without finishing after 3 attempts, the last ended without finishing or reporting an error: ' +
        'the run was stopped (out of memory, or past its 300 s time limit). Start another run.',
    );
    // The fair may be scheduled again at once.
    expect((await requestRun(deps, officer, fair.id, 'initial')).status).toBe('running');
  });

  it('leaves a finished run alone when its dead letter comes late', async () => {
    const { deps, fair, run, sqs } = await requested();
    await makeFairRunsHandler(deps)(sqs(1), context);
    expect((await makeFairRunDeadLettersHandler(deps)(sqs(2), context)).batchItemFailures).toEqual([]);
    expect((await deps.fairs.getRun(fair.id, run.id))!.status).toBe('done');
  });

  it('fails, with why, the runs past their deadline and only those', async () => {
    const { deps, fair, run } = await requested();
    const sweep = makeFairRunSweepHandler(deps);
    deps.clock.now += RUN_DEADLINE_MS - 60_000;
    expect(await sweep()).toEqual({ failed: 0 });
    expect((await deps.fairs.getRun(fair.id, run.id))!.status).toBe('running');
    deps.clock.now += 2 * 60_000;
    expect(await sweep()).toEqual({ failed: 1 });
    const failed = (await deps.fairs.getRun(fair.id, run.id))!;
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.error).toBe(
      `The schedule run did not finish by its deadline (${run.deadline}): no attempt of it started. Start another run.`,
    );
    expect((await deps.fairs.getFair(fair.id))!.activeRun).toBeUndefined();
    expect(await sweep()).toEqual({ failed: 0 });
  });

  it('sets a run’s deadline after the last attempt the run queue can make', () => {
    const runs = manifest.consumers.find((c) => c.name === 'fair-runs')!;
    expect(runs.deadLetters).toBeDefined();
    expect(runs.maxReceiveCount * runs.visibilityTimeoutSeconds * 1000).toBeLessThan(RUN_DEADLINE_MS);
    expect(manifest.schedules.map((s) => s.name)).toContain('fair-run-sweep');
  });
});
