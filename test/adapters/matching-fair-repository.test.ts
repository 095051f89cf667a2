/**
 * The trade fairs' DynamoDB repository against the local runtime's own tables (`matching-fairs`,
 * `matching-outbox`), and the S3 schedule store against its S3 server. Other tests share these
 * tables: every test makes its own fair ids and agencies.
 */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '../../shared/contracts/index.ts';
import { makeDocumentClient } from '../../shared/aws/clients.ts';
import { newEnvelope } from '../../shared/contracts/envelope.ts';
import { ConflictError } from '../../shared/errors.ts';
import { localNames } from '../../shared/manifest.ts';
import { DynamoDbFairRepository, MEETINGS_PER_CHUNK } from '../../services/matching/adapters/outbound/dynamodb-fair-repository.ts';
import { S3ScheduleStore } from '../../services/matching/adapters/outbound/s3-schedule-store.ts';
import type { FairRun, ScheduleDocument } from '../../services/matching/app/fair-ports.ts';
import { slotsOf, type Fair, type FairParticipantRecord } from '../../services/matching/domain/fairs/fair.ts';
import type { FairMeeting } from '../../services/matching/domain/fairs/types.ts';
import { createTable, localClients, uniqueName } from '../support/aws.ts';

const TABLE = localNames.table('matching', 'fairs');
// An outbox of its own: in matching's, the runtime's relay would hand fair.run-requested to the run
// queue, whose consumer would then finish the test's runs before the test does.
const OUTBOX = uniqueName('fairs-outbox');
const doc = makeDocumentClient({ AWS_ENDPOINT_URL_DYNAMODB: inject('runtime').endpoints.dynamodb, AWS_REGION: 'us-east-1' });
const repo = new DynamoDbFairRepository(doc, TABLE, OUTBOX);
const { s3, db } = localClients();

beforeAll(async () => {
  await createTable(db, OUTBOX, { pk: 'id' });
});

afterAll(() => doc.destroy());

const at = '2026-11-30T03:00:00.000Z';

function fair(o: Partial<Fair> = {}): Fair {
  const sessions = [{ startsAt: '2026-12-10T08:30:00+07:00', slots: 4 }];
  return {
    id: randomUUID(),
    name: 'Hội chợ thử nghiệm',
    agency: `test-agency-${randomUUID().slice(0, 8)}`,
    slotMinutes: 20,
    sessions,
    slots: slotsOf(sessions, 20).slots,
    tables: 3,
    heldOn: '2026-12-10',
    participants: 0,
    version: 1,
    createdAt: at,
    createdBy: 'officer',
    updatedAt: at,
    ...o,
  };
}

const person = (f: Fair, o: Partial<FairParticipantRecord> = {}): FairParticipantRecord => ({
  fairId: f.id,
  id: randomUUID(),
  role: 'buyer',
  name: 'Canon Vietnam',
  blockedSlots: [],
  priority: false,
  version: 1,
  createdAt: at,
  updatedAt: at,
  ...o,
});

const run = (f: Fair, o: Partial<FairRun> = {}): FairRun => ({
  fairId: f.id,
  id: randomUUID(),
  mode: 'initial',
  status: 'running',
  requestedAt: at,
  requestedBy: 'officer',
  ...o,
});

const requested = (f: Fair, r: FairRun) =>
  newEnvelope({ type: 'fair.run-requested', source: 'matching', data: { fairId: f.id, runId: r.id, mode: r.mode } });

const outboxHas = async (id: string) => !!(await doc.send(new GetCommand({ TableName: OUTBOX, Key: { id } }))).Item;

