/** In-memory fakes of planning's ports, with the same conditions as the DynamoDB, S3 and Lambda adapters. */
import { createHmac } from 'node:crypto';
import '../../../../shared/contracts/index.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import type { Page } from '../../../../shared/http/pagination.ts';
import type {
  ActivityListQuery,
  ActivityRepository,
  AttendanceFiles,
  PageRequest,
  PersonRefs,
  PlanningDeps,
  PlanRepository,
  UploadTarget,
} from '../../../../services/planning/app/ports.ts';
import { COMMUNE_COMMITTEE_AGENCY, type Contribution, type Plan, type PlanYear } from '../../../../services/planning/domain/plan.ts';
import type { Activity, StoredRow } from '../../../../services/planning/domain/activity.ts';
import type { AttendanceUpload } from '../../../../services/planning/domain/upload.ts';

const clone = <T>(x: T): T => structuredClone(x);

function page<T>(all: T[], q: PageRequest): Page<T> {
  const start = q.cursor ? Number(q.cursor) : 0;
  return { items: all.slice(start, start + q.limit).map(clone), nextCursor: start + q.limit < all.length ? String(start + q.limit) : null };
}

export class FakePlanningRepository implements PlanRepository, ActivityRepository {
  years = new Map<number, PlanYear>();
  plans = new Map<string, Plan>();
  contribs = new Map<string, Contribution>();
  activities = new Map<string, Activity>();
  batches = new Map<string, StoredRow[]>();
  uploads = new Map<string, AttendanceUpload>();

  constructor(readonly outbox: Envelope[]) {}

  async getYear(year: number) {
    const y = this.years.get(year);
    return y && clone(y);
  }
  async createPlan(plan: Plan, contributions: readonly Contribution[], expectedLastVersion: number) {
    const y = this.years.get(plan.year);
    if (y ? y.lastVersion !== expectedLastVersion || y.openPlanId : expectedLastVersion !== 0)
      throw new ConflictError(`${plan.year} has a plan being drawn up, or another version was created meanwhile`);
    for (const c of contributions) this.contribs.set(`${plan.id}|${c.agency}`, clone(c));
    this.years.set(plan.year, { ...(y ?? {}), year: plan.year, lastVersion: plan.version, openPlanId: plan.id });
    this.plans.set(plan.id, clone(plan));
  }
  async getPlan(id: string) {
    const p = this.plans.get(id);
    return p && clone(p);
  }
  async listPlans(year: number | undefined, q: PageRequest) {
    const all = [...this.plans.values()]
      .filter((p) => year === undefined || p.year === year)
      .sort((a, b) => b.year - a.year || b.version - a.version);
    return page(all, q);
  }
  async contributions(planId: string) {
    return [...this.contribs.entries()]
      .filter(([k]) => k.startsWith(`${planId}|`))
      .map(([, c]) => clone(c))
      .sort((a, b) => (a.agency < b.agency ? -1 : 1));
  }
  async getContribution(planId: string, contributor: string) {
    const c = this.contribs.get(`${planId}|${contributor}`);
    return c && clone(c);
  }
  private check(next: Plan, expectedRevision: number) {
    if (this.plans.get(next.id)?.revision !== expectedRevision) throw new ConflictError(`Plan ${next.id} was changed meanwhile`);
  }
  async savePlan(next: Plan, expectedRevision: number) {
    this.check(next, expectedRevision);
    this.plans.set(next.id, clone(next));
  }
  async saveContribution(next: Plan, c: Contribution, expectedRevision: number) {
    this.check(next, expectedRevision);
    this.plans.set(next.id, clone(next));
    this.contribs.set(`${next.id}|${c.agency}`, clone(c));
  }
  async approve(next: Plan, previous: Plan | undefined, event: Envelope, expectedRevision: number) {
    this.check(next, expectedRevision);
    const y = this.years.get(next.year)!;
    if (y.openPlanId !== next.id || y.approvedPlanId !== previous?.id) throw new ConflictError('Another version was approved meanwhile');
    assertMatchesContract(event);
    if (previous) {
      const p = this.plans.get(previous.id)!;
      if (p.revision !== previous.revision || p.status !== 'approved') throw new ConflictError('changed meanwhile');
      this.plans.set(p.id, { ...p, status: 'superseded', supersededBy: next.id, revision: p.revision + 1, updatedAt: next.updatedAt });
    }
    this.plans.set(next.id, clone(next));
    this.years.set(next.year, { year: y.year, lastVersion: y.lastVersion, approvedPlanId: next.id });
    this.outbox.push(event);
  }

