/**
 * Attendance lists as CSV files: the caller asks for an upload (a presigned PUT signed for the
 * declared size), PUTs the file, and polls the job. The upload lands under the watched prefix; the
 * `attendance-uploads` consumer reads it whole, checks every row, has the registry turn the
 * personal-id hashes into person refs, records the rows in batches of 1,000 and deletes the file.
 * The file is kept no longer than that (and the bucket's lifecycle removes whatever a failure
 * leaves within a day: manifest `expireAfterDays`), so no personal-id hash stays stored.
 *
 * A redelivered notification goes on where the last attempt stopped: each batch has a fixed id
 * (`U-<uploadId>-<n>`), written once.
 */
import { ConflictError, NotFoundError } from '../../../shared/errors.ts';
import { MAX_ATTENDANCE_ROWS, MAX_ATTENDANCE_ROWS_PER_REQUEST, MAX_UPLOAD_BYTES, type Activity } from '../domain/activity.ts';
import { parseAttendanceCsv, type AttendanceUpload } from '../domain/upload.ts';
import { assertRoomFor, loadActivity, storedRows, withRows } from './activities.ts';
import type { Actor, PlanningDeps } from './ports.ts';

export const UPLOAD_URL_SECONDS = 15 * 60;
export const CSV_CONTENT_TYPE = 'text/csv';
/** Where uploads land (the prefix the manifest watches, under `planning/`). */
export const UPLOAD_PREFIX = 'attendance-uploads/';
export const uploadKey = (activityId: string, uploadId: string) => `planning/${UPLOAD_PREFIX}${activityId}/${uploadId}.csv`;

export function idsOfUploadKey(key: string): { activityId: string; uploadId: string } | undefined {
  const m = /^planning\/attendance-uploads\/([0-9a-f-]{36})\/([0-9a-f-]{36})\.csv$/.exec(key);
  return m ? { activityId: m[1]!, uploadId: m[2]! } : undefined;
}

export async function requestAttendanceUpload(
  deps: PlanningDeps,
  actor: Actor,
  activityId: string,
  input: { sizeBytes: number; fileName?: string | undefined },
) {
  const a = await loadActivity(deps, actor, activityId, 'update');
  if (a.attendance.rows >= MAX_ATTENDANCE_ROWS) assertRoomFor(a, 1);
  const now = deps.now();
  const upload: AttendanceUpload = {
    activityId: a.id,
    id: deps.newId(),
    status: 'awaiting-upload',
    ...(input.fileName ? { fileName: input.fileName } : {}),
    sizeBytes: input.sizeBytes,
    createdBy: actor.sub,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.activities.createUpload(upload);
  const target = await deps.files.uploadUrl(uploadKey(a.id, upload.id), CSV_CONTENT_TYPE, input.sizeBytes, UPLOAD_URL_SECONDS);
  return {
    ...upload,
    uploadUrl: target.url,
    uploadHeaders: target.headers,
    expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

export async function getAttendanceUpload(deps: PlanningDeps, actor: Actor, activityId: string, uploadId: string) {
  await loadActivity(deps, actor, activityId, 'read');
  const u = await deps.activities.getUpload(activityId, uploadId);
  if (!u) throw new NotFoundError(`No attendance upload ${uploadId} of activity ${activityId}`);
  return u;
}

const settle = (u: AttendanceUpload, at: string, change: Partial<AttendanceUpload>): AttendanceUpload => ({
  ...u,
  ...change,
  updatedAt: at,
});

/** Handle an uploaded file (called for each object that lands under the prefix). */
export async function processAttendanceUpload(
  deps: PlanningDeps,
  activityId: string,
  uploadId: string,
): Promise<AttendanceUpload['status'] | 'unknown'> {
  const key = uploadKey(activityId, uploadId);
  const job = await deps.activities.getUpload(activityId, uploadId);
  const activity = await deps.activities.getActivity(activityId);
  if (!job || !activity || (job.status !== 'awaiting-upload' && job.status !== 'processing')) {
    // Unknown, or settled already: a file here is never recorded (again).
    await deps.files.remove(key);
    return job?.status ?? 'unknown';
  }
  const at = () => deps.now().toISOString();
  const text = await deps.files.read(key, Math.min(job.sizeBytes, MAX_UPLOAD_BYTES));
  if (text === undefined) return job.status; // not there (yet): nothing to do
  if (typeof text !== 'string') {
    // S3 takes only the declared size (the PUT is signed for it): this is no file of this job.
    await deps.activities.saveUpload(
      settle(job, at(), { status: 'failed', accepted: 0, error: `the file is larger than the ${job.sizeBytes} bytes declared` }),
    );
    await deps.files.remove(key);
    return 'failed';
  }
  let current = job.status === 'processing' ? job : settle(job, at(), { status: 'processing' });
  if (current !== job) await deps.activities.saveUpload(current);

  const parsed = parseAttendanceCsv(text, MAX_ATTENDANCE_ROWS);
  if (!parsed.ok) {
    await deps.activities.saveUpload(
      settle(current, at(), { status: 'rejected', accepted: 0, errors: parsed.errors, errorCount: parsed.errorCount }),
    );
    await deps.files.remove(key);
    return 'rejected';
  }
  current = { ...current, rows: parsed.rows.length };
  let a: Activity = activity;
  const batches = Math.ceil(parsed.rows.length / MAX_ATTENDANCE_ROWS_PER_REQUEST);
  // Room for the batches not yet written (a redelivery has some already).
  const pending: number[] = [];
  for (let n = 0; n < batches; n++) if (!(await deps.activities.hasBatch(activityId, batchId(uploadId, n)))) pending.push(n);
  const pendingRows = pending.reduce(
    (sum, n) => sum + Math.min(MAX_ATTENDANCE_ROWS_PER_REQUEST, parsed.rows.length - n * MAX_ATTENDANCE_ROWS_PER_REQUEST),
    0,
  );
  if (a.attendance.rows + pendingRows > MAX_ATTENDANCE_ROWS && pending.length === batches) {
    await deps.activities.saveUpload(
      settle(current, at(), {
        status: 'rejected',
        accepted: 0,
        errors: [{ row: 0, column: '*', message: `the activity holds ${a.attendance.rows} rows; at most ${MAX_ATTENDANCE_ROWS} in all` }],
        errorCount: 1,
      }),
    );
    await deps.files.remove(key);
    return 'rejected';
  }
  for (const n of pending) {
    const slice = parsed.rows.slice(n * MAX_ATTENDANCE_ROWS_PER_REQUEST, (n + 1) * MAX_ATTENDANCE_ROWS_PER_REQUEST);
    const stored = await storedRows(deps, slice);
    const fresh = await deps.activities.getActivity(activityId);
    if (!fresh) throw new ConflictError(`Activity ${activityId} is gone`);
    a = withRows(fresh, stored.length, at());
    await deps.activities.addAttendance(a, batchId(uploadId, n), stored, fresh.version);
  }
  await deps.activities.saveUpload(settle(current, at(), { status: 'completed', accepted: parsed.rows.length }));
  await deps.files.remove(key);
  return 'completed';
}

const batchId = (uploadId: string, n: number) => `U-${uploadId}-${String(n).padStart(3, '0')}`;
