/**
 * An application for support, and its workflow:
 *
 *   draft → submitted → scored → approved | rejected
 *   draft | submitted | scored | awaiting-supplement → withdrawn
 *   submitted | scored → awaiting-supplement → submitted (changed: scored again) | scored (unchanged)
 *
 * A programme without a rubric (e.g. training places) decides once submitted. Every change is a
 * new version of the application with an entry on its timeline (who, when, what); a change asked
 * of a stale version, or a move the workflow does not allow, is a conflict.
 */
import { ConflictError } from '../../../shared/errors.ts';
import { emailAddress, type MAIL_LANGUAGES } from '../../../shared/contracts/notifications.ts';

type MailLanguage = (typeof MAIL_LANGUAGES)[number];
import type { DocumentType, Programme } from './programme.ts';

export const STATUSES = ['draft', 'submitted', 'scored', 'awaiting-supplement', 'approved', 'rejected', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly Status[] = ['draft', 'submitted', 'scored', 'awaiting-supplement'];

export type Action =
  | 'created'
  | 'submitted'
  | 'scored'
  | 'approved'
  | 'rejected'
  | 'withdrawn'
  | 'flagged'
  | 'supplement-requested'
  | 'supplement-answered';

export interface TimelineEntry {
  at: string;
  /** A user's `sub`, or `system:<source>` for changes from events. */
  by: string;
  action: Action;
  /** `enterprise`: the act of a person acting for the applicant online (role enterprise), not of staff. */
  via?: 'enterprise';
  from?: Status;
  to?: Status;
  detail?: string;
}

export interface Contact {
  name: string;
  phone: string;
  email: string;
  /** The language the enterprise is written to in (notifications); Vietnamese when absent. */
  language?: MailLanguage;
}

/**
 * What intake's application events carry for the notifications service: the contact e-mail (when
 * it is one the contract accepts — drafts from before it was bounded may hold a longer one, which
 * would make the event unpublishable) and the language asked for.
 */
export function mailFields(contact: Contact): { contactEmail?: string; language?: MailLanguage } {
  return {
    ...(emailAddress.safeParse(contact.email).success ? { contactEmail: contact.email } : {}),
    ...(contact.language ? { language: contact.language } : {}),
  };
}

/** The registry data the application was judged on, frozen at submission. */
export interface RegistrySnapshot {
  revision: number;
  name: string;
  legalForm: string;
  communeCode: string;
  status: string;
  foundedOn?: string | undefined;
  vsic: { version: string; main: string; others: string[] };
  employees: number;
  revenueVnd: number;
  totalCapitalVnd: number;
  sizeClass: { class: string; sectorGroup: string };
  takenAt: string;
}

export interface Score {
  rubric: { id: string; version: number };
  totalPoints: number;
  maxPoints: number;
  /** The rubric version's pass mark, as scoring announced it (absent on scores from before it was sent). */
  passMark?: number;
  scoredAt: string;
}

export interface Decision {
  outcome: 'approved' | 'rejected';
  amountVnd: number | null;
  reason: string | null;
  by: string;
  at: string;
  onTime: boolean;
}

/** Raised by the registry feed: the enterprise was suspended or dissolved while this was open. */
export interface RegistryFlag {
  kind: 'enterprise-suspended' | 'enterprise-dissolved';
  revision: number;
  at: string;
  detail: string;
}

/**
 * Raised at submission and at approval: an enterprise sharing an owner or legal representative
 * with this one (registry person refs) was supported for the same content in the same year. For
 * review, never a refusal. `related` names it; only the coordinator and the agency that made the
 * related grant see `related` (policy: application.related-party) — to anyone else the flag says
 * only that a related enterprise was supported.
 */
export interface RelatedPartyFlag {
  kind: 'related-party-support';
  contentId: string;
  /** The related grant was made by this application's (programme's) agency. */
  sameAgency: boolean;
  year: number;
  at: string;
  detail: string;
  related?: {
    taxCode: string;
    grantId: string;
    agency: string;
    /** How the two enterprises are related: the roles the shared people hold in this one. */
    sharedRoles: ('owner' | 'legal-representative')[];
  };
}

export type Flag = RegistryFlag | RelatedPartyFlag;

/**
 * A message to the enterprise about this file that could not be delivered (notification.failed):
 * refused by the mail service, or still failing after every attempt. Officers see it on the file
 * and reach the enterprise another way.
 */
export interface NotificationRecord {
  kind: string;
  to: string;
  status: 'failed';
  at: string;
  failure: 'rejected' | 'exhausted';
  reason: string;
}

/** The undelivered messages a file keeps (the latest). */
export const MAX_NOTIFICATION_RECORDS = 20;

export interface Application {
  id: string;
  programmeId: string;
  programmeCode: string;
  /** The programme's owning agency (it cannot change while the programme has applications). */
  agency: string;
  /**
   * Who took the application in: the agency of the account that drafted it and, for a commune
   * committee (every committee shares one agency code), its commune. Absent on applications
   * drafted before it was recorded.
   */
  intakeAgency?: string;
  intakeCommune?: string;
  /** `sub`s of the reviewers it is assigned to (set by scoring; empty until then). */
  assignees?: string[];
  category: string;
  taxCode: string;
  enterpriseName: string;
  communeCode: string;
  requestedAmountVnd: number;
  answers: Record<string, unknown>;
  contact: Contact;
  status: Status;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  submittedAt?: string;
  /** The due date: `processingDays` working days after the day it was submitted (Hanoi). */
  dueOn?: string;
  /** Set when the due date was counted without a year's full holiday data (shared/time/working-days.ts). */
  dueOnCaveat?: string;
  snapshot?: RegistrySnapshot;
  score?: Score;
  decision?: Decision;
  flags: Flag[];
  /** Messages to the enterprise that could not be delivered; absent until one fails. */
  notifications?: NotificationRecord[];
  timeline: TimelineEntry[];
  /** The latest request for supplement (yêu cầu bổ sung hồ sơ): open while the status is `awaiting-supplement`. */
  supplement?: SupplementRequest;
}

/**
 * A request for supplement: while it is open the file's clock is paused; when the applicant answers
 * it resumes and the due date moves by the working days it was paused (domain/supplement.ts).
 */
export interface SupplementRequest {
  message: string;
  /** Document types asked for (uploaded through the usual document route). */
  documents: string[];
  /** Answers (paths such as `answers.employeesTrained`) asked to be corrected. */
  fields: string[];
  requestedAt: string;
  /** The staff account that asked (never shown to the applicant). */
  requestedBy: string;
  /** The Hanoi day the clock stopped, and the day the applicant should answer by. */
  pausedOn: string;
  answerBy: string;
  /** The status to return to when nothing the score reads changed. */
  previousStatus: 'submitted' | 'scored';
  /** Set when answered. */
  answeredAt?: string;
  resumedOn?: string;
  pausedWorkingDays?: number;
  /** `changed`: answers or documents changed, so the file is scored again (absent on answers from before it was kept). */
  answer?: { message?: string; answers?: Record<string, unknown>; documentsChanged: boolean; changed?: boolean };
}

/** Documents one application may carry (declared, in any status); a 51st is refused with 422. */
export const MAX_DOCUMENTS = 50;

export type DocumentStatus = 'awaiting-upload' | 'verified' | 'rejected';

export interface ApplicationDocument {
  documentId: string;
  applicationId: string;
  type: DocumentType;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  status: DocumentStatus;
  requestedAt: string;
  requestedBy: string;
  verifiedAt?: string;
  /** Why verification failed (size, checksum, content not of the declared type). */
  problems?: string[];
}

/** Which statuses each status may move to. */
const NEXT: Record<Status, readonly Status[]> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['scored', 'approved', 'rejected', 'withdrawn', 'awaiting-supplement'],
  scored: ['approved', 'rejected', 'withdrawn', 'awaiting-supplement'],
  'awaiting-supplement': ['submitted', 'scored', 'withdrawn'],
  approved: [],
  rejected: [],
  withdrawn: [],
};

