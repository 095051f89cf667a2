/** What the notifications use cases need from the outside. */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { MailLanguage } from '../domain/language.ts';
import type { KnownAddress } from '../domain/recipients.ts';
import type { TemplateKind } from '../domain/templates.ts';

/** One e-mail, rendered. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** What it is about, as SES message tags (and the local sink's `applicationId`). */
  tags: { kind: TemplateKind; applicationId?: string | undefined };
}

/**
 * Sends mail: Amazon SES v2 in AWS, the local runtime's mail sink locally (the same adapter).
 * Throws {@link MailRejectedError} when the mail service refuses the message for good (a retry
 * would be refused again); any other error is worth retrying (throttling, an outage).
 */
export interface MailSender {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/** The mail service refused the message and would refuse it again (bad address, unverified sender, …). */
export class MailRejectedError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailRejectedError';
  }
}

/**
 * The accounts of the people acting for an enterprise (the enterprise role, domain.md §9): the
 * verified e-mail (and language) each signed in with when they linked to it — the registry's
 * `enterprise-accounts` function (adapters/outbound/lambda-account-directory.ts).
 */
export interface AccountDirectory {
  accountsOf(taxCode: string): Promise<KnownAddress[]>;
}

/** What notifications keeps of an application from intake's events: enough to write about it later. */
export interface ApplicationContact {
  applicationId: string;
  taxCode: string;
  programmeCode: string;
  contactEmail?: string | undefined;
  language?: MailLanguage | undefined;
  updatedAt: string;
}

export type DeliveryStatus = 'sent' | 'failed';

/** One message of one event to one address. */
export interface Delivery {
  sourceEventId: string;
  to: string;
  kind: TemplateKind;
  status: DeliveryStatus;
  at: string;
  attempts: number;
  applicationId?: string | undefined;
  messageId?: string | undefined;
  reason?: string | undefined;
}

export interface NotificationStore {
  /** Whether every message of this event was settled (sent or failed) already. */
  processed(eventId: string): Promise<boolean>;
  markProcessed(eventId: string): Promise<void>;
  getApplication(applicationId: string): Promise<ApplicationContact | undefined>;
  putApplication(record: ApplicationContact): Promise<void>;
  /** Remember an enterprise's contact address (for messages about it that name no application). */
  addEnterpriseContact(taxCode: string, address: KnownAddress, at: string): Promise<void>;
  enterpriseContacts(taxCode: string): Promise<KnownAddress[]>;
  delivery(sourceEventId: string, to: string): Promise<Delivery | undefined>;
  recordSent(delivery: Delivery): Promise<void>;
  /** The failed delivery and its notification.failed event, in one transaction (the outbox). */
  recordFailed(delivery: Delivery, event: Envelope): Promise<void>;
}

export interface NotificationsDeps {
  store: NotificationStore;
  mail: MailSender;
  /** The people acting for an enterprise; absent (tests): only the application's contact is written to. */
  accounts?: AccountDirectory | undefined;
  now: () => Date;
  /** The queue's receives of one message; a send still failing on the last is recorded as failed. */
  maxAttempts: number;
}
