/**
 * Attendance lists uploaded as CSV (`POST /activities/{id}/attendance-uploads`): a job the caller
 * polls. A file is taken whole or not at all — every row valid, or the job is `rejected` with each
 * bad row's reasons and nothing recorded — so sending a corrected file never counts a row twice.
 * Reasons name the row and the column, never a cell's value (a cell may be a personal-id hash).
 */
import { CsvError, parse } from 'csv-parse/sync';
import { attendanceRowInput, type AttendanceRowInput } from './activity.ts';

export type UploadStatus = 'awaiting-upload' | 'processing' | 'completed' | 'rejected' | 'failed';

/** The columns of an attendance CSV (header row first; any order; empty cells are absent values). */
export const CSV_COLUMNS = ['taxCode', 'organisationName', 'organisationKind', 'personIdHash', 'role', 'headCount'] as const;

/** Reasons kept on a rejected job (the count says how many there were in all). */
export const MAX_LISTED_ERRORS = 100;

export interface RowError {
  /** 1-based data row (the header is row 0). */
  row: number;
  column: string;
  message: string;
}

export interface AttendanceUpload {
  activityId: string;
  id: string;
  status: UploadStatus;
  fileName?: string | undefined;
  sizeBytes: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Rows in the file, once read. */
  rows?: number | undefined;
  /** Rows recorded (all of them, or none). */
  accepted?: number | undefined;
  errors?: RowError[] | undefined;
  errorCount?: number | undefined;
  /** Why a job `failed` (the file never arrived, could not be read, …). */
  error?: string | undefined;
}

export type ParsedCsv = { ok: true; rows: AttendanceRowInput[] } | { ok: false; errors: RowError[]; errorCount: number };

/** Parse and check a whole attendance file; every problem is reported, up to {@link MAX_LISTED_ERRORS}. */
export function parseAttendanceCsv(text: string, maxRows: number): ParsedCsv {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (error) {
    const line = error instanceof CsvError ? ((error as CsvError & { lines?: number }).lines ?? 0) : 0;
    return { ok: false, errors: [{ row: Math.max(0, line - 1), column: '*', message: 'not a well-formed CSV line' }], errorCount: 1 };
  }
  const [header, ...data] = records;
  if (!header) return { ok: false, errors: [{ row: 0, column: '*', message: 'the file is empty' }], errorCount: 1 };
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const errors: RowError[] = unknown.map((h) => ({
    row: 0,
    column: h.slice(0, 40),
    message: `unknown column; the columns are ${CSV_COLUMNS.join(', ')}`,
  }));
  if (!header.includes('role')) errors.push({ row: 0, column: 'role', message: 'the role column is required' });
  if (new Set(header).size !== header.length) errors.push({ row: 0, column: '*', message: 'a column is named twice' });
  if (data.length === 0) errors.push({ row: 0, column: '*', message: 'the file has no rows' });
  if (data.length > maxRows) errors.push({ row: 0, column: '*', message: `at most ${maxRows} rows (${data.length} given)` });
  if (errors.length) return { ok: false, errors: errors.slice(0, MAX_LISTED_ERRORS), errorCount: errors.length };

  const rows: AttendanceRowInput[] = [];
  let errorCount = 0;
  data.forEach((cells, i) => {
    const cell = (c: (typeof CSV_COLUMNS)[number]) => {
      const at = header.indexOf(c);
      const v = at < 0 ? '' : (cells[at] ?? '');
      return v === '' ? undefined : v;
    };
    const orgName = cell('organisationName');
    const orgKind = cell('organisationKind');
    const headCount = cell('headCount');
    const candidate = {
      ...(cell('taxCode') ? { taxCode: cell('taxCode') } : {}),
      ...(orgName || orgKind ? { organisation: { name: orgName, kind: orgKind } } : {}),
      ...(cell('personIdHash') ? { personIdHash: cell('personIdHash')!.toLowerCase() } : {}),
      role: cell('role'),
      ...(headCount ? { headCount: /^\d{1,9}$/.test(headCount) ? Number(headCount) : headCount } : {}),
    };
    const parsed = attendanceRowInput.safeParse(candidate);
    if (parsed.success) {
      rows.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      errorCount++;
      if (errors.length < MAX_LISTED_ERRORS) errors.push({ row: i + 1, column: columnOf(issue.path), message: issue.message });
    }
  });
  return errorCount ? { ok: false, errors, errorCount } : { ok: true, rows };
}

/** The CSV column an issue of the row object is about. */
function columnOf(path: readonly PropertyKey[]): string {
  const [first, second] = path.map(String);
  if (first === 'organisation') return second === 'kind' ? 'organisationKind' : 'organisationName';
  return first ?? '*';
}
