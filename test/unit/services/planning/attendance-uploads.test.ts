import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/policy.ts';
import { NotFoundError } from '../../../../shared/errors.ts';
import { createActivity, getActivity } from '../../../../services/planning/app/activities.ts';
import {
  getAttendanceUpload,
  idsOfUploadKey,
  processAttendanceUpload,
  requestAttendanceUpload,
  uploadKey,
} from '../../../../services/planning/app/attendance-uploads.ts';
import { parseAttendanceCsv } from '../../../../services/planning/domain/upload.ts';
import { MAX_UPLOAD_BYTES } from '../../../../services/planning/domain/activity.ts';
import { fakePlanningDeps, refOf } from './fakes.ts';

const sct: Actor = { sub: 'sct-officer', agency: 'so-cong-thuong', roles: ['officer'] };
const khcn: Actor = { sub: 'khcn-officer', agency: 'so-khcn', roles: ['officer'] };
const hashOf = (citizenId: string) => createHash('sha256').update(citizenId).digest('hex');
const HEADER = 'taxCode,organisationName,organisationKind,personIdHash,role,headCount';

describe('an attendance CSV', () => {
  it('is read by its header, empty cells being absent', () => {
    const csv = `\uFEFFrole,taxCode,personIdHash\nceo,0100233488,${hashOf('1')}\nworker,0314409058,\n`;
    expect(parseAttendanceCsv(csv, 10)).toEqual({
      ok: true,
      rows: [
        { role: 'ceo', taxCode: '0100233488', personIdHash: hashOf('1') },
        { role: 'worker', taxCode: '0314409058' },
      ],
    });
  });

  it('is refused with each bad row’s row and column, never a cell’s value', () => {
    const secret = 'F'.repeat(63);
    const csv = [HEADER, `0100233488,,,${secret},ceo,`, ',Quatest 1,university,,expert,', ',,,,worker,many', ',,,,,'].join('\n');
    const parsed = parseAttendanceCsv(csv, 10);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => [e.row, e.column])).toEqual([
      [1, 'personIdHash'],
      [2, 'organisationKind'],
      [3, 'headCount'],
      [4, 'role'],
    ]);
    expect(JSON.stringify(parsed)).not.toContain(secret);
  });

  it('is refused for unknown columns, no role column, no rows, or too many rows', () => {
    expect(parseAttendanceCsv('role,cccd\nceo,1\n', 10)).toMatchObject({ ok: false, errors: [{ row: 0, column: 'cccd' }] });
    expect(parseAttendanceCsv('taxCode\n0100233488\n', 10)).toMatchObject({ ok: false, errors: [{ column: 'role' }] });
    expect(parseAttendanceCsv(`${HEADER}\n`, 10)).toMatchObject({ ok: false, errors: [{ message: 'the file has no rows' }] });
    expect(parseAttendanceCsv(`role\n${'worker\n'.repeat(11)}`, 10)).toMatchObject({
      ok: false,
      errors: [{ message: 'at most 10 rows (11 given)' }],
    });
    expect(parseAttendanceCsv('role,"taxCode\nceo', 10)).toMatchObject({ ok: false });
  });
});

