import { describe, expect, it } from 'vitest';
import { marshall } from '@aws-sdk/util-dynamodb';
import { MAX_MESSAGE_BYTES } from '../../../../shared/contracts/fairs.ts';
import {
  activityCompleted,
  ATTENDEE_ROLES,
  MAX_ACTIVITY_PART_ENTRIES,
  planApproved,
  PLAN_LIMITS,
} from '../../../../shared/contracts/planning.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import { CONTRIBUTION_LIMITS, type Plan, type Target } from '../../../../services/planning/domain/plan.ts';

/** A 3-byte UTF-8 letter (ệ), the widest Vietnamese text can be. */
const wide = (n: number) => 'ệ'.repeat(n);
const envelopeOf = (type: string, data: unknown) => ({
  id: `${type}:${'x'.repeat(80)}`,
  type,
  version: 1,
  occurredAt: '2026-12-10T08:30:00.000+07:00',
  source: 'planning',
  correlationId: 'c'.repeat(100),
  data,
});

/** The largest targets a plan takes: 60 of the widest text, 1,000 allocations naming an agency and a commune. */
function largestTargets(): Target[] {
  // Exactly the cap in all, spread over the targets.
  const perTarget = (i: number) =>
    Math.floor(PLAN_LIMITS.allocations / PLAN_LIMITS.targets) + (i < PLAN_LIMITS.allocations % PLAN_LIMITS.targets ? 1 : 0);
  return Array.from({ length: PLAN_LIMITS.targets }, (_, i) => ({
    id: `t${String(i).padStart(2, '0')}${'-'.repeat(61)}`,
    name: { vi: wide(PLAN_LIMITS.nameChars), en: wide(PLAN_LIMITS.nameChars) },
    unit: 'participations' as const,
    period: { kind: 'cumulative' as const, from: '2026', to: '2030' },
    goal: 1_000_000_000,
    source: wide(PLAN_LIMITS.sourceChars),
    measures: Array.from({ length: PLAN_LIMITS.measuresPerTarget }, (_, j) => `content:${String(j)}${'m'.repeat(71)}`),
    allocations: Array.from({ length: perTarget(i) }, (_, j) => ({
      agency: `${'a'.repeat(60)}${String(j).padStart(4, '0')}`,
      commune: '99999',
      goal: 1_000_000_000,
    })),
    assumption: wide(300),
  }));
}

