/** The run queue's consumer: a run whose every attempt fails says so instead of staying "running". */
import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../../shared/access/policy.ts';
import { makeFairMeetingsHandler, makeFairRunsHandler } from '../../../../../services/matching/adapters/inbound/fair-consumers.ts';
import { addParticipant, createFair, requestRun } from '../../../../../services/matching/app/fairs.ts';
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

  it('retries a failing run, and marks it failed on the last attempt', async () => {
    const { deps, fair, run, sqs } = await requested();
    deps.schedules.put = async () => {
      throw new Error('S3 is down');
    };
    expect((await makeFairRunsHandler(deps)(sqs(1), context)).batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect((await deps.fairs.getRun(fair.id, run.id))!.status).toBe('running');
    expect((await makeFairRunsHandler(deps)(sqs(3), context)).batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(await deps.fairs.getRun(fair.id, run.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('DLQ') });
    expect((await deps.fairs.getFair(fair.id))!.activeRun).toBeUndefined();
  });
});