  async createActivity(a: Activity) {
    if (this.activities.has(a.id)) throw new ConflictError('exists');
    this.activities.set(a.id, clone(a));
  }
  async getActivity(id: string) {
    const a = this.activities.get(id);
    return a && clone(a);
  }
  async listActivities(q: ActivityListQuery) {
    const owned = (a: Activity) =>
      q.owner === undefined ||
      (a.agency === q.owner.agency && (q.owner.agency !== COMMUNE_COMMITTEE_AGENCY || a.commune === q.owner.commune));
    const all = [...this.activities.values()]
      .filter(
        (a) => owned(a) && (q.year === undefined || a.startsOn.startsWith(`${q.year}-`)) && (q.kind === undefined || a.kind === q.kind),
      )
      .sort((a, b) => (`${a.startsOn}#${a.id}` < `${b.startsOn}#${b.id}` ? 1 : -1));
    return page(all, q);
  }
  async addAttendance(next: Activity, batchId: string, rows: readonly StoredRow[], expectedVersion: number) {
    if (this.activities.get(next.id)?.version !== expectedVersion) throw new ConflictError(`Activity ${next.id} was changed meanwhile`);
    if (this.batches.has(`${next.id}|${batchId}`)) throw new ConflictError(`Attendance list ${batchId} is recorded already`);
    this.activities.set(next.id, clone(next));
    this.batches.set(`${next.id}|${batchId}`, clone([...rows]));
  }
  async hasBatch(activityId: string, batchId: string) {
    return this.batches.has(`${activityId}|${batchId}`);
  }
  async attendance(activityId: string) {
    return [...this.batches.entries()].filter(([k]) => k.startsWith(`${activityId}|`)).flatMap(([, rows]) => clone(rows));
  }
  async complete(next: Activity, events: readonly Envelope[], expectedVersion: number) {
    if (this.activities.get(next.id)?.version !== expectedVersion) throw new ConflictError(`Activity ${next.id} was changed meanwhile`);
    for (const e of events) assertMatchesContract(e);
    this.activities.set(next.id, clone(next));
    this.outbox.push(...events.map(clone));
  }
  async createUpload(u: AttendanceUpload) {
    this.uploads.set(`${u.activityId}|${u.id}`, clone(u));
  }
  async getUpload(activityId: string, id: string) {
    const u = this.uploads.get(`${activityId}|${id}`);
    return u && clone(u);
  }
  async saveUpload(u: AttendanceUpload) {
    this.uploads.set(`${u.activityId}|${u.id}`, clone(u));
  }
}

export class FakeFiles implements AttendanceFiles {
  objects = new Map<string, string>();
  async uploadUrl(key: string, contentType: string, sizeBytes: number): Promise<UploadTarget> {
    return { url: `https://s3.test/${key}?signed`, headers: { 'content-type': contentType, 'content-length': String(sizeBytes) } };
  }
  async read(key: string, maxBytes: number) {
    const text = this.objects.get(key);
    if (text !== undefined && Buffer.byteLength(text) > maxBytes) return { tooLarge: true as const };
    return text;
  }
  async remove(key: string) {
    this.objects.delete(key);
  }
}

/** The registry's refs, made as the registry makes them (HMAC under a key), and every hash it was asked about. */
export class FakePersonRefs implements PersonRefs {
  asked: string[] = [];
  failing = false;
  async refsOf(hashes: readonly string[]) {
    if (this.failing) throw new Error('registry unavailable');
    this.asked.push(...hashes);
    return hashes.map((h) => refOf(h));
  }
}

export const refOf = (hash: string) => createHmac('sha256', 'test-person-ref-key').update(hash).digest('hex');

/** A clock fixed at `at` (default: 10 March 2026 in Hanoi), ids counting up. */
export function fakePlanningDeps(at = '2026-03-10T09:00:00+07:00') {
  const outbox: Envelope[] = [];
  const repo = new FakePlanningRepository(outbox);
  const files = new FakeFiles();
  const personRefs = new FakePersonRefs();
  let n = 0;
  const deps: PlanningDeps = {
    plans: repo,
    activities: repo,
    files,
    personRefs,
    now: () => new Date(at),
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  };
  return { deps, repo, files, personRefs, outbox };
}
