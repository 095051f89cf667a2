/**
 * Activities that are not grants, as the console records them (docs/api.md, "Activities that are
 * not grants"): the inputs are the contract's (schema.d.ts); the answers are typed from the
 * service's views (services/planning/app/activities.ts, attendance-uploads.ts), which the contract
 * leaves open. A person is sent only as the SHA-256 of the 12-digit citizen id, hashed here in the
 * browser: the id itself never leaves the page, and the service keeps only the registry's ref.
 */
import type { paths } from '../api/schema';
import type { Problem } from '../api/problem.ts';
import { sha256Hex } from './upload.ts';

export type ActivityInput = NonNullable<paths['/activities']['post']['requestBody']>['content']['application/json'];
export type ActivityKind = ActivityInput['kind'];
export type AttendanceRow = NonNullable<
  paths['/activities/{id}/attendance']['post']['requestBody']
>['content']['application/json']['rows'][number];
export type AttendeeRole = AttendanceRow['role'];
export type OrganisationKind = NonNullable<AttendanceRow['organisation']>['kind'];

export const ACTIVITY_KINDS = [
  'conference',
  'workshop',
  'training-course',
  'information-session',
  'consulting-round',
  'publication',
  'outreach',
] as const satisfies readonly ActivityKind[];
export const ATTENDEE_ROLES = [
  'worker',
  'ceo',
  'owner',
  'staff',
  'official',
  'consultant',
  'expert',
] as const satisfies readonly AttendeeRole[];
export const ORGANISATION_KINDS = ['conformity-body', 'lab', 'association', 'other'] as const satisfies readonly OrganisationKind[];
/** The columns of an attendance CSV (services/planning/domain/upload.ts). */
export const CSV_COLUMNS = ['taxCode', 'organisationName', 'organisationKind', 'personIdHash', 'role', 'headCount'] as const;
/** The largest CSV the API takes (services/planning/domain/activity.ts MAX_UPLOAD_BYTES). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Rows one POST …/attendance takes; a longer list goes as a CSV. */
export const MAX_ROWS_PER_REQUEST = 1000;

export interface AttendanceCounts {
  enterprises: number;
  people: number;
  headCounts: { role: AttendeeRole; count: number }[];
  headCount: number;
  organisations: number;
}

export interface ActivityView {
  id: string;
  kind: ActivityKind;
  title: string;
  agency: string;
  commune?: string;
  startsOn: string;
  endsOn?: string;
  planActivityId?: string;
  targetIds: string[];
  status: 'open' | 'completed';
  attendance: { rows: number; revision: number };
  completion?: { revision: number; completedAt: string; completedBy: string; attendanceRevision: number; parts: number };
  changedSinceCompletion?: boolean;
  counts?: AttendanceCounts;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type UploadStatus = 'awaiting-upload' | 'processing' | 'completed' | 'rejected' | 'failed';
export const OPEN_UPLOAD: readonly UploadStatus[] = ['awaiting-upload', 'processing'];

export interface UploadJob {
  id: string;
  activityId: string;
  status: UploadStatus;
  fileName?: string;
  sizeBytes: number;
  rows?: number;
  accepted?: number;
  /** Each bad row's reasons (row 0: the header or the file as a whole), at most 100 of `errorCount`. */
  errors?: { row: number; column: string; message: string }[];
  errorCount?: number;
  error?: string;
  uploadUrl?: string;
  uploadHeaders?: Record<string, string>;
}

/** A row of the attendance form as typed (every cell a string). */
export interface RowDraft {
  /** React's list key while the row is edited. */
  key: string;
  taxCode: string;
  organisationName: string;
  organisationKind: OrganisationKind | '';
  /** The 12-digit citizen id, hashed before sending; empty: a head count. */
  personalId: string;
  role: AttendeeRole;
  headCount: string;
}

let rows = 0;
export const blankRow = (): RowDraft => ({
  key: `row-${++rows}`,
  taxCode: '',
  organisationName: '',
  organisationKind: '',
  personalId: '',
  role: 'worker',
  headCount: '',
});

/** How a row counts: an enterprise, a person known by id, an organisation, or heads (marked so). */
export function rowCountsAs(r: RowDraft): 'person' | 'heads' {
  return r.personalId.trim() ? 'person' : 'heads';
}

/**
 * The rows as the API takes them, or the problems the page can tell before sending (paths as the
 * API names them, `rows.0.personIdHash`, so they sit under the same inputs as the API's own).
 */
export async function attendanceRowsOf(
  drafts: readonly RowDraft[],
  messages: Record<'personalId' | 'headCount' | 'organisation', string>,
  hash: (text: string) => Promise<string> = (s) => sha256Hex(new Blob([s])),
): Promise<{ rows: AttendanceRow[] } | { problem: Problem }> {
  const errors: { path: string; message: string }[] = [];
  const rows: AttendanceRow[] = [];
  for (const [i, d] of drafts.entries()) {
    const id = d.personalId.replace(/\s/g, '');
    if (id && !/^\d{12}$/.test(id)) errors.push({ path: `rows.${i}.personIdHash`, message: messages.personalId });
    const heads = d.headCount.trim();
    if (heads && !/^\d{1,5}$/.test(heads)) errors.push({ path: `rows.${i}.headCount`, message: messages.headCount });
    if ((d.organisationName.trim() === '') !== (d.organisationKind === ''))
      errors.push({ path: `rows.${i}.organisation`, message: messages.organisation });
    rows.push({
      ...(d.taxCode.trim() ? { taxCode: d.taxCode.trim() } : {}),
      ...(d.organisationName.trim() && d.organisationKind
        ? { organisation: { name: d.organisationName.trim(), kind: d.organisationKind } }
        : {}),
      ...(id && /^\d{12}$/.test(id) ? { personIdHash: await hash(id) } : {}),
      role: d.role,
      ...(!id && heads && /^\d{1,5}$/.test(heads) ? { headCount: Number(heads) } : {}),
    });
  }
  return errors.length ? { problem: { status: 400, errors } } : { rows };
}

/** The activities' year range a list offers: last year to four ahead. */
export const yearsAround = (year: number): number[] => Array.from({ length: 6 }, (_, i) => year - 1 + i);
