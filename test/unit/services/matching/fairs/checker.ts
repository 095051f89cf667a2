/**
 * An independent checker of a fair schedule run. It shares no code with the scheduler: it re-derives
 * the requested pairs and their weights from the documented rule (docs/design-notes.md, "Trade-fair
 * scheduler") and checks every hard constraint, the accounting, and that each stated reason is true.
 * Returns the list of violations (empty = the run is valid).
 */
import type { FairInstance, FairScheduleRun } from '../../../../../services/matching/domain/fairs/types.ts';

type Meeting = { slotId: string; table: number; buyerId: string; exhibitorId: string };

export function checkFairRun(instance: FairInstance, run: FairScheduleRun): string[] {
  const v: string[] = [];
  const slots = new Set(instance.slots);
  const byId = new Map(instance.participants.map((p) => [p.id, p]));
  const boothOwner = new Map<number, string>();
  for (const p of instance.participants) if (p.fixedTable !== undefined) boothOwner.set(p.fixedTable, p.id);
  const sharedTables = instance.tables - boothOwner.size;
  const pk = (b: string, e: string) => `${b}|${e}`;
  const mk = (m: Meeting) => `${m.slotId}|${m.table}|${m.buyerId}|${m.exhibitorId}`;
  const confirmedKeys = new Set((instance.confirmed ?? []).map(mk));

  // Requested pairs and weights, from the preferences.
  const wishes = (id: string) => byId.get(id)?.preferences;
  const silent = (id: string) => {
    const w = wishes(id);
    return !w || w.mustMeet.length + w.meet.length + w.noThanks.length === 0;
  };
  const expected = new Map<string, { weight: number; must: boolean; declined: boolean }>();
  const candidates = new Map<string, number>();
  for (const c of instance.candidates ?? []) {
    const k = pk(c.buyerId, c.exhibitorId);
    candidates.set(k, Math.max(candidates.get(k) ?? 0, c.score));
  }
  const keys = new Set<string>(candidates.keys());
  for (const p of instance.participants) {
    for (const o of [...(p.preferences?.mustMeet ?? []), ...(p.preferences?.meet ?? [])]) {
      if (byId.get(o)?.role === (p.role === 'buyer' ? 'exhibitor' : 'buyer')) keys.add(p.role === 'buyer' ? pk(p.id, o) : pk(o, p.id));
    }
  }
  const met = new Set((instance.metBefore ?? []).map((m) => pk(m.buyerId, m.exhibitorId)));
  for (const k of keys) {
    const [b, e] = k.split('|') as [string, string];
    if (byId.get(b)?.role !== 'buyer' || byId.get(e)?.role !== 'exhibitor') continue;
    const side = (self: string, other: string, factor: number) => {
      const w = wishes(self);
      if (w?.mustMeet.includes(other)) return [100 * factor, 1];
      if (w?.meet.includes(other)) return [10 * factor, 0];
      if (silent(self) && candidates.has(k)) return [5 * Math.min(1, Math.max(0, candidates.get(k)!)), 0];
      return [0, 0];
    };
    const [bw, bm] = side(b, e, 1.5);
    const [ew, em] = side(e, b, 1);
    let weight = bw! + ew!;
    if (byId.get(b)!.priority || byId.get(e)!.priority) weight *= 2;
    if (met.has(k)) weight /= 2;
    weight = Math.round(weight * 100) / 100;
    if (weight <= 0) continue;
    const declined = !!wishes(b)?.noThanks.includes(e) || !!wishes(e)?.noThanks.includes(b);
    expected.set(k, { weight, must: bm! + em! > 0, declined });
  }

  // Hard constraints on the meetings.
  const atSlot = new Set<string>();
  const tableUse = new Set<string>();
  const count = new Map<string, number>();
  const pairSeen = new Set<string>();
  const perSlotShared = new Map<string, number>();
  let sum = 0;
  for (const m of run.meetings) {
    const where = `meeting ${m.buyerId}–${m.exhibitorId} in ${m.slotId}`;
    const b = byId.get(m.buyerId);
    const e = byId.get(m.exhibitorId);
    if (!slots.has(m.slotId)) v.push(`${where}: unknown slot`);
    if (b?.role !== 'buyer' || e?.role !== 'exhibitor') v.push(`${where}: not a buyer and an exhibitor of the fair`);
    if (!Number.isInteger(m.table) || m.table < 1 || m.table > instance.tables) v.push(`${where}: table ${m.table} does not exist`);
    for (const id of [m.buyerId, m.exhibitorId]) {
      if (atSlot.has(`${id}|${m.slotId}`)) v.push(`${where}: ${id} has two meetings in the slot`);
      atSlot.add(`${id}|${m.slotId}`);
      if (byId.get(id)?.blockedSlots?.includes(m.slotId)) v.push(`${where}: ${id} blocked the slot`);
      count.set(id, (count.get(id) ?? 0) + 1);
    }
    if (tableUse.has(`${m.slotId}|${m.table}`)) v.push(`${where}: table ${m.table} used twice in the slot`);
    tableUse.add(`${m.slotId}|${m.table}`);
    const owner = boothOwner.get(m.table);
    if (owner !== undefined && owner !== m.buyerId && owner !== m.exhibitorId) v.push(`${where}: at ${owner}'s booth`);
    if (owner === undefined) perSlotShared.set(m.slotId, (perSlotShared.get(m.slotId) ?? 0) + 1);
    const host = b?.fixedTable ?? e?.fixedTable;
    if (host !== undefined && m.table !== host && !confirmedKeys.has(mk(m))) v.push(`${where}: not at the booth ${host} of its host`);
    const k = pk(m.buyerId, m.exhibitorId);
    if (pairSeen.has(k)) v.push(`${where}: the pair meets twice`);
    pairSeen.add(k);
    if (b?.preferences?.noThanks.includes(m.exhibitorId) || e?.preferences?.noThanks.includes(m.buyerId)) {
      v.push(`${where}: a side said no thanks`);
    }
    const exp = expected.get(k);
    if (exp && Math.abs(exp.weight - m.weight) > 1e-9) v.push(`${where}: weight ${m.weight}, expected ${exp.weight}`);
    if (!exp && !confirmedKeys.has(mk(m))) v.push(`${where}: not a requested pair`);
    sum += m.weight;
  }
  for (const [id, n] of count) {
    const cap = byId.get(id)?.cap;
    if (cap !== undefined && n > cap) v.push(`${id}: ${n} meetings, cap ${cap}`);
  }
  for (const [s, n] of perSlotShared) if (n > sharedTables) v.push(`${s}: ${n} meetings at shared tables, only ${sharedTables}`);

  // Top-up: every confirmed meeting kept as it was, or released with a reason.
  const kept = new Set(run.meetings.map(mk));
  const released = new Set(run.released.map((r) => mk(r.meeting)));
  for (const c of instance.confirmed ?? []) {
    if (!kept.has(mk(c)) && !released.has(mk(c))) v.push(`confirmed meeting ${mk(c)} neither kept nor released`);
  }
  for (const r of run.released) if (!r.reason) v.push(`released meeting ${mk(r.meeting)} without a reason`);

  // Every requested pair exactly once in meetings ∪ unscheduled, with its weight.
  const listed = new Map<string, number>();
  for (const m of run.meetings) listed.set(pk(m.buyerId, m.exhibitorId), (listed.get(pk(m.buyerId, m.exhibitorId)) ?? 0) + 1);
  for (const u of run.unscheduled) {
    const k = pk(u.buyerId, u.exhibitorId);
    listed.set(k, (listed.get(k) ?? 0) + 1);
    const exp = expected.get(k);
    if (!exp) v.push(`unscheduled ${k}: not a requested pair`);
    else if (Math.abs(exp.weight - u.weight) > 1e-9) v.push(`unscheduled ${k}: weight ${u.weight}, expected ${exp.weight}`);
  }
  for (const [k, exp] of expected) {
    const n = listed.get(k) ?? 0;
    if (n !== 1) v.push(`requested pair ${k} listed ${n} times`);
    if (exp.declined && pairSeen.has(k)) v.push(`declined pair ${k} meets`);
  }

  // Every reason is true against the schedule.
  const busyIn = (id: string, s: string) => atSlot.has(`${id}|${s}`);
  for (const u of run.unscheduled) {
    const k = pk(u.buyerId, u.exhibitorId);
    const b = byId.get(u.buyerId);
    const e = byId.get(u.exhibitorId);
    if (!b || !e) continue;
    const common = instance.slots.filter((s) => !b.blockedSlots?.includes(s) && !e.blockedSlots?.includes(s));
    const ok = (() => {
      switch (u.code) {
        case 'declined':
          return !!expected.get(k)?.declined;
        case 'no-common-slot':
          return common.length === 0;
        case 'cap-reached':
          return [b, e].some((p) => p.cap !== undefined && (count.get(p.id) ?? 0) >= p.cap);
        case 'busy':
          return common.every((s) => busyIn(b.id, s) || busyIn(e.id, s));
        case 'no-table':
          return (
            b.fixedTable === undefined &&
            e.fixedTable === undefined &&
            common.every((s) => busyIn(b.id, s) || busyIn(e.id, s) || (perSlotShared.get(s) ?? 0) >= sharedTables)
          );
      }
    })();
    if (!ok) v.push(`unscheduled ${k}: reason "${u.code}" is not true of the schedule`);
  }

  if (Math.abs(sum - run.totalWeight) > 0.006) v.push(`totalWeight ${run.totalWeight} ≠ sum of meeting weights ${sum}`);
  if (run.upperBound + 1e-9 < run.totalWeight) v.push(`upperBound ${run.upperBound} below totalWeight ${run.totalWeight}`);
  const gap = run.upperBound > 0 ? ((run.upperBound - run.totalWeight) / run.upperBound) * 100 : 0;
  if (Math.abs(gap - run.gapPct) > 0.01) v.push(`gapPct ${run.gapPct} ≠ ${gap.toFixed(2)}`);
  return v;
}

