/** In-memory fakes of the fairs' ports, with the same conditions as the DynamoDB and S3 adapters. */
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import '../../../../shared/contracts/index.ts';
import type { Page } from '../../../../shared/http/pagination.ts';
import type {
  FairDeps,
  FairRepository,
  FairRun,
  ScheduleDocument,
  ScheduleStore,
  ScheduleView,
} from '../../../../services/matching/app/fair-ports.ts';
import { takesPart, type Fair, type FairParticipantRecord } from '../../../../services/matching/domain/fairs/fair.ts';
import type { FairMeeting, FairRole, UnscheduledPair } from '../../../../services/matching/domain/fairs/types.ts';
import { fakeDeps, type TestDeps } from './fakes.ts';

const clone = <T>(x: T): T => structuredClone(x);

export class FakeFairRepository implements FairRepository {
  fairs = new Map<string, Fair>();
  parts = new Map<string, FairParticipantRecord>();
  markers = new Set<string>();
  runs = new Map<string, FairRun>();
  meetings = new Map<string, FairMeeting[]>();

  constructor(private readonly outbox: Envelope[]) {}

  async createFair(f: Fair) {
    this.fairs.set(f.id, clone(f));
  }
  async getFair(id: string) {
    const f = this.fairs.get(id);
    return f && clone(f);
  }
  async listFairs(agency: string | undefined, limit: number, cursor: string | undefined): Promise<Page<Fair>> {
    const all = [...this.fairs.values()]
      .filter((f) => agency === undefined || f.agency === agency)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    const start = cursor ? Number(cursor) : 0;
    const items = all.slice(start, start + limit).map(clone);
    return { items, nextCursor: start + limit < all.length ? String(start + limit) : null };
  }
  async addParticipant(p: FairParticipantRecord, max: number, at: string) {
    const f = this.fairs.get(p.fairId)!;
    if (f.participants >= max) throw new ConflictError(`The fair has its maximum of ${max} participants`);
    const marks = [
      ...(p.buyerId ? [`${p.fairId}|buyer|${p.buyerId}`] : []),
      ...(p.taxCode ? [`${p.fairId}|tax|${p.role}|${p.taxCode}`] : []),
      ...(p.fixedTable !== undefined ? [`${p.fairId}|booth|${p.fixedTable}`] : []),
    ];
    for (const m of marks) if (this.markers.has(m)) throw new ConflictError(`already taken: ${m}`);
    for (const m of marks) this.markers.add(m);
    f.participants++;
    f.updatedAt = at;
    this.parts.set(`${p.fairId}|${p.id}`, clone(p));
  }
  async getParticipant(fairId: string, id: string) {
    const p = this.parts.get(`${fairId}|${id}`);
    return p && clone(p);
  }
  async participants(fairId: string) {
    return [...this.parts.values()].filter((p) => p.fairId === fairId).map(clone);
  }
  async listParticipants(fairId: string, limit: number, cursor: string | undefined): Promise<Page<FairParticipantRecord>> {
    const all = (await this.participants(fairId)).sort((a, b) => (a.id < b.id ? -1 : 1));
    const start = cursor ? Number(cursor) : 0;
    return { items: all.slice(start, start + limit), nextCursor: start + limit < all.length ? String(start + limit) : null };
  }
  async participantRoles(fairId: string) {
    return new Map<string, FairRole>((await this.participants(fairId)).filter(takesPart).map((p) => [p.id, p.role]));
  }
  async saveParticipant(p: FairParticipantRecord, expectedVersion: number) {
    const current = this.parts.get(`${p.fairId}|${p.id}`);
    if (current?.version !== expectedVersion) throw new ConflictError('changed meanwhile');
    this.parts.set(`${p.fairId}|${p.id}`, clone(p));
  }
  async startRun(run: FairRun, event: Envelope, staleBefore: string) {
    const f = this.fairs.get(run.fairId)!;
    if (f.activeRun && f.activeRun.at >= staleBefore) throw new ConflictError('Another schedule run of this fair is still running');
    assertMatchesContract(event);
    f.activeRun = { id: run.id, at: run.requestedAt };
    this.runs.set(`${run.fairId}|${run.id}`, clone(run));
    this.outbox.push(event);
  }
  async getRun(fairId: string, runId: string) {
    const r = this.runs.get(`${fairId}|${runId}`);
    return r && clone(r);
  }
  async putMeetings(fairId: string, runId: string, meetings: readonly FairMeeting[]) {
    this.meetings.set(`${fairId}|${runId}`, clone([...meetings]));
  }
  async meetingsOf(fairId: string, runId: string) {
    return clone(this.meetings.get(`${fairId}|${runId}`) ?? []);
  }
  held = new Map<string, { due?: string | undefined; heldUpTo?: string | undefined }>();
  async completeRun(run: FairRun, event: Envelope, at: string, meetingsDueFrom: string) {
    const current = this.runs.get(`${run.fairId}|${run.id}`);
    const f = this.fairs.get(run.fairId)!;
    if (current?.status !== 'running' || f.activeRun?.id !== run.id) return false;
    this.held.set(run.fairId, { ...this.held.get(run.fairId), due: meetingsDueFrom });
    assertMatchesContract(event);
    this.runs.set(`${run.fairId}|${run.id}`, clone(run));
    f.scheduleRunId = run.id;
    f.activeRun = undefined;
    f.version++;
    f.updatedAt = at;
    this.outbox.push(event);
    return true;
  }
  async failRun(fairId: string, runId: string, error: string, at: string) {
    const r = this.runs.get(`${fairId}|${runId}`);
    if (r?.status !== 'running') return;
    Object.assign(r, { status: 'failed', error, finishedAt: at });
    const f = this.fairs.get(fairId)!;
    if (f.activeRun?.id === runId) f.activeRun = undefined;
  }
  async startAttempt(fairId: string, runId: string, _at: string) {
    const r = this.runs.get(`${fairId}|${runId}`);
    if (r?.status !== 'running') return undefined;
    r.attempts = (r.attempts ?? 0) + 1;
    return r.attempts;
  }
  async noteAttemptError(fairId: string, runId: string, lastError: NonNullable<FairRun['lastError']>) {
    const r = this.runs.get(`${fairId}|${runId}`);
    if (r?.status === 'running') r.lastError = clone(lastError);
  }
  async fairsWithMeetingsDue(now: string, limit: number) {
    return [...this.held.entries()]
      .filter(([, h]) => h.due !== undefined && h.due <= now)
      .sort(([, a], [, b]) => (a.due! < b.due! ? -1 : 1))
      .slice(0, limit)
      .map(([fairId, h]) => ({ fairId, heldUpTo: h.heldUpTo }));
  }
  async markMeetingsHeld(fairId: string, upTo: string, next: string | undefined) {
    this.held.set(fairId, { heldUpTo: upTo, due: next });
  }
  async overdueRuns(now: string, limit: number) {
    return [...this.runs.values()]
      .filter((r) => r.status === 'running' && r.deadline !== undefined && r.deadline < now)
      .sort((a, b) => (a.deadline! < b.deadline! ? -1 : 1))
      .slice(0, limit)
      .map(clone);
  }
}

