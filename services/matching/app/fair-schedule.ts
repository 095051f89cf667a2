/**
 * A fair's schedule as callers read it: `GET /fairs/{id}/schedule`, a page at a time, and each
 * participant's agenda. A finished run keeps, beside its whole document (the download), the parts
 * these answers page through (`ScheduleStore.putParts`): the meetings in compact form with the
 * participants' names, and the unscheduled pairs in chunks — so an answer never reads or holds a
 * whole run, and a page stays far below Lambda's 6 MB response limit at the model limits.
 *
 * Pages follow the API's convention (`limit`, `cursor`, `items`, `nextCursor`). `part=groups`
 * (default): items are the slot groups (`by=slot`: every slot of the fair, in time order, empty ones
 * too) or table groups (`by=table`: the tables with meetings, in order), whole, at most `limit` and
 * as many as fit in MAX_PAGE_MEETINGS meetings (always one); `part=unscheduled`: the requested
 * pairs not met, heaviest first, with their reasons; `part=released`: the confirmed meetings a
 * top-up released. Each page names the participants its items mention. A cursor holds the run it
 * started on: a schedule replaced while a caller pages is still read to its end, consistent.
 */
import * as z from 'zod';
import { NotFoundError, ValidationError } from '../../../shared/errors.ts';
import type { Fair } from '../domain/fairs/fair.ts';
import type { FairRole, ReleasedMeeting, SlotGroup, TableGroup, UnscheduledPair } from '../domain/fairs/types.ts';
import type { FairDeps, FairRun, ScheduleDocument, ScheduleView } from './fair-ports.ts';
import { loadFair } from './fairs.ts';
import { loadParticipation } from './fair-registrations.ts';
import type { Actor } from './ports.ts';

/** How long the link to the whole stored run stays valid. */
export const SCHEDULE_URL_SECONDS = 15 * 60;

/** Unscheduled pairs per stored chunk (a chunk is ≤ ~600 KB: a reason names at most four slots). */
export const UNSCHEDULED_PER_CHUNK = 1_000;

/** The most meetings one page of groups holds (≈ 0.5 MB): a page ends before the group that would pass it. */
export const MAX_PAGE_MEETINGS = 4_000;

/** The parts of a run's schedule the answers page through, made from the run as it finishes. */
export function scheduleParts(doc: ScheduleDocument): { view: ScheduleView; unscheduled: UnscheduledPair[][] } {
  const who = new Map(doc.participants.map((p, i) => [p.id, i]));
  const slot = new Map(doc.slots.map((s, i) => [s.id, i]));
  const meetings = doc.run.meetings
    .map((m): ScheduleView['meetings'][number] => [slot.get(m.slotId)!, m.table, who.get(m.buyerId)!, who.get(m.exhibitorId)!, m.weight])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const unscheduled: UnscheduledPair[][] = [];
  for (let i = 0; i < doc.run.unscheduled.length; i += UNSCHEDULED_PER_CHUNK) {
    unscheduled.push(doc.run.unscheduled.slice(i, i + UNSCHEDULED_PER_CHUNK));
  }
  return {
    view: {
      format: 1,
      participants: doc.participants.map((p) => ({ id: p.id, role: p.role as FairRole, name: p.name })),
      meetings,
      released: doc.run.released,
      unscheduled: doc.run.unscheduled.length,
    },
    unscheduled,
  };
}

/** A run's parts, or those of a run stored before parts existed, made from its whole document. */
async function partsOf(deps: FairDeps, key: string) {
  const view = await deps.schedules.getView(key);
  if (view) return { view, unscheduledChunk: async (n: number) => (await deps.schedules.getUnscheduled(key, n)) ?? [] };
  const doc = await deps.schedules.get(key);
  if (!doc) return undefined;
  const parts = scheduleParts(doc);
  return { view: parts.view, unscheduledChunk: async (n: number) => parts.unscheduled[n] ?? [] };
}

export interface ScheduleQuery {
  part: 'groups' | 'unscheduled' | 'released';
  by: 'slot' | 'table';
  /** Only this slot's (or table's) group. */
  slot?: string | undefined;
  table?: number | undefined;
  limit: number;
  cursor?: string | undefined;
}

