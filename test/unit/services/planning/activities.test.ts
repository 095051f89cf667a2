import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/policy.ts';
import { MAX_ACTIVITY_PART_ENTRIES } from '../../../../shared/contracts/planning.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, ServiceUnavailableError } from '../../../../shared/errors.ts';
import { routes } from '../../../../services/planning/routes.ts';
import {
  addAttendance,
  completeActivity,
  createActivity,
  getActivity,
  listActivities,
} from '../../../../services/planning/app/activities.ts';
import {
  attendanceRowInput,
  organisationKey,
  splitIntoParts,
  summarise,
  type AttendanceRowInput,
  type AttendanceSummary,
} from '../../../../services/planning/domain/activity.ts';
import { fakePlanningDeps, refOf } from './fakes.ts';

const sct: Actor = { sub: 'sct-officer', agency: 'so-cong-thuong', roles: ['officer'] };
const khcn: Actor = { sub: 'khcn-officer', agency: 'so-khcn', roles: ['officer'] };
const stcViewer: Actor = { sub: 'stc-viewer', agency: 'so-tai-chinh', roles: ['viewer'] };
const commune4: Actor = { sub: 'xa-4', agency: 'ubnd-xa', roles: ['officer'], commune: '00004' };
const commune70: Actor = { sub: 'xa-70', agency: 'ubnd-xa', roles: ['officer'], commune: '00070' };
const association: Actor = { sub: 'hh-officer', agency: 'hh-dnnvv-hn', roles: ['officer'] };

const hashOf = (citizenId: string) => createHash('sha256').update(citizenId).digest('hex');
const workshop = { kind: 'training-course' as const, title: 'Đào tạo giám đốc điều hành', startsOn: '2026-03-02', endsOn: '2026-03-04' };

describe('recording an activity', () => {
  it('is for the caller’s own agency; a commune committee records as ubnd-xa in its commune; an association its own', async () => {
    const { deps } = fakePlanningDeps();
    expect(await createActivity(deps, sct, workshop)).toMatchObject({ agency: 'so-cong-thuong', status: 'open', version: 1 });
    expect(await createActivity(deps, commune4, workshop)).toMatchObject({ agency: 'ubnd-xa', commune: '00004' });
    expect(await createActivity(deps, association, workshop)).toMatchObject({ agency: 'hh-dnnvv-hn' });
    await expect(createActivity(deps, khcn, { ...workshop, agency: 'so-cong-thuong' })).rejects.toThrow(ForbiddenError);
    await expect(createActivity(deps, commune4, { ...workshop, commune: '00070' })).rejects.toThrow(ForbiddenError);
    await expect(createActivity(deps, stcViewer, workshop)).rejects.toThrow(ForbiddenError);
  });

  it('refuses dates out of order and unknown communes', async () => {
    const { deps } = fakePlanningDeps();
    const error = await createActivity(deps, sct, { ...workshop, endsOn: '2026-03-01', commune: '99999' }).catch((e: unknown) => e);
    expect((error as RuleViolationError).errors.map((e) => e.path)).toEqual(['body.commune', 'body.endsOn']);
  });

  it('is read by its agency (a commune committee: its commune’s) and by Sở Tài chính; others are told it does not exist', async () => {
    const { deps } = fakePlanningDeps();
    const a = await createActivity(deps, sct, workshop);
    const c = await createActivity(deps, commune4, workshop);
    expect((await getActivity(deps, stcViewer, a.id)).id).toBe(a.id);
    await expect(getActivity(deps, khcn, a.id)).rejects.toThrow(NotFoundError);
    await expect(getActivity(deps, association, a.id)).rejects.toThrow(NotFoundError);
    await expect(getActivity(deps, commune70, c.id)).rejects.toThrow(NotFoundError);
    expect((await getActivity(deps, commune4, c.id)).id).toBe(c.id);
    expect((await listActivities(deps, commune4, { limit: 10 })).items.map((x) => x.id)).toEqual([c.id]);
    expect((await listActivities(deps, khcn, { limit: 10, agency: 'so-cong-thuong' })).items).toEqual([]);
    expect((await listActivities(deps, stcViewer, { limit: 10, agency: 'so-cong-thuong' })).items.map((x) => x.id)).toEqual([a.id]);
    expect((await listActivities(deps, stcViewer, { limit: 10 })).items).toHaveLength(2);
  });
});