describe('an attendance upload', () => {
  /** S3 takes exactly the declared size (the PUT is signed for it): the large files declare the most. */
  async function world(sizeBytes = MAX_UPLOAD_BYTES) {
    const w = fakePlanningDeps();
    const a = await createActivity(w.deps, sct, { kind: 'workshop', title: 'Hội thảo', startsOn: '2026-03-02' });
    const upload = await requestAttendanceUpload(w.deps, sct, a.id, { sizeBytes, fileName: 'ds.csv' });
    return { ...w, a, upload, key: uploadKey(a.id, upload.id) };
  }

  it('is asked for by the activity’s staff, and polled by who may read the activity', async () => {
    const w = await world(5_000);
    expect(w.upload).toMatchObject({ status: 'awaiting-upload', uploadHeaders: { 'content-type': 'text/csv', 'content-length': '5000' } });
    expect(idsOfUploadKey(w.key)).toEqual({ activityId: w.a.id, uploadId: w.upload.id });
    await expect(requestAttendanceUpload(w.deps, khcn, w.a.id, { sizeBytes: 10 })).rejects.toThrow(NotFoundError);
    await expect(getAttendanceUpload(w.deps, khcn, w.a.id, w.upload.id)).rejects.toThrow(NotFoundError);
  });

  it('records every row as person refs and head counts, then deletes the file', async () => {
    const w = await world();
    const rows = Array.from({ length: 2_500 }, (_, i) => `01${String(i).padStart(8, '0')},,,${hashOf(String(i))},worker,`);
    w.files.objects.set(w.key, [HEADER, ...rows, ',Quatest 1,conformity-body,,expert,2'].join('\n'));
    expect(await processAttendanceUpload(w.deps, w.a.id, w.upload.id)).toBe('completed');
    expect(await getAttendanceUpload(w.deps, sct, w.a.id, w.upload.id)).toMatchObject({
      status: 'completed',
      rows: 2_501,
      accepted: 2_501,
    });
    expect(w.files.objects.has(w.key)).toBe(false);
    const view = await getActivity(w.deps, sct, w.a.id);
    expect(view.counts).toMatchObject({ enterprises: 2_500, people: 2_500, headCount: 2, organisations: 1 });
    expect(view.attendance.rows).toBe(2_501);
    const stored = JSON.stringify([...w.repo.batches.values()]);
    expect(stored).toContain(refOf(hashOf('7')));
    expect(stored).not.toContain(hashOf('7'));
  });

  it('with a bad row records nothing, and says which rows', async () => {
    const w = await world();
    w.files.objects.set(w.key, [HEADER, '0100233488,,,,ceo,', '0100233488,,,,chairman,'].join('\n'));
    expect(await processAttendanceUpload(w.deps, w.a.id, w.upload.id)).toBe('rejected');
    expect(await getAttendanceUpload(w.deps, sct, w.a.id, w.upload.id)).toMatchObject({
      status: 'rejected',
      accepted: 0,
      errorCount: 1,
      errors: [{ row: 2, column: 'role' }],
    });
    expect(w.repo.batches.size).toBe(0);
    expect(w.files.objects.has(w.key)).toBe(false);
  });

  it('fails, recording nothing, for a file larger than the one declared', async () => {
    const w = await world(40);
    w.files.objects.set(w.key, [HEADER, ...Array.from({ length: 10 }, () => ',,,,worker,')].join('\n'));
    expect(await processAttendanceUpload(w.deps, w.a.id, w.upload.id)).toBe('failed');
    expect(await getAttendanceUpload(w.deps, sct, w.a.id, w.upload.id)).toMatchObject({
      status: 'failed',
      error: 'the file is larger than the 40 bytes declared',
    });
    expect(w.repo.batches.size).toBe(0);
    expect(w.files.objects.has(w.key)).toBe(false);
  });

  it('goes on where a failed attempt stopped, recording no list twice, and a settled one is never recorded again', async () => {
    const w = await world();
    const csv = [HEADER, ...Array.from({ length: 1_500 }, (_, i) => `,,,${hashOf(String(i))},worker,`)].join('\n');
    w.files.objects.set(w.key, csv);
    // The first attempt dies after its first list is recorded.
    const add = w.repo.addAttendance.bind(w.repo);
    let calls = 0;
    w.repo.addAttendance = async (...args) => {
      if (++calls === 2) throw new Error('killed');
      return add(...args);
    };
    await expect(processAttendanceUpload(w.deps, w.a.id, w.upload.id)).rejects.toThrow('killed');
    expect((await getAttendanceUpload(w.deps, sct, w.a.id, w.upload.id)).status).toBe('processing');
    expect(await processAttendanceUpload(w.deps, w.a.id, w.upload.id)).toBe('completed');
    expect((await getActivity(w.deps, sct, w.a.id)).attendance.rows).toBe(1_500);
    // The same URL used again after it settled: the file is dropped, nothing recorded.
    w.files.objects.set(w.key, csv);
    expect(await processAttendanceUpload(w.deps, w.a.id, w.upload.id)).toBe('completed');
    expect((await getActivity(w.deps, sct, w.a.id)).attendance.rows).toBe(1_500);
    expect(w.files.objects.has(w.key)).toBe(false);
  });
});