describe('DynamoDbFairRepository', () => {
  it("lists an agency's fairs newest first, page by page", async () => {
    const agency = `test-agency-${randomUUID().slice(0, 8)}`;
    const fairs = [0, 1, 2].map((i) => fair({ agency, createdAt: `2026-11-0${i + 1}T00:00:00.000Z` }));
    for (const f of fairs) await repo.createFair(f);
    const first = await repo.listFairs(agency, 2, undefined);
    expect(first.items.map((f) => f.id)).toEqual([fairs[2]!.id, fairs[1]!.id]);
    const second = await repo.listFairs(agency, 2, first.nextCursor!);
    expect(second.items.map((f) => f.id)).toEqual([fairs[0]!.id]);
    expect((await repo.listFairs(undefined, 100, undefined)).items.length).toBeGreaterThan(0);
  });

  it('adds participants up to the maximum, once per enterprise or buyer, one holder per booth', async () => {
    const f = fair();
    await repo.createFair(f);
    const a = person(f, { role: 'exhibitor', taxCode: '0100233488', fixedTable: 2 });
    await repo.addParticipant(a, 3, at);
    await expect(repo.addParticipant(person(f, { role: 'exhibitor', taxCode: '0100233488' }), 3, at)).rejects.toThrow(/already takes part/);
    await expect(repo.addParticipant(person(f, { fixedTable: 2 }), 3, at)).rejects.toThrow(/already another participant's booth/);
    // The same enterprise may also come as a buyer.
    await repo.addParticipant(person(f, { role: 'buyer', taxCode: '0100233488' }), 3, at);
    await repo.addParticipant(person(f), 3, at);
    await expect(repo.addParticipant(person(f), 3, at)).rejects.toThrow(/maximum of 3/);
    expect((await repo.getFair(f.id))!.participants).toBe(3);
    expect((await repo.participants(f.id)).length).toBe(3);
    expect((await repo.participantRoles(f.id)).get(a.id)).toBe('exhibitor');
    const page = await repo.listParticipants(f.id, 2, undefined);
    const rest = await repo.listParticipants(f.id, 2, page.nextCursor!);
    expect(new Set([...page.items, ...rest.items].map((p) => p.id)).size).toBe(3);
    await expect(repo.listParticipants(randomUUID(), 2, page.nextCursor!)).rejects.toThrow(/cursor/);
  });

  it('saves wishes only at the version read', async () => {
    const f = fair();
    await repo.createFair(f);
    const p = person(f);
    await repo.addParticipant(p, 10, at);
    const next = { ...p, preferences: { mustMeet: [], meet: [randomUUID()], noThanks: [] }, version: 2 };
    await repo.saveParticipant(next, 1);
    await expect(repo.saveParticipant({ ...next, version: 2 }, 1)).rejects.toBeInstanceOf(ConflictError);
    expect((await repo.getParticipant(f.id, p.id))!.preferences).toEqual(next.preferences);
  });

  it('starts one run at a time with its event in the outbox, and completes it as the fair’s schedule', async () => {
    const f = fair();
    await repo.createFair(f);
    const r1 = run(f);
    const e1 = requested(f, r1);
    await repo.startRun(r1, e1, '2026-11-30T02:45:00.000Z');
    expect(await outboxHas(e1.id)).toBe(true);
    const r2 = run(f);
    await expect(repo.startRun(r2, requested(f, r2), '2026-11-30T02:45:00.000Z')).rejects.toThrow(/still running/);

    const meetings: FairMeeting[] = Array.from({ length: MEETINGS_PER_CHUNK + 7 }, (_, i) => ({
      slotId: `s0${(i % 4) + 1}`,
      table: (i % 3) + 1,
      buyerId: `b${i}`,
      exhibitorId: `e${i}`,
      weight: 10,
    }));
    await repo.putMeetings(f.id, r1.id, meetings);
    expect(await repo.meetingsOf(f.id, r1.id)).toEqual(meetings);
    // Written again shorter (a retried run): the extra chunk of the first write is not read.
    await repo.putMeetings(f.id, r1.id, meetings.slice(0, 5));
    expect(await repo.meetingsOf(f.id, r1.id)).toEqual(meetings.slice(0, 5));

    const scheduled = newEnvelope({
      type: 'fair.scheduled',
      source: 'matching',
      data: {
        fairId: f.id,
        runId: r1.id,
        mode: 'initial',
        agency: f.agency,
        heldOn: f.heldOn,
        completedAt: at,
        meetings: 5,
        meetingsAdded: 5,
        meetingsRemoved: 0,
        enterprises: [],
      },
    });
    expect(await repo.completeRun({ ...r1, status: 'done', finishedAt: at }, scheduled, at, '2099-12-10T01:50:00.000Z')).toBe(true);
    expect(await outboxHas(scheduled.id)).toBe(true);
    const after = (await repo.getFair(f.id))!;
    expect(after).toMatchObject({ scheduleRunId: r1.id, version: 2 });
    expect(after.activeRun).toBeUndefined();
    expect((await repo.getRun(f.id, r1.id))!.status).toBe('done');
    // Its meetings fall due once the first slot has ended, and again until the last has.
    const due = async (now: string) => (await repo.fairsWithMeetingsDue(now, 100)).filter((d) => d.fairId === f.id);
    expect(await due('2099-12-10T01:49:59.999Z')).toEqual([]);
    expect(await due('2099-12-10T01:50:00.000Z')).toEqual([{ fairId: f.id }]);
    await repo.markMeetingsHeld(f.id, '2099-12-10T01:55:00.000Z', '2099-12-10T02:10:00.000Z');
    expect(await due('2099-12-10T02:00:00.000Z')).toEqual([]);
    expect(await due('2099-12-10T02:10:00.000Z')).toEqual([{ fairId: f.id, heldUpTo: '2099-12-10T01:55:00.000Z' }]);
    await repo.markMeetingsHeld(f.id, '2099-12-10T03:00:00.000Z', undefined);
    expect(await due('2099-12-31T00:00:00.000Z')).toEqual([]);
    // Completed twice (a redelivery): nothing happens the second time.
    const again = newEnvelope({ type: 'fair.scheduled', source: 'matching', data: scheduled.data });
    expect(await repo.completeRun({ ...r1, status: 'done' }, again, at, '2099-12-10T01:50:00.000Z')).toBe(false);
    expect(await outboxHas(again.id)).toBe(false);
  });

  it('takes a run that stopped as failed and frees the fair for the next', async () => {
    const f = fair();
    await repo.createFair(f);
    const r = run(f);
    await repo.startRun(r, requested(f, r), '2026-11-30T02:45:00.000Z');
    await repo.failRun(f.id, r.id, 'invalid fair: booth named twice', at);
    expect(await repo.getRun(f.id, r.id)).toMatchObject({ status: 'failed', error: 'invalid fair: booth named twice' });
    const next = run(f);
    await repo.startRun(next, requested(f, next), '2026-11-30T02:45:00.000Z');
    expect((await repo.getFair(f.id))!.activeRun?.id).toBe(next.id);
  });

  it('counts attempts, keeps the last error, and lists a running run past its deadline until it fails', async () => {
    const f = fair();
    await repo.createFair(f);
    // A deadline far ahead, asked about as if it had passed: the runtime's own sweep (real time)
    // leaves the run alone, and the list, which spans every fair, is filtered to this one.
    const deadline = '2098-01-01T00:00:00.000Z';
    const r = run(f, { deadline });
    await repo.startRun(r, requested(f, r), '2026-11-30T02:45:00.000Z');
    expect(await repo.startAttempt(f.id, r.id, at)).toBe(1);
    expect(await repo.startAttempt(f.id, r.id, at)).toBe(2);
    await repo.noteAttemptError(f.id, r.id, { attempt: 2, message: 'Error: S3 is down', at });
    expect(await repo.getRun(f.id, r.id)).toMatchObject({ attempts: 2, lastError: { attempt: 2, message: 'Error: S3 is down' } });

    const mine = async (now: string) => (await repo.overdueRuns(now, 100)).filter((x) => x.fairId === f.id).map((x) => x.id);
    expect(await mine('2097-12-31T00:00:00.000Z')).toEqual([]);
    expect(await mine('2098-01-02T00:00:00.000Z')).toEqual([r.id]);
    // Replaced meanwhile by a run started after it was taken as dead: it still fails, alone.
    const next = run(f);
    await repo.startRun(next, requested(f, next), '2099-01-01T00:00:00.000Z');
    await repo.failRun(f.id, r.id, 'did not finish by its deadline', at);
    expect(await repo.getRun(f.id, r.id)).toMatchObject({ status: 'failed', error: 'did not finish by its deadline' });
    expect((await repo.getFair(f.id))!.activeRun?.id).toBe(next.id);
    expect(await mine('2098-01-02T00:00:00.000Z')).toEqual([]);
    expect(await repo.startAttempt(f.id, r.id, at)).toBeUndefined();
  });
});

describe('S3ScheduleStore', () => {
  const bucket = uniqueName('fairs');
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('keeps a schedule document and says when there is none', async () => {
    const store = new S3ScheduleStore(s3, bucket);
    const d = {
      fairId: 'f',
      runId: 'r',
      mode: 'initial',
      completedAt: at,
      slots: [],
      tables: 1,
      participants: [],
      input: { slots: [], tables: 1, participants: [] },
    } as unknown as ScheduleDocument;
    await store.put('matching/fairs/f/runs/r.json', d);
    expect(await store.get('matching/fairs/f/runs/r.json')).toEqual(d);
    expect(await store.get('matching/fairs/f/runs/missing.json')).toBeUndefined();
    const link = await fetch(await store.downloadUrl('matching/fairs/f/runs/r.json', 60));
    expect(link.status).toBe(200);
    expect(await link.json()).toEqual(d);
  });
});
