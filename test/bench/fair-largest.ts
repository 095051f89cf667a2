/**
 * The largest fair the limits allow, in a process of its own (as the run consumer's Lambda would
 * have it): `npx tsx test/bench/fair-largest.ts [--seed 13]`, run by `npm run bench:fair-schedule`.
 *
 * 1,500 participants, 96 slots, 1,000 tables, FAIR_MODEL_LIMITS.requestedPairs requested pairs
 * (test/bench/fair-instance.ts, largestFair). It schedules the fair as the `fair-runs` consumer does
 * (scheduleFair, the whole document serialised for S3, the parts pages read), checks the schedule
 * with the unit tests' independent checker, then reads every page of `GET /fairs/{id}/schedule`
 * through the use case (by slot, by table, the unscheduled pairs) and measures the largest answer.
 * Prints one JSON line: the figures fair-schedule.ts tabulates.
 */
import { MAX_FAIR_ENTERPRISES } from '../../shared/contracts/fairs.ts';
import type { FairRun, ScheduleDocument } from '../../services/matching/app/fair-ports.ts';
import { scheduleKeyOf } from '../../services/matching/app/fair-runs.ts';
import { getSchedule, type ScheduleQuery, scheduleParts } from '../../services/matching/app/fair-schedule.ts';
import { createFair } from '../../services/matching/app/fairs.ts';
import { FAIR_LIMITS } from '../../services/matching/domain/fairs/fair.ts';
import { FAIR_MODEL_LIMITS, scheduleFair } from '../../services/matching/domain/fairs/schedule.ts';
import { checkFairRun } from '../unit/services/matching/fairs/checker.ts';
import { fakeFairDeps } from '../unit/services/matching/fair-fakes.ts';
import { largestFair } from './fair-instance.ts';

const seedArg = process.argv.indexOf('--seed');
const seed = seedArg >= 0 ? Number(process.argv[seedArg + 1]) : 13;
const { instance, names } = largestFair(FAIR_MODEL_LIMITS.requestedPairs, seed);
if (instance.participants.length !== MAX_FAIR_ENTERPRISES || instance.slots.length !== FAIR_LIMITS.slots) {
  throw new Error('the largest fair is not at the limits');
}

// The run, as the consumer makes it: schedule, the whole document for S3, the parts.
const t0 = performance.now();
const run = await scheduleFair(instance);
const scheduleMs = performance.now() - t0;
const deps = fakeFairDeps();
const organiser = { sub: 'officer-sct', agency: 'so-cong-thuong', roles: ['officer'] as const };
const fair = await createFair(deps, organiser, {
  name: 'Hội chợ lớn nhất',
  slotMinutes: 10,
  sessions: [
    { startsAt: '2026-12-10T08:00:00+07:00', slots: 48 },
    { startsAt: '2026-12-11T08:00:00+07:00', slots: 48 },
  ],
  tables: 1000,
});
const runId = '00000000-0000-4000-8000-000000000001';
const key = scheduleKeyOf(fair.id, runId);
const doc: ScheduleDocument = {
  fairId: fair.id,
  runId,
  mode: 'initial',
  completedAt: '2026-12-01T00:00:00.000Z',
  slots: fair.slots,
  tables: fair.tables,
  participants: instance.participants.map((p) => ({ id: p.id, role: p.role, name: names.get(p.id)! })),
  input: instance,
  run,
};
const t1 = performance.now();
const docJson = JSON.stringify(doc);
const parts = scheduleParts(doc);
await deps.schedules.put(key, doc);
await deps.schedules.putParts(key, parts.view, parts.unscheduled);
const storeMs = performance.now() - t1;
const violations = checkFairRun(instance, run).length;

const stored: FairRun = {
  fairId: fair.id,
  id: runId,
  mode: 'initial',
  status: 'done',
  requestedAt: doc.completedAt,
  requestedBy: organiser.sub,
  finishedAt: doc.completedAt,
  scheduleKey: key,
  summary: {
    meetings: run.meetings.length,
    meetingsAdded: run.meetings.length,
    meetingsRemoved: 0,
    totalWeight: run.totalWeight,
    upperBound: run.upperBound,
    boundMethod: run.boundMethod,
    gapPct: run.gapPct,
    unscheduled: run.unscheduled.length,
    released: 0,
    stats: run.stats,
  },
};
deps.fairs.runs.set(`${fair.id}|${runId}`, stored);
deps.fairs.fairs.get(fair.id)!.scheduleRunId = runId;

// Every page of the answer, the largest in bytes as sent (JSON, UTF-8).
const pages: Record<string, { pages: number; maxBytes: number; ms: number }> = {};
for (const q of [
  { name: 'groups by slot', part: 'groups', by: 'slot' },
  { name: 'groups by table', part: 'groups', by: 'table' },
  { name: 'unscheduled', part: 'unscheduled', by: 'slot' },
] as const) {
  const t = performance.now();
  let cursor: string | undefined;
  let n = 0;
  let max = 0;
  do {
    const query: ScheduleQuery = { part: q.part, by: q.by, limit: 100, ...(cursor ? { cursor } : {}) };
    const page = await getSchedule(deps, organiser, fair.id, query);
    max = Math.max(max, Buffer.byteLength(JSON.stringify(page), 'utf8'));
    n++;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  pages[q.name] = { pages: n, maxBytes: max, ms: Math.round(performance.now() - t) };
}

// What the answer was before it was paged: every slot group, every meeting again, every unmet pair.
const byName = (id: string) => id;
const before = {
  groups: fair.slots.map((s) => ({
    slotId: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    meetings: run.meetings.filter((m) => m.slotId === s.id).map(({ slotId: _s, ...m }) => m),
  })),
  meetings: run.meetings,
  unscheduled: run.unscheduled,
  participants: doc.participants.map((p) => ({ id: byName(p.id), role: p.role, name: p.name })),
};

console.log(
  JSON.stringify({
    participants: instance.participants.length,
    slots: instance.slots.length,
    tables: instance.tables,
    requestedPairs: run.stats.requestedPairs,
    meetings: run.meetings.length,
    unscheduled: run.unscheduled.length,
    totalWeight: run.totalWeight,
    upperBound: run.upperBound,
    boundMethod: run.boundMethod,
    gapPct: run.gapPct,
    stats: run.stats,
    violations,
    scheduleMs: Math.round(scheduleMs),
    storeMs: Math.round(storeMs),
    documentBytes: Buffer.byteLength(docJson, 'utf8'),
    viewBytes: Buffer.byteLength(JSON.stringify(parts.view), 'utf8'),
    pages,
    unpagedAnswerBytes: Buffer.byteLength(JSON.stringify(before), 'utf8'),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
