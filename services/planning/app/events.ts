/**
 * Planning's events (shared/contracts/planning.ts), built from the records they announce. Ids are
 * deterministic: an approval is announced once per plan version, a completion once per part of
 * each revision, so a retried write can never put a second copy in the outbox.
 */
import { newEnvelope, type Envelope } from '../../../shared/contracts/envelope.ts';
import { MAX_ACTIVITY_PART_ENTRIES } from '../../../shared/contracts/planning.ts';
import { PLANNING } from '../config.ts';
import { splitIntoParts, type Activity, type AttendanceSummary } from '../domain/activity.ts';
import type { Plan } from '../domain/plan.ts';

export function planApprovedEvent(plan: Plan, at: Date): Envelope {
  return newEnvelope({
    id: `plan.approved:${plan.id}`,
    type: 'plan.approved',
    source: PLANNING,
    occurredAt: at,
    data: {
      planId: plan.id,
      year: plan.year,
      version: plan.version,
      approvedAt: plan.approvedAt,
      approvedBy: plan.approvedBy,
      supersedes: plan.supersedes ?? null,
      targets: plan.targets.map((t) => ({
        id: t.id,
        name: t.name,
        unit: t.unit,
        period: t.period,
        goal: t.goal,
        source: t.source,
        measures: t.measures,
        allocations: t.allocations,
      })),
    },
  });
}

/** A completed activity's events: its attendance in parts of at most MAX_ACTIVITY_PART_ENTRIES entries. */
export function activityCompletedEvents(activity: Activity, summary: AttendanceSummary, at: Date): Envelope[] {
  const completion = activity.completion!;
  const parts = splitIntoParts(summary, MAX_ACTIVITY_PART_ENTRIES);
  return parts.map((attendance, i) =>
    newEnvelope({
      id: `activity.completed:${activity.id}:r${completion.revision}:p${i + 1}`,
      type: 'activity.completed',
      source: PLANNING,
      occurredAt: at,
      correlationId: `activity.completed:${activity.id}:r${completion.revision}`,
      data: {
        activityId: activity.id,
        revision: completion.revision,
        part: i + 1,
        parts: parts.length,
        kind: activity.kind,
        agency: activity.agency,
        ...(activity.commune ? { commune: activity.commune } : {}),
        startsOn: activity.startsOn,
        endsOn: activity.endsOn ?? activity.startsOn,
        completedAt: completion.completedAt,
        ...(activity.planActivityId ? { planActivityId: activity.planActivityId } : {}),
        targetIds: activity.targetIds,
        attendance,
      },
    }),
  );
}