export class FakeScheduleStore implements ScheduleStore {
  docs = new Map<string, string>();
  async put(key: string, doc: ScheduleDocument) {
    this.docs.set(key, JSON.stringify(doc));
  }
  async get(key: string) {
    const d = this.docs.get(key);
    return d === undefined ? undefined : (JSON.parse(d) as ScheduleDocument);
  }
  async putParts(key: string, view: ScheduleView, unscheduled: readonly UnscheduledPair[][]) {
    unscheduled.forEach((chunk, i) => this.docs.set(`${key}#unscheduled-${i}`, JSON.stringify(chunk)));
    this.docs.set(`${key}#view`, JSON.stringify(view));
  }
  async getView(key: string) {
    const d = this.docs.get(`${key}#view`);
    return d === undefined ? undefined : (JSON.parse(d) as ScheduleView);
  }
  async getUnscheduled(key: string, chunk: number) {
    const d = this.docs.get(`${key}#unscheduled-${chunk}`);
    return d === undefined ? undefined : (JSON.parse(d) as UnscheduledPair[]);
  }
  async downloadUrl(key: string, expiresInSeconds: number) {
    return `https://s3.example.test/${key}?expires=${expiresInSeconds}`;
  }
}

export interface FairTestDeps extends FairDeps, Omit<TestDeps, keyof FairDeps> {
  repo: TestDeps['repo'];
  fairs: FakeFairRepository;
  schedules: FakeScheduleStore;
  clock: TestDeps['clock'];
}

export function fakeFairDeps(): FairTestDeps {
  const base = fakeDeps();
  return { ...base, fairs: new FakeFairRepository(base.repo.outbox), schedules: new FakeScheduleStore() };
}