describe('attendance rows', () => {
  it('name one person or count heads, never both', () => {
    const both = attendanceRowInput.safeParse({ personIdHash: hashOf('001089012345'), headCount: 3, role: 'worker' });
    expect(both.success).toBe(false);
    expect(attendanceRowInput.safeParse({ role: 'worker', headCount: 0 }).success).toBe(false);
    expect(attendanceRowInput.safeParse({ role: 'visitor' }).success).toBe(false);
    expect(attendanceRowInput.safeParse({ role: 'ceo', personIdHash: 'ABC' }).success).toBe(false);
    expect(attendanceRowInput.safeParse({ organisation: { name: 'Quatest 1', kind: 'conformity-body' }, role: 'expert' }).success).toBe(
      true,
    );
  });

  it('are at most 1,000 a request', () => {
    const body = routes.addAttendance.request.body;
    const rows = (n: number) => ({ rows: Array.from({ length: n }, () => ({ role: 'worker' })) });
    expect(body.safeParse(rows(1_000)).success).toBe(true);
    expect(body.safeParse(rows(1_001)).success).toBe(false);
  });

  it('keep a person as the registry’s ref and never the hash; a row without a person is a head count', async () => {
    const { deps, repo, personRefs } = fakePlanningDeps();
    const a = await createActivity(deps, sct, workshop);
    const ceo = hashOf('001089012345');
    const rows: AttendanceRowInput[] = [
      { taxCode: '0100233488', personIdHash: ceo, role: 'ceo' },
      { taxCode: '0100233488', role: 'worker', headCount: 12 },
      { taxCode: '0314409058', role: 'worker' },
      { organisation: { name: 'Trung tâm Kỹ thuật TĐC 1', kind: 'conformity-body' }, role: 'expert' },
    ];
    const out = await addAttendance(deps, sct, a.id, rows);
    expect(personRefs.asked).toEqual([ceo]);
    expect(out.counts).toEqual({
      enterprises: 2,
      people: 1,
      headCounts: [
        { role: 'worker', count: 13 },
        { role: 'expert', count: 1 },
      ],
      headCount: 14,
      organisations: 1,
    });
    const stored = JSON.stringify([...repo.batches.values()]);
    expect(stored).toContain(refOf(ceo));
    expect(stored).not.toContain(ceo);
    expect(out).toMatchObject({ added: 4, attendance: { rows: 4, revision: 1 }, version: 2 });
  });

  it('record an organisation without a tax code as such, the same body under two spellings once', async () => {
    expect(organisationKey('Trung tâm Kỹ thuật TĐC 1')).toBe(organisationKey('  trung tam ky thuat tdc-1 '));
    expect(organisationKey('Quatest 3', '0301234567')).toBe('tax:0301234567');
    const s = summarise([
      { organisation: { key: organisationKey('Quatest 3'), kind: 'conformity-body', name: 'Quatest 3' }, role: 'expert', headCount: 1 },
      { organisation: { key: organisationKey('QUATEST 3'), kind: 'conformity-body', name: 'QUATEST 3' }, role: 'expert', headCount: 2 },
    ]);
    expect(s.organisations).toEqual([{ key: organisationKey('Quatest 3'), kind: 'conformity-body' }]);
    expect(s.enterprises).toEqual([]);
  });

  it('are refused when the registry cannot make refs now (503), and nothing is recorded', async () => {
    const { deps, repo, personRefs } = fakePlanningDeps();
    const a = await createActivity(deps, sct, workshop);
    personRefs.failing = true;
    await expect(addAttendance(deps, sct, a.id, [{ personIdHash: hashOf('1'), role: 'worker' }])).rejects.toThrow(ServiceUnavailableError);
    expect(repo.batches.size).toBe(0);
  });

  it('are added by the activity’s own staff only', async () => {
    const { deps } = fakePlanningDeps();
    const a = await createActivity(deps, sct, workshop);
    await expect(addAttendance(deps, khcn, a.id, [{ role: 'worker' }])).rejects.toThrow(NotFoundError);
    await expect(addAttendance(deps, stcViewer, a.id, [{ role: 'worker' }])).rejects.toThrow(ForbiddenError);
  });

  it('are at most 10,000 an activity', async () => {
    const { deps } = fakePlanningDeps();
    const a = await createActivity(deps, sct, workshop);
    const thousand = Array.from({ length: 1_000 }, () => ({ role: 'worker' as const }));
    for (let i = 0; i < 10; i++) await addAttendance(deps, sct, a.id, thousand);
    await expect(addAttendance(deps, sct, a.id, [{ role: 'worker' }])).rejects.toThrow(RuleViolationError);
  });
});