const cursorShape = z.strictObject({
  r: z.uuid(),
  p: z.enum(['groups', 'unscheduled', 'released']),
  b: z.enum(['slot', 'table']),
  o: z.number().int().min(1),
});
type Cursor = z.infer<typeof cursorShape>;

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');

function decode(cursor: string | undefined, q: ScheduleQuery): Cursor | undefined {
  if (cursor === undefined) return undefined;
  let parsed: Cursor | undefined;
  try {
    parsed = cursorShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    parsed = undefined;
  }
  // A cursor of another part or grouping would page through something else.
  if (!parsed || parsed.p !== q.part || (q.part === 'groups' && parsed.b !== q.by)) {
    throw new ValidationError('The cursor is not one this API issued for this query', {
      errors: [{ path: 'query.cursor', message: 'invalid cursor' }],
    });
  }
  return parsed;
}

export type { SlotGroup, TableGroup };

export async function getSchedule(deps: FairDeps, actor: Actor, fairId: string, q: ScheduleQuery) {
  const fair = await loadFair(deps, actor, fairId, 'read');
  const cursor = decode(q.cursor, q);
  const runId = cursor?.r ?? fair.scheduleRunId;
  const run = runId ? await deps.fairs.getRun(fair.id, runId) : undefined;
  if (cursor && run?.status !== 'done') {
    throw new ValidationError('The cursor names a run this fair does not have', {
      errors: [{ path: 'query.cursor', message: 'invalid cursor' }],
    });
  }
  const parts = run?.scheduleKey ? await partsOf(deps, run.scheduleKey) : undefined;
  if (!run?.scheduleKey || !parts) throw new NotFoundError(`Fair ${fairId} has no schedule yet`);
  const { view } = parts;
  const offset = cursor?.o ?? 0;
  const next = (o: number, total: number) => (o < total ? encode({ r: run.id, p: q.part, b: q.by, o }) : null);
  const person = (i: number) => view.participants[i]!.id;

  let items: unknown[];
  let nextCursor: string | null;
  let named: Set<string>;
  let groupCount: number;
  if (q.part === 'groups') {
    const groups = q.by === 'slot' ? slotGroups(fair, view, q.slot) : tableGroups(fair, view, q.table);
    groupCount = groups.length;
    const page: typeof groups = [];
    let meetings = 0;
    for (let i = offset; i < groups.length && page.length < q.limit; i++) {
      const n = groups[i]!.meetings.length;
      if (page.length > 0 && meetings + n > MAX_PAGE_MEETINGS) break;
      page.push(groups[i]!);
      meetings += n;
    }
    items = page.map((g) => g.render(person));
    nextCursor = next(offset + page.length, groups.length);
    named = new Set(page.flatMap((g) => g.meetings.flatMap((m) => [m[2], m[3]])).map(person));
  } else if (q.part === 'unscheduled') {
    groupCount = 0;
    const page: UnscheduledPair[] = [];
    for (let o = offset; o < Math.min(offset + q.limit, view.unscheduled); ) {
      const chunk = await parts.unscheduledChunk(Math.floor(o / UNSCHEDULED_PER_CHUNK));
      const from = o % UNSCHEDULED_PER_CHUNK;
      const taken = chunk.slice(from, from + Math.min(offset + q.limit, view.unscheduled) - o);
      if (taken.length === 0) break;
      page.push(...taken);
      o += taken.length;
    }
    items = page;
    nextCursor = next(offset + page.length, view.unscheduled);
    named = new Set(page.flatMap((u) => [u.buyerId, u.exhibitorId]));
  } else {
    groupCount = 0;
    const page: ReleasedMeeting[] = view.released.slice(offset, offset + q.limit);
    items = page;
    nextCursor = next(offset + page.length, view.released.length);
    named = new Set(page.flatMap((r) => [r.meeting.buyerId, r.meeting.exhibitorId]));
  }

  const s = run.summary!;
  const expiresAt = new Date(deps.now().getTime() + SCHEDULE_URL_SECONDS * 1000).toISOString();
  return {
    fairId,
    runId: run.id,
    download: { url: await deps.schedules.downloadUrl(run.scheduleKey, SCHEDULE_URL_SECONDS), expiresAt },
    mode: run.mode,
    completedAt: run.finishedAt ?? null,
    totalWeight: s.totalWeight,
    upperBound: s.upperBound,
    boundMethod: s.boundMethod,
    gapPct: s.gapPct,
    stats: s.stats,
    counts: {
      meetings: view.meetings.length,
      unscheduled: view.unscheduled,
      released: view.released.length,
      ...(q.part === 'groups' ? { groups: groupCount } : {}),
    },
    part: q.part,
    ...(q.part === 'groups' ? { by: q.by } : {}),
    ...(q.slot !== undefined ? { slot: q.slot } : {}),
    ...(q.table !== undefined ? { table: q.table } : {}),
    participants: view.participants.filter((p) => named.has(p.id)),
    items,
    nextCursor,
  };
}

