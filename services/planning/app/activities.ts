/**
 * Activities that are not grants (docs/api.md, "Activities that are not grants"): recorded by their
 * agency, attendance added in lists (≤ 1,000 rows a request, or a CSV upload: app/attendance-uploads.ts),
 * completed — which publishes `activity.completed` in parts through the outbox. Who may do what is
 * the policy's `activity` entry, decided by the recording agency (a commune committee: its commune).
 */
import { assertCan, can } from '../../../shared/access/policy.ts';
import { ConflictError, NotFoundError, RuleViolationError, ServiceUnavailableError, type FieldError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import { communeByCode } from '../../../shared/reference/hanoi-communes.ts';
import { hanoiDay, yearOf } from '../../../shared/time/hanoi.ts';
import {
  activityFacts,
  MAX_ATTENDANCE_ROWS,
  storedRow,
  summarise,
  type Activity,
  type AttendanceRowInput,
  type AttendanceSummary,
  type StoredRow,
} from '../domain/activity.ts';
import { COMMUNE_COMMITTEE_AGENCY, MAX_YEAR, MIN_YEAR } from '../domain/plan.ts';
import { activityCompletedEvents } from './events.ts';
import type { Actor, PageRequest, PlanningDeps } from './ports.ts';

export interface ActivityInput {
  kind: Activity['kind'];
  title: string;
  agency?: string | undefined;
  startsOn: string;
  endsOn?: string | undefined;
  commune?: string | undefined;
  planActivityId?: string | undefined;
  targetIds?: string[] | undefined;
}

export async function createActivity(deps: PlanningDeps, actor: Actor, input: ActivityInput): Promise<Activity> {
  // A commune committee records as `ubnd-xa` in its own commune; anyone else as its agency.
  const agency = input.agency ?? (actor.commune !== undefined ? COMMUNE_COMMITTEE_AGENCY : actor.agency);
  const commune = input.commune ?? (agency === COMMUNE_COMMITTEE_AGENCY ? actor.commune : undefined);
  // Nothing exists yet: a refusal is a 403 with who may (the facts are those the activity would have).
  assertCan(actor, 'activity', 'create', activityFacts({ agency, commune }));
  const errors: FieldError[] = [];
  if (agency === COMMUNE_COMMITTEE_AGENCY && commune === undefined)
    errors.push({ path: 'body.commune', message: 'a commune committee records activities in its commune' });
  if (commune !== undefined && !communeByCode(commune)) errors.push({ path: 'body.commune', message: `no Hanoi commune ${commune}` });
  if (input.endsOn !== undefined && input.endsOn < input.startsOn)
    errors.push({ path: 'body.endsOn', message: 'must not be before startsOn' });
  for (const [field, day] of [
    ['startsOn', input.startsOn],
    ['endsOn', input.endsOn],
  ] as const) {
    if (day !== undefined && (yearOf(day) < MIN_YEAR || yearOf(day) > MAX_YEAR))
      errors.push({ path: `body.${field}`, message: `must be in ${MIN_YEAR}–${MAX_YEAR}` });
  }
  if (errors.length) throw new RuleViolationError('The activity cannot be recorded like that', { errors });
  const at = deps.now().toISOString();
  const activity: Activity = {
    id: deps.newId(),
    kind: input.kind,
    title: input.title,
    agency,
    ...(commune !== undefined ? { commune } : {}),
    startsOn: input.startsOn,
    ...(input.endsOn !== undefined ? { endsOn: input.endsOn } : {}),
    ...(input.planActivityId !== undefined ? { planActivityId: input.planActivityId } : {}),
    targetIds: input.targetIds ?? [],
    status: 'open',
    attendance: { rows: 0, revision: 0 },
    version: 1,
    createdBy: actor.sub,
    createdAt: at,
    updatedAt: at,
  };
  await deps.activities.createActivity(activity);
  return activity;
}

/** Load an activity the actor may `action`; one it may not even read is not found. */
export async function loadActivity(
  deps: PlanningDeps,
  actor: Actor,
  id: string,
  action: 'read' | 'update' | 'complete',
): Promise<Activity> {
  const a = await deps.activities.getActivity(id);
  if (!a) throw new NotFoundError(`No activity ${id}`);
  assertCan(actor, 'activity', action, activityFacts(a), { id, label: 'activity' });
  return a;
}

export interface ActivityView extends Activity {
  /** Changed since its last completion: a re-completion would send it again. */
  changedSinceCompletion: boolean;
}

export const activityView = (a: Activity): ActivityView => ({
  ...a,
  changedSinceCompletion: a.completion !== undefined && a.completion.attendanceRevision !== a.attendance.revision,
});

export async function getActivity(deps: PlanningDeps, actor: Actor, id: string) {
  const a = await loadActivity(deps, actor, id, 'read');
  return { ...activityView(a), counts: countsOf(summarise(await deps.activities.attendance(id))) };
}

/** How the attendance counts: distinct enterprises, people known by ref, head counts (marked as such), organisations. */
export function countsOf(s: AttendanceSummary) {
  return {
    enterprises: s.enterprises.length,
    people: s.people.length,
    headCounts: s.headCounts,
    headCount: s.headCounts.reduce((n, h) => n + h.count, 0),
    organisations: s.organisations.length,
  };
}

/**
 * Activities newest first: the caller's agency's (a commune committee's: its commune's), or any
 * agency's for the coordinator (`agency` narrows it). Another agency asked for by anyone else is
 * an empty page, not a refusal: listings never tell what exists.
 */
export async function listActivities(
  deps: PlanningDeps,
  actor: Actor,
  q: PageRequest & { year?: number | undefined; kind?: Activity['kind'] | undefined; agency?: string | undefined },
): Promise<Page<Activity>> {
  const own = actor.commune !== undefined ? { agency: COMMUNE_COMMITTEE_AGENCY, commune: actor.commune } : { agency: actor.agency };
  // Whoever may read an activity without being its agency or commune (the coordinator) lists any agency's.
  const readsAll = can(actor, 'activity', 'read', {});
  let owner: { agency: string; commune?: string | undefined } | undefined;
  if (readsAll) owner = q.agency !== undefined ? { agency: q.agency } : undefined;
  else if (q.agency !== undefined && q.agency !== own.agency) return { items: [], nextCursor: null };
  else owner = own;
  const page = await deps.activities.listActivities({ ...q, owner });
  return { ...page, items: page.items.filter((a) => can(actor, 'activity', 'read', activityFacts(a))) };
}

/** The registry's refs of the rows' people, by hash (the hashes are dropped after). */
async function refsOf(deps: PlanningDeps, rows: readonly AttendanceRowInput[]): Promise<Map<string, string>> {
  const hashes = [...new Set(rows.flatMap((r) => (r.personIdHash ? [r.personIdHash] : [])))];
  if (hashes.length === 0) return new Map();
  let refs: string[];
  try {
    refs = await deps.personRefs.refsOf(hashes);
  } catch (error) {
    throw new ServiceUnavailableError('The registry could not turn the personal ids into person refs now; try again shortly', 5, {
      cause: error,
    });
  }
  if (refs.length !== hashes.length) throw new Error(`the registry returned ${refs.length} refs for ${hashes.length} hashes`);
  return new Map(hashes.map((h, i) => [h, refs[i]!]));
}

/** Rows as kept: each person as the registry's ref, never the hash. */
export async function storedRows(deps: PlanningDeps, rows: readonly AttendanceRowInput[]): Promise<StoredRow[]> {
  const refs = await refsOf(deps, rows);
  return rows.map((r) => storedRow(r, r.personIdHash ? refs.get(r.personIdHash) : undefined));
}

export function assertRoomFor(a: Activity, rows: number): void {
  if (a.attendance.rows + rows > MAX_ATTENDANCE_ROWS)
    throw new RuleViolationError(
      `Activity ${a.id} holds ${a.attendance.rows} attendance rows; ${rows} more would pass the ${MAX_ATTENDANCE_ROWS} an activity takes`,
      { errors: [{ path: 'body.rows', message: `at most ${MAX_ATTENDANCE_ROWS} rows per activity` }] },
    );
}

/** The activity with `rows` more rows recorded. */
export const withRows = (a: Activity, rows: number, at: string): Activity => ({
  ...a,
  attendance: { rows: a.attendance.rows + rows, revision: a.attendance.revision + 1 },
  version: a.version + 1,
  updatedAt: at,
});

/** Add a list of attendance rows (≤ 1,000; the route bounds it). A completed activity takes a correction too. */
export async function addAttendance(deps: PlanningDeps, actor: Actor, id: string, rows: readonly AttendanceRowInput[]) {
  const a = await loadActivity(deps, actor, id, 'update');
  assertRoomFor(a, rows.length);
  const stored = await storedRows(deps, rows);
  const next = withRows(a, stored.length, deps.now().toISOString());
  await deps.activities.addAttendance(next, deps.newId(), stored, a.version);
  const counts = countsOf(summarise(await deps.activities.attendance(id)));
  return { ...activityView(next), added: stored.length, counts };
}

export async function completeActivity(deps: PlanningDeps, actor: Actor, id: string) {
  const a = await loadActivity(deps, actor, id, 'complete');
  if (a.completion && a.completion.attendanceRevision === a.attendance.revision)
    throw new ConflictError(`Activity ${id} is completed and its attendance has not changed since: nothing to send again`);
  const now = deps.now();
  if (a.startsOn > hanoiDay(now))
    throw new RuleViolationError(`Activity ${id} starts on ${a.startsOn}: it is completed once it has taken place`);
  const summary = summarise(await deps.activities.attendance(id));
  const completions = a.completion?.revision ?? 0;
  const draft: Activity = {
    ...a,
    version: a.version + 1,
    status: 'completed',
    completion: {
      revision: completions + 1,
      completedAt: now.toISOString(),
      completedBy: actor.sub,
      attendanceRevision: a.attendance.revision,
      parts: 0,
    },
    updatedAt: now.toISOString(),
  };
  const events = activityCompletedEvents(draft, summary, now);
  const next: Activity = { ...draft, completion: { ...draft.completion!, parts: events.length } };
  await deps.activities.complete(next, events, a.version);
  return { ...activityView(next), counts: countsOf(summary) };
}
