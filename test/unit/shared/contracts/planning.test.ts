import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../../../shared/contracts/fairs.ts';
import { activityCompleted, MAX_ACTIVITY_PART_ENTRIES, PLAN_EVENT_LIMITS, planApproved } from '../../../../shared/contracts/planning.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';

const envelope = (type: string, data: unknown) => ({
  id: '01JDZ0000000000000000000000',
  type,
  version: 1,
  occurredAt: '2026-12-10T08:30:00.000+07:00',
  source: 'planning',
  correlationId: 'x'.repeat(64),
  data,
});

describe('plan.approved', () => {
  it('fits one SQS message at its largest: every target with the longest names and measures, and all the allocations it may hold', () => {
    const target = (i: number) => ({
      id: `t${String(i).padStart(2, '0')}-${'x'.repeat(60)}`,
      name: { vi: 'ữ'.repeat(PLAN_EVENT_LIMITS.nameChars), en: 'n'.repeat(PLAN_EVENT_LIMITS.nameChars) },
      unit: 'participations' as const,
      period: { kind: 'cumulative' as const, from: '2026', to: '2030' },
      goal: 1_000_000_000,
      source: 's'.repeat(PLAN_EVENT_LIMITS.sourceChars),
      measures: Array.from({ length: PLAN_EVENT_LIMITS.measuresPerTarget }, () => `content:${'m'.repeat(71)}`),
      allocations: Array.from({ length: PLAN_EVENT_LIMITS.allocations / PLAN_EVENT_LIMITS.targets }, () => ({
        agency: 'a'.repeat(40),
        commune: '99999',
        goal: 1_000_000_000,
      })),
    });
    const e = envelope(planApproved.type, {
      planId: 'p'.repeat(64),
      year: 2026,
      version: 1_000_000,
      approvedAt: '2026-01-10T08:30:00.000+07:00',
      approvedBy: 'u'.repeat(200),
      supersedes: 'q'.repeat(64),
      targets: Array.from({ length: PLAN_EVENT_LIMITS.targets }, (_, i) => target(i)),
    });
    assertMatchesContract(e);
    expect(Buffer.byteLength(JSON.stringify(e))).toBeLessThan(MAX_MESSAGE_BYTES);
    // One target may hold its 200 allocations; all of them together no more than 1,200.
    const crowded = {
      ...(e.data as object),
      targets: [{ ...target(0), allocations: Array(PLAN_EVENT_LIMITS.allocationsPerTarget).fill(target(0).allocations[0]) }],
    };
    assertMatchesContract({ ...e, data: crowded });
    const tooMany = {
      ...(e.data as object),
      targets: (e.data as { targets: ReturnType<typeof target>[] }).targets.map((t, i) =>
        i ? t : { ...t, allocations: [...t.allocations, t.allocations[0]!] },
      ),
    };
    expect(() => assertMatchesContract({ ...e, data: tooMany })).toThrow();
  });

  it('refuses a target period that ends before it starts, and more targets than the bound', () => {
    const base = {
      planId: 'p1',
      year: 2026,
      version: 1,
      approvedAt: '2026-01-10T02:00:00Z',
      approvedBy: 'u1',
      supersedes: null,
    };
    const t = {
      id: 'direct-capacity-support',
      name: { vi: 'a', en: 'a' },
      unit: 'enterprises',
      period: { kind: 'cumulative', from: '2030', to: '2026' },
      goal: 1,
      source: 's',
      measures: ['direct-support'],
      allocations: [],
    };
    expect(() => assertMatchesContract(envelope(planApproved.type, { ...base, targets: [t] }))).toThrow();
    const ok = { ...t, period: { kind: 'annual', from: '2026', to: '2026' } };
    expect(() =>
      assertMatchesContract(envelope(planApproved.type, { ...base, targets: Array(PLAN_EVENT_LIMITS.targets + 1).fill(ok) })),
    ).toThrow();
  });
});

describe('activity.completed', () => {
  const part = (attendance: object) =>
    envelope(activityCompleted.type, {
      activityId: 'a'.repeat(64),
      revision: 3,
      part: 2,
      parts: 9,
      kind: 'training-course',
      agency: 'ubnd-xa',
      commune: '00004',
      startsOn: '2026-10-01',
      endsOn: '2026-10-03',
      completedAt: '2026-10-04T08:30:00.000+07:00',
      targetIds: [],
      attendance: { enterprises: [], people: [], headCounts: [], organisations: [], ...attendance },
    });

  it('fits one SQS message at its largest part: a thousand people', () => {
    const e = part({
      people: Array.from({ length: MAX_ACTIVITY_PART_ENTRIES }, (_, i) => ({
        personRef: i.toString(16).padStart(64, 'f'),
        role: 'consultant',
      })),
    });
    assertMatchesContract(e);
    expect(Buffer.byteLength(JSON.stringify(e))).toBeLessThan(MAX_MESSAGE_BYTES);
  });

  it('refuses a part of more than a thousand entries over all its lists', () => {
    const half = MAX_ACTIVITY_PART_ENTRIES / 2;
    expect(() =>
      assertMatchesContract(
        part({
          enterprises: Array.from({ length: half }, (_, i) => String(1_000_000_000 + i)),
          people: Array.from({ length: half + 1 }, (_, i) => ({ personRef: i.toString(16).padStart(64, '0'), role: 'worker' })),
        }),
      ),
    ).toThrow(
      expect.objectContaining({
        errors: [expect.objectContaining({ path: 'data.attendance', message: 'at most 1000 entries in a part' })],
      }),
    );
  });
});