/**
 * Must-meet pairs left out although the schedule had room for them at the cost of ordinary meetings
 * only: a common free slot where neither side's meeting (if any) is a must-meet or confirmed, each side
 * at its cap has such a meeting to give up, and a shared table is free or held by such a meeting.
 * The scheduler promises this list is empty ("every feasible must-meet placed").
 */
export function placeableMustMeets(instance: FairInstance, run: FairScheduleRun): string[] {
  const byId = new Map(instance.participants.map((p) => [p.id, p]));
  const confirmed = new Set((instance.confirmed ?? []).map((c) => `${c.buyerId}|${c.exhibitorId}`));
  const isMustMeet = (b: string, e: string) =>
    !!byId.get(b)?.preferences?.mustMeet.includes(e) || !!byId.get(e)?.preferences?.mustMeet.includes(b);
  // A kept confirmed meeting is as immovable as a must-meet.
  const isMust = (b: string, e: string) => isMustMeet(b, e) || confirmed.has(`${b}|${e}`);
  const booths = new Set(instance.participants.flatMap((p) => (p.fixedTable === undefined ? [] : [p.fixedTable])));
  const shared = instance.tables - booths.size;
  const at = new Map<string, { b: string; e: string; table: number }>();
  const mine = new Map<string, { b: string; e: string }[]>();
  const sharedIn = new Map<string, { b: string; e: string }[]>();
  for (const m of run.meetings) {
    const x = { b: m.buyerId, e: m.exhibitorId, table: m.table };
    at.set(`${m.buyerId}|${m.slotId}`, x);
    at.set(`${m.exhibitorId}|${m.slotId}`, x);
    for (const id of [m.buyerId, m.exhibitorId]) mine.set(id, [...(mine.get(id) ?? []), x]);
    if (!booths.has(m.table)) sharedIn.set(m.slotId, [...(sharedIn.get(m.slotId) ?? []), x]);
  }
  const out: string[] = [];
  for (const u of run.unscheduled) {
    if (!isMustMeet(u.buyerId, u.exhibitorId) || u.code === 'declined') continue;
    const b = byId.get(u.buyerId)!;
    const e = byId.get(u.exhibitorId)!;
    const capOk = (p: typeof b) =>
      p.cap === undefined || (mine.get(p.id)?.length ?? 0) < p.cap || (mine.get(p.id) ?? []).some((m) => !isMust(m.b, m.e));
    if (b.cap === 0 || e.cap === 0 || !capOk(b) || !capOk(e)) continue;
    const booth = b.fixedTable !== undefined || e.fixedTable !== undefined;
    const slot = instance.slots.find((s) => {
      if (b.blockedSlots?.includes(s) || e.blockedSlots?.includes(s)) return false;
      const mb = at.get(`${b.id}|${s}`);
      const me = at.get(`${e.id}|${s}`);
      if ((mb && isMust(mb.b, mb.e)) || (me && isMust(me.b, me.e))) return false;
      const sh = sharedIn.get(s) ?? [];
      return booth || sh.length < shared || sh.some((m) => !isMust(m.b, m.e));
    });
    if (slot) out.push(`${u.buyerId}|${u.exhibitorId} could meet in ${slot}`);
  }
  return out;
}
