/** Applications as the API shows them (GET /applications/{id}); the contract types only part of it. */
import type { LabelledFigure, Localized } from '../../../shared/i18n/localized.ts';
export const STATUSES = ['draft', 'submitted', 'scored', 'awaiting-supplement', 'approved', 'rejected', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

export interface TimelineEntry {
  at: string;
  by: string;
  action: string;
  from?: string;
  to?: string;
  detail?: string;
  /** The detail in both languages where it is the system's own words (a score line). */
  detailText?: Localized;
}

export interface ApplicationDocument {
  documentId: string;
  type: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  status: 'awaiting-upload' | 'verified' | 'rejected';
  requestedAt: string;
  requestedBy: string;
  verifiedAt?: string;
  problems?: string[];
}

export interface SupplementView {
  message: string;
  documents: string[];
  fields: string[];
  requestedAt: string;
  pausedOn: string;
  answerBy: string;
  answeredAt?: string;
  resumedOn?: string;
  pausedWorkingDays?: number;
  answer?: { message?: string; answers?: Record<string, unknown>; documentsChanged: boolean };
}

export interface ApplicationView {
  id: string;
  programmeId: string;
  programmeCode: string;
  agency: string;
  intakeAgency?: string;
  intakeCommune?: string;
  category: string;
  taxCode: string;
  enterpriseName: string;
  communeCode: string;
  requestedAmountVnd: number;
  answers: Record<string, unknown>;
  contact?: { name: string; phone: string; email: string };
  status: Status;
  version: number;
  createdAt: string;
  /** The staff account or person who drafted it (absent from the applicant's view). */
  createdBy?: string;
  submittedAt?: string;
  dueOn?: string;
  score?: { rubric: { id: string; version: number }; totalPoints: number; maxPoints: number; scoredAt: string };
  /** `by` and `onTime` are the agencies' (absent from the applicant's view). */
  decision?: {
    outcome: 'approved' | 'rejected';
    amountVnd: number | null;
    reason: string | null;
    by?: string;
    at: string;
    onTime?: boolean;
  };
  /** The open or last request for supplement (yêu cầu bổ sung hồ sơ). */
  supplement?: SupplementView;
  /** Absent from the applicant's view (internal to the agencies), as are createdBy's staff ids. */
  flags?: { kind: string; detail: string; at: string }[];
  /** Messages to the enterprise that could not be delivered (shown with the contact). */
  notifications?: { kind: string; to: string; status: 'failed'; at: string; reason: string }[];
  timeline: TimelineEntry[];
  documents?: ApplicationDocument[];
}

export interface ScoreView {
  status: 'pending' | 'scored';
  stage?: string;
  rubric: { id: string; version: number };
  criteria: {
    id: string;
    name: string;
    group: string;
    source: string;
    points: number | null;
    maxPoints: number;
    status: 'scored' | 'missing' | 'awaiting-panel';
    evidence?: Record<string, unknown>;
    reason?: string;
    /** The name and reason in both languages (`reasonText` absent on scores stored before it was kept). */
    nameText?: Localized;
    reasonText?: Localized;
    /** The evidence as labelled figures. */
    evidenceItems?: LabelledFigure[];
  }[];
  totalPoints: number | null;
  maxPoints: number;
  note?: string;
  rank?: number;
  rankedAmong?: number;
  scoredAt?: string;
}

/** Who submitted: the timeline's `submitted` entry. */
export const submitter = (a: ApplicationView) => a.timeline.find((e) => e.action === 'submitted')?.by;