interface Group {
  meetings: ScheduleView['meetings'];
  render: (person: (i: number) => string) => SlotGroup | TableGroup;
}

/** Every slot of the fair in time order (or the one asked for), with its meetings by table. */
function slotGroups(fair: Fair, view: ScheduleView, only: string | undefined): Group[] {
  const bySlot = new Map<number, ScheduleView['meetings']>();
  for (const m of view.meetings) {
    const list = bySlot.get(m[0]);
    if (list) list.push(m);
    else bySlot.set(m[0], [m]);
  }
  return fair.slots.flatMap((s, i) => {
    if (only !== undefined && s.id !== only) return [];
    const meetings = bySlot.get(i) ?? [];
    return [
      {
        meetings,
        render: (person: (i: number) => string): SlotGroup => ({
          slotId: s.id,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          meetings: meetings.map(([, table, b, e, weight]) => ({ table, buyerId: person(b), exhibitorId: person(e), weight })),
        }),
      },
    ];
  });
}

/** The tables that hold meetings, in order (or the one asked for), with their meetings in time order. */
function tableGroups(fair: Fair, view: ScheduleView, only: number | undefined): Group[] {
  const byTable = new Map<number, ScheduleView['meetings']>();
  for (const m of view.meetings) {
    if (only !== undefined && m[1] !== only) continue;
    const list = byTable.get(m[1]);
    if (list) list.push(m);
    else byTable.set(m[1], [m]);
  }
  return [...byTable.keys()]
    .sort((a, b) => a - b)
    .map((table) => {
      const meetings = byTable.get(table)!;
      return {
        meetings,
        render: (person: (i: number) => string): TableGroup => ({
          table,
          meetings: meetings.map(([slot, , b, e, weight]) => ({
            slotId: fair.slots[slot]!.id,
            buyerId: person(b),
            exhibitorId: person(e),
            weight,
          })),
        }),
      };
    });
}

export interface AgendaItem {
  slotId: string;
  startsAt: string;
  endsAt: string;
  table: number;
  with: { id: string; role: string; name: string };
  weight: number;
}

export interface Agenda {
  fair: { id: string; name: string; venue: string | null; heldOn: string };
  participant: { id: string; role: FairRole; name: string };
  runId: string | null;
  meetings: AgendaItem[];
}

/** A participant's meetings in the fair's current schedule, in time order: for the fair's readers, and the enterprise for its own participation. */
export async function getAgenda(deps: FairDeps, actor: Actor, fairId: string, pid: string): Promise<Agenda> {
  const { fair, participant: p } = await loadParticipation(deps, actor, fairId, pid, 'read');
  const run: FairRun | undefined = fair.scheduleRunId ? await deps.fairs.getRun(fair.id, fair.scheduleRunId) : undefined;
  const parts = run?.scheduleKey ? await partsOf(deps, run.scheduleKey) : undefined;
  const view = parts?.view;
  const self = view?.participants.findIndex((x) => x.id === pid) ?? -1;
  const meetings = (view?.meetings ?? [])
    .filter((m) => self >= 0 && (m[2] === self || m[3] === self))
    .map(([slot, table, b, e, weight]): AgendaItem => {
      const s = fair.slots[slot]!;
      const o = view!.participants[b === self ? e : b]!;
      return { slotId: s.id, startsAt: s.startsAt, endsAt: s.endsAt, table, with: { id: o.id, role: o.role, name: o.name }, weight };
    });
  return {
    fair: { id: fair.id, name: fair.name, venue: fair.venue ?? null, heldOn: fair.heldOn },
    participant: { id: p.id, role: p.role, name: p.name },
    runId: view ? run!.id : null,
    meetings,
  };
}