/** Throws a 409 unless the workflow allows `from → to` for this programme. */
export function assertTransition(app: Pick<Application, 'id' | 'status'>, to: Status, programme: Pick<Programme, 'rubric'>): void {
  const allowed = NEXT[app.status].includes(to);
  const needsScore = programme.rubric !== null && app.status === 'submitted' && (to === 'approved' || to === 'rejected');
  const noRubric = programme.rubric === null && to === 'scored';
  if (!allowed || needsScore || noRubric) {
    const why = needsScore ? ': it has not been scored yet' : noRubric ? ': its programme has no rubric' : '';
    throw new ConflictError(`Application ${app.id} is ${app.status}; it cannot become ${to}${why}`);
  }
}

/** Throws a 409 when the caller's version (If-Match) is not the current one. */
export function assertVersion(app: Pick<Application, 'id' | 'version'>, expected: number | undefined): void {
  if (expected !== undefined && expected !== app.version) {
    throw new ConflictError(`Application ${app.id} is at version ${app.version}, not ${expected}; reload it and retry`);
  }
}

/** The next version of an application, with its timeline entry. */
export function evolve(app: Application, change: Partial<Application>, entry: TimelineEntry): Application {
  return { ...app, ...change, version: app.version + 1, updatedAt: entry.at, timeline: [...app.timeline, entry] };
}