describe('completing an activity', () => {
  it('publishes activity.completed with its attendance, and refuses a second completion with nothing changed', async () => {
    const { deps, outbox } = fakePlanningDeps();
    const a = await createActivity(deps, sct, { ...workshop, planActivityId: 'sct-1', targetIds: ['ceos-trained'] });
    await addAttendance(deps, sct, a.id, [
      { taxCode: '0100233488', personIdHash: hashOf('001089012345'), role: 'ceo' },
      { taxCode: '0100233488', role: 'worker', headCount: 12 },
    ]);
    const done = await completeActivity(deps, sct, a.id);
    expect(done).toMatchObject({ status: 'completed', completion: { revision: 1, parts: 1 }, changedSinceCompletion: false });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      type: 'activity.completed',
      id: `activity.completed:${a.id}:r1:p1`,
      data: {
        activityId: a.id,
        revision: 1,
        part: 1,
        parts: 1,
        kind: 'training-course',
        agency: 'so-cong-thuong',
        startsOn: '2026-03-02',
        endsOn: '2026-03-04',
        planActivityId: 'sct-1',
        targetIds: ['ceos-trained'],
        attendance: {
          enterprises: ['0100233488'],
          people: [{ personRef: refOf(hashOf('001089012345')), role: 'ceo' }],
          headCounts: [{ role: 'worker', count: 12 }],
          organisations: [],
        },
      },
    });
    expect(JSON.stringify(outbox)).not.toContain(hashOf('001089012345'));
    await expect(completeActivity(deps, sct, a.id)).rejects.toThrow(ConflictError);
  });

  it('after a correction sends the whole activity again with the next revision', async () => {
    const { deps, outbox } = fakePlanningDeps();
    const a = await createActivity(deps, commune4, workshop);
    await addAttendance(deps, commune4, a.id, [{ taxCode: '0100233488', role: 'worker' }]);
    await completeActivity(deps, commune4, a.id);
    const corrected = await addAttendance(deps, commune4, a.id, [{ taxCode: '0314409058', role: 'worker' }]);
    expect(corrected.changedSinceCompletion).toBe(true);
    await completeActivity(deps, commune4, a.id);
    expect(outbox.map((e) => [(e.data as { revision: number }).revision, (e.data as AttendanceEventData).attendance.enterprises])).toEqual([
      [1, ['0100233488']],
      [2, ['0100233488', '0314409058']],
    ]);
    expect(outbox[1]!.data).toMatchObject({ agency: 'ubnd-xa', commune: '00004' });
  });

  it('is refused before the activity has started, and to other agencies', async () => {
    const { deps } = fakePlanningDeps('2026-03-01T09:00:00+07:00');
    const a = await createActivity(deps, sct, workshop);
    await expect(completeActivity(deps, sct, a.id)).rejects.toThrow(RuleViolationError);
    await expect(completeActivity(deps, association, a.id)).rejects.toThrow(NotFoundError);
  });

  it('sends a long attendance in parts of at most 1,000 entries', async () => {
    const { deps, outbox } = fakePlanningDeps();
    const a = await createActivity(deps, sct, { ...workshop, kind: 'conference' });
    const rows = (from: number): AttendanceRowInput[] =>
      Array.from({ length: 1_000 }, (_, i) => ({
        taxCode: `01${String(from + i).padStart(8, '0')}`,
        personIdHash: hashOf(String(from + i)),
        role: 'worker',
      }));
    await addAttendance(deps, sct, a.id, rows(0));
    await addAttendance(deps, sct, a.id, rows(1_000));
    await addAttendance(deps, sct, a.id, [{ role: 'official', headCount: 40 }]);
    const done = await completeActivity(deps, sct, a.id);
    expect(done.completion?.parts).toBe(5);
    const parts = outbox.map((e) => e.data as AttendanceEventData);
    expect(parts.map((p) => [p.part, p.parts])).toEqual([1, 2, 3, 4, 5].map((n) => [n, 5]));
    for (const p of parts) expect(entries(p.attendance)).toBeLessThanOrEqual(MAX_ACTIVITY_PART_ENTRIES);
    expect(parts.flatMap((p) => p.attendance.enterprises)).toHaveLength(2_000);
    expect(new Set(parts.flatMap((p) => p.attendance.people.map((x) => x.personRef))).size).toBe(2_000);
    expect(parts.flatMap((p) => p.attendance.headCounts)).toEqual([{ role: 'official', count: 40 }]);
  });
});

type AttendanceEventData = { part: number; parts: number; revision: number; attendance: AttendanceSummary };
const entries = (s: AttendanceSummary) => s.enterprises.length + s.people.length + s.headCounts.length + s.organisations.length;

describe('splitting attendance into parts', () => {
  const summary = (n: number): AttendanceSummary => ({
    headCounts: [{ role: 'worker', count: 3 }],
    enterprises: Array.from({ length: n }, (_, i) => String(i).padStart(10, '0')),
    people: Array.from({ length: n }, (_, i) => ({ personRef: String(i).padStart(64, '0'), role: 'ceo' as const })),
    organisations: [{ key: 'tax:0100233488', kind: 'lab' as const }],
  });

  it('keeps every entry once, in order, at most `max` a part', () => {
    const s = summary(1_249);
    const parts = splitIntoParts(s, 1_000);
    expect(parts.map(entries)).toEqual([1_000, 1_000, 500]);
    expect(parts[0]!.headCounts).toEqual(s.headCounts);
    expect(parts.flatMap((p) => p.enterprises)).toEqual(s.enterprises);
    expect(parts.flatMap((p) => p.people)).toEqual(s.people);
    expect(parts.flatMap((p) => p.organisations)).toEqual(s.organisations);
  });

  it('makes exactly full parts when the entries fill them, and one empty part for no attendance', () => {
    expect(splitIntoParts(summary(999), 1_000).map(entries)).toEqual([1_000, 1_000]);
    expect(splitIntoParts({ enterprises: [], people: [], headCounts: [], organisations: [] })).toEqual([
      { enterprises: [], people: [], headCounts: [], organisations: [] },
    ]);
  });
});