describe('plan.approved', () => {
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
    expect(() => assertMatchesContract(envelopeOf(planApproved.type, { ...base, targets: [t] }))).toThrow();
    const ok = { ...t, period: { kind: 'annual', from: '2026', to: '2026' } };
    expect(() =>
      assertMatchesContract(envelopeOf(planApproved.type, { ...base, targets: Array(PLAN_LIMITS.targets + 1).fill(ok) })),
    ).toThrow();
  });

  it('fits one SQS message at its largest', () => {
    expect(largestTargets().reduce((n, t) => n + t.allocations.length, 0)).toBe(PLAN_LIMITS.allocations);
    const envelope = envelopeOf(planApproved.type, {
      planId: 'p'.repeat(64),
      year: 2030,
      version: 9_999,
      approvedAt: '2026-12-10T08:30:00.000Z',
      approvedBy: 's'.repeat(200),
      supersedes: 'q'.repeat(64),
      targets: largestTargets().map(({ assumption: _, ...t }) => t),
    });
    assertMatchesContract(envelope);
    expect(Buffer.byteLength(JSON.stringify(envelope))).toBeLessThan(MAX_MESSAGE_BYTES);
  });

  it('refuses more allocations in all than a message holds', () => {
    const targets = largestTargets().map(({ assumption: _, ...t }) => t);
    targets[0]!.allocations.push({ commune: '00004', goal: 1 });
    const envelope = envelopeOf(planApproved.type, {
      planId: 'p',
      year: 2026,
      version: 1,
      approvedAt: '2026-12-10T08:30:00.000Z',
      approvedBy: 's',
      supersedes: null,
      targets,
    });
    expect(() => assertMatchesContract(envelope)).toThrow('Invalid plan.approved data');
  });

  it('keeps the largest plan one DynamoDB item (400 KB)', () => {
    const plan: Plan = {
      id: 'p'.repeat(36),
      year: 2030,
      version: 9_999,
      revision: 999_999,
      status: 'superseded',
      targets: largestTargets(),
      references: Array.from({ length: CONTRIBUTION_LIMITS.references }, (_, i) => ({
        id: `r${i}`.padEnd(64, '-'),
        name: { vi: wide(PLAN_LIMITS.nameChars), en: wide(PLAN_LIMITS.nameChars) },
        figure: wide(40),
        unit: 'participations' as const,
        period: { from: '2020', to: '2025' },
        source: wide(PLAN_LIMITS.sourceChars),
        measures: Array.from({ length: PLAN_LIMITS.measuresPerTarget }, () => 'm'.repeat(80)),
        note: wide(300),
      })),
      contributors: 250,
      basedOn: 'b'.repeat(36),
      supersedes: 's'.repeat(36),
      supersededBy: 'n'.repeat(36),
      createdBy: 'u'.repeat(200),
      createdAt: '2026-12-10T08:30:00.000Z',
      updatedBy: 'u'.repeat(200),
      updatedAt: '2026-12-10T08:30:00.000Z',
      submittedBy: 'u'.repeat(200),
      submittedAt: '2026-12-10T08:30:00.000Z',
      approvedBy: 'u'.repeat(200),
      approvedAt: '2026-12-10T08:30:00.000Z',
    };
    const item = marshall(
      { pk: `PLAN#${plan.id}`, sk: 'PLAN', gsi1pk: 'PLANS', gsi1sk: '2030#9999', ...plan },
      { removeUndefinedValues: true },
    );
    // DynamoDB counts attribute names and values; JSON of the marshalled item is larger than that, so this errs on the safe side.
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(400 * 1024);
  });
});

describe('activity.completed', () => {
  it('fits one SQS message at its largest part: 1,000 people', () => {
    const envelope = envelopeOf(activityCompleted.type, {
      activityId: 'a'.repeat(64),
      revision: 999,
      part: 99,
      parts: 99,
      kind: 'information-session',
      agency: 'a'.repeat(64),
      commune: '99999',
      startsOn: '2026-12-10',
      endsOn: '2026-12-10',
      completedAt: '2026-12-10T08:30:00.000Z',
      planActivityId: 'p'.repeat(100),
      targetIds: Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(64, 't')),
      attendance: {
        enterprises: [],
        people: Array.from({ length: MAX_ACTIVITY_PART_ENTRIES }, (_, i) => ({
          personRef: String(i).padStart(64, 'f'),
          role: 'consultant',
        })),
        headCounts: [],
        organisations: [],
      },
    });
    assertMatchesContract(envelope);
    expect(Buffer.byteLength(JSON.stringify(envelope))).toBeLessThan(MAX_MESSAGE_BYTES);
  });

  it('refuses a part of more than 1,000 entries', () => {
    const envelope = envelopeOf(activityCompleted.type, {
      activityId: 'a',
      revision: 1,
      part: 1,
      parts: 1,
      kind: 'conference',
      agency: 'so-cong-thuong',
      startsOn: '2026-12-10',
      endsOn: '2026-12-10',
      completedAt: '2026-12-10T08:30:00.000Z',
      targetIds: [],
      attendance: {
        enterprises: Array.from({ length: 995 }, (_, i) => String(i).padStart(10, '0')),
        people: [],
        headCounts: ATTENDEE_ROLES.map((role) => ({ role, count: 1 })),
        organisations: [],
      },
    });
    expect(() => assertMatchesContract(envelope)).toThrow('Invalid activity.completed data');
  });
});
