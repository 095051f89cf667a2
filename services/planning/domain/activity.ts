/**
 * Activities that are not grants: conferences, workshops, training courses, information sessions,
 * consulting rounds, publications, outreach — each recorded by its agency (a department, a commune
 * committee through its commune, a business association) with its attendance. They count toward
 * indirect support (enterprises), workers and CEOs trained (people), conferences and publications
 * (the event itself), conformity bodies and experts (organisations, people). A trade fair is not
 * one: its participants count from the fair.
 *
 * Attendance rows name an enterprise by tax code, an organisation (which may have no tax code) by
 * name and kind, a person by the registry's person ref (the personal-id hash a row arrives with is
 * turned into a ref by the registry and never kept), and a role. A row without a person is a head
 * count (`headCount`, default 1) and stays one: people known by ref are counted apart from heads.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import {
  ATTENDEE_ROLES,
  MAX_ACTIVITY_PART_ENTRIES,
  ORGANISATION_KINDS,
  type ActivityKind,
  type AttendeeRole,
  type OrganisationKind,
} from '../../../shared/contracts/planning.ts';
import { personIdHashSchema } from '../../../shared/contracts/person-refs.ts';
import { taxCodeSchema } from '../../../shared/reference/registration.ts';
import { COMMUNE_COMMITTEE_AGENCY } from './plan.ts';

/** Rows one `POST /activities/{id}/attendance` takes (larger lists: a CSV upload). */
export const MAX_ATTENDANCE_ROWS_PER_REQUEST = 1_000;
/** Rows one activity may hold in all (every list of it, posted or uploaded). */
export const MAX_ATTENDANCE_ROWS = 10_000;
/** A CSV attendance upload is at most this large (10,000 rows of ~300 bytes fit with room). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** A head-count row counts at most this many people. */
export const MAX_HEAD_COUNT = 10_000;

export const attendanceRowInput = z
  .strictObject({
    taxCode: taxCodeSchema.optional(),
    organisation: z.strictObject({ name: z.string().trim().min(1).max(200), kind: z.enum(ORGANISATION_KINDS) }).optional(),
    personIdHash: personIdHashSchema.optional(),
    role: z.enum(ATTENDEE_ROLES),
    headCount: z.number().int().min(1).max(MAX_HEAD_COUNT).optional(),
  })
  .refine((r) => !(r.personIdHash && r.headCount !== undefined), {
    message: 'a row names one person (personIdHash) or counts heads (headCount), not both',
    path: ['headCount'],
  });
export type AttendanceRowInput = z.infer<typeof attendanceRowInput>;

/** A row as kept: the person as a ref, never the hash; a row without a person carries its head count. */
export interface StoredRow {
  taxCode?: string | undefined;
  organisation?: { key: string; kind: OrganisationKind; name: string } | undefined;
  personRef?: string | undefined;
  role: AttendeeRole;
  headCount?: number | undefined;
}

export type ActivityStatus = 'open' | 'completed';

export interface Activity {
  id: string;
  kind: ActivityKind;
  title: string;
  /** The recording agency; `ubnd-xa` for a commune committee, whose `commune` is then its own. */
  agency: string;
  /** Where it took place (a commune committee: its commune). */
  commune?: string | undefined;
  startsOn: string;
  endsOn?: string | undefined;
  /** The planned activity (a contribution's activity id) it carries out, if any. */
  planActivityId?: string | undefined;
  targetIds: string[];
  status: ActivityStatus;
  attendance: {
    /** Rows recorded in all. */
    rows: number;
    /** Bumped by every list added: a completion names the one it counted. */
    revision: number;
  };
  completion?:
    | {
        /** 1 on the first completion, one more on each re-completion after a correction. */
        revision: number;
        completedAt: string;
        completedBy: string;
        /** The attendance revision it counted. */
        attendanceRevision: number;
        parts: number;
      }
    | undefined;
  /** Bumped by every write: each write is conditional on the version it read. */
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** What the policy decides an activity by: its agency, or a commune committee's commune. */
export const activityFacts = (a: Pick<Activity, 'agency' | 'commune'>): { ownerAgency?: string; communeCode?: string } =>
  a.agency === COMMUNE_COMMITTEE_AGENCY ? { communeCode: a.commune } : { ownerAgency: a.agency };

/**
 * An organisation's key: its tax code when it has one, else a hash of its normalised name (case,
 * accents, punctuation and spacing ignored), so the same body named twice is one organisation.
 */
export function organisationKey(name: string, taxCode?: string): string {
  if (taxCode) return `tax:${taxCode}`;
  const normal = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return `name:${createHash('sha256').update(normal).digest('hex').slice(0, 32)}`;
}

/** A row as kept, given the ref the registry made of its person (if it names one). */
export function storedRow(row: AttendanceRowInput, personRef: string | undefined): StoredRow {
  return {
    ...(row.taxCode ? { taxCode: row.taxCode } : {}),
    ...(row.organisation
      ? {
          organisation: {
            key: organisationKey(row.organisation.name, row.taxCode),
            kind: row.organisation.kind,
            name: row.organisation.name,
          },
        }
      : {}),
    ...(personRef ? { personRef } : { headCount: row.headCount ?? 1 }),
    role: row.role,
  };
}

export interface AttendanceSummary {
  enterprises: string[];
  people: { personRef: string; role: AttendeeRole }[];
  headCounts: { role: AttendeeRole; count: number }[];
  organisations: { key: string; kind: OrganisationKind }[];
}

/** Distinct enterprises, people (by ref and role) and organisations; head counts summed by role. */
export function summarise(rows: readonly StoredRow[]): AttendanceSummary {
  const enterprises = new Set<string>();
  const people = new Map<string, { personRef: string; role: AttendeeRole }>();
  const heads = new Map<AttendeeRole, number>();
  const organisations = new Map<string, OrganisationKind>();
  for (const r of rows) {
    if (r.taxCode) enterprises.add(r.taxCode);
    if (r.personRef) people.set(`${r.personRef}|${r.role}`, { personRef: r.personRef, role: r.role });
    else heads.set(r.role, (heads.get(r.role) ?? 0) + (r.headCount ?? 1));
    if (r.organisation && !organisations.has(r.organisation.key)) organisations.set(r.organisation.key, r.organisation.kind);
  }
  const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    enterprises: [...enterprises].sort(),
    people: byKey(people),
    headCounts: ATTENDEE_ROLES.filter((role) => heads.has(role)).map((role) => ({ role, count: heads.get(role)! })),
    organisations: [...organisations.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, kind]) => ({ key, kind })),
  };
}

/** How many entries a summary has over all its lists. */
export const entriesOf = (s: AttendanceSummary): number =>
  s.enterprises.length + s.people.length + s.headCounts.length + s.organisations.length;

/**
 * The summary cut into parts of at most `max` entries over all lists, in a fixed order (head
 * counts, enterprises, people, organisations), each list's entries kept in order. An empty
 * attendance is one empty part: the activity itself still counts (a conference, a publication).
 */
export function splitIntoParts(s: AttendanceSummary, max = MAX_ACTIVITY_PART_ENTRIES): AttendanceSummary[] {
  const parts: AttendanceSummary[] = [];
  let current: AttendanceSummary = { enterprises: [], people: [], headCounts: [], organisations: [] };
  let size = 0;
  const push = <K extends keyof AttendanceSummary>(list: K, entry: AttendanceSummary[K][number]) => {
    if (size === max) {
      parts.push(current);
      current = { enterprises: [], people: [], headCounts: [], organisations: [] };
      size = 0;
    }
    (current[list] as AttendanceSummary[K][number][]).push(entry);
    size++;
  };
  for (const h of s.headCounts) push('headCounts', h);
  for (const e of s.enterprises) push('enterprises', e);
  for (const p of s.people) push('people', p);
  for (const o of s.organisations) push('organisations', o);
  parts.push(current);
  return parts;
}
