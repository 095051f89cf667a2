/**
 * From an event that matters to an enterprise to the e-mails it gets. Each event becomes zero or
 * more messages (one per enterprise concerned), each sent to every recipient once:
 *
 * - every message to every address has a delivery record, keyed by the event id and the address,
 *   written once the mail service accepted it — a redelivered event skips what was sent (an event
 *   twice sends once; only a crash between the send and its record can send one twice);
 * - a send that fails is retried by the queue (the message returns after its visibility timeout)
 *   until its last receive; then, or at once when the mail service refuses the message for good,
 *   the delivery is recorded as failed together with a `notification.failed` event (the outbox),
 *   which intake shows on the application;
 * - an event that used up its receives unsettled (a crash or timeout on the last, a dependency
 *   down) reaches the DLQ, whose consumer records what was not sent as failed the same way
 *   ({@link settleDeadLetter});
 * - once every message of the event is settled, the event is marked processed.
 */
import type * as z from 'zod';
import type { applicationDecided, applicationSubmitted, applicationWithdrawn } from '../../../shared/contracts/application.ts';
import type {
  applicationScored,
  applicationSupplementAnswered,
  applicationSupplementRequested,
} from '../../../shared/contracts/application.ts';
import type { fairScheduled } from '../../../shared/contracts/fairs.ts';
import { newEnvelope, type Envelope } from '../../../shared/contracts/envelope.ts';
import { RetrySoonError } from '../../../shared/messaging/retry-soon.ts';
import { hanoiDate } from '../../../shared/time/hanoi.ts';
import type { MailLanguage } from '../domain/language.ts';
import { resolveRecipients, type KnownAddress, type Recipient } from '../domain/recipients.ts';
import { render, type Params } from '../domain/render.ts';
import type { TemplateKind } from '../domain/templates.ts';
import { MailRejectedError, type ApplicationContact, type Delivery, type NotificationsDeps } from './ports.ts';
import { NOTIFICATIONS } from '../config.ts';

type Submitted = z.infer<typeof applicationSubmitted.schema>;
type Scored = z.infer<typeof applicationScored.schema>;
type Decided = z.infer<typeof applicationDecided.schema>;
type Withdrawn = z.infer<typeof applicationWithdrawn.schema>;
type SupplementRequested = z.infer<typeof applicationSupplementRequested.schema>;
type SupplementAnswered = z.infer<typeof applicationSupplementAnswered.schema>;
type FairScheduled = z.infer<typeof fairScheduled.schema>;

/** What planning messages and recording their failures need: everything but the mail sender. */
export type Settling = Omit<NotificationsDeps, 'mail'>;

/** One message of an event: what to write, about which enterprise, to whom. */
export interface PlannedMessage {
  kind: TemplateKind;
  params: Params;
  taxCode: string;
  applicationId?: string | undefined;
  recipients: Recipient[];
}

/** An event names an application notifications has not heard of yet: retried, it usually has by then. */
/** An event about a file whose application.submitted has not arrived yet (queues are unordered): asked again within seconds. */
export class ApplicationNotYetKnownError extends RetrySoonError {
  constructor(applicationId: string) {
    super(`application ${applicationId} is not known yet (its application.submitted has not arrived)`, 10);
    this.name = 'ApplicationNotYetKnownError';
  }
}

export interface NotifyOutcome {
  outcome: 'duplicate' | 'processed';
  sent: number;
  failed: number;
  skipped: number;
}

export interface Attempt {
  /** The queue's receive count of the message (1 on its first delivery). */
  receiveCount: number;
}

export async function notify(deps: NotificationsDeps, event: Envelope, attempt: Attempt): Promise<NotifyOutcome> {
  if (await deps.store.processed(event.id)) return { outcome: 'duplicate', sent: 0, failed: 0, skipped: 0 };
  const planned = await plan(deps, event, attempt);
  const result: NotifyOutcome = { outcome: 'processed', sent: 0, failed: 0, skipped: 0 };
  let retry: unknown;
  for (const message of planned) {
    for (const recipient of message.recipients) {
      try {
        result[await deliverOnce(deps, event, message, recipient, attempt)]++;
      } catch (error) {
        // The other recipients still get theirs now; this one is tried again with the message.
        retry ??= error;
      }
    }
  }
  if (retry) throw retry;
  await deps.store.markProcessed(event.id);
  return result;
}

async function deliverOnce(
  deps: NotificationsDeps,
  event: Envelope,
  message: PlannedMessage,
  recipient: Recipient,
  attempt: Attempt,
): Promise<'sent' | 'failed' | 'skipped'> {
  if (await deps.store.delivery(event.id, recipient.email)) return 'skipped';
  const { subject, text } = render(message.kind, recipient.language, message.params);
  try {
    const { messageId } = await deps.mail.send({
      to: recipient.email,
      subject,
      text,
      tags: { kind: message.kind, ...(message.applicationId ? { applicationId: message.applicationId } : {}) },
    });
    await deps.store.recordSent({
      ...deliveryOf(event, message, recipient, attempt.receiveCount),
      status: 'sent',
      at: deps.now().toISOString(),
      messageId,
    });
    return 'sent';
  } catch (error) {
    const rejected = error instanceof MailRejectedError;
    if (!rejected && attempt.receiveCount < deps.maxAttempts) throw error;
    const reason = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
    await recordFailure(deps, event, message, recipient, {
      attempts: attempt.receiveCount,
      failure: rejected ? 'rejected' : 'exhausted',
      reason,
    });
    return 'failed';
  }
}

/** What a delivery record says of whom and what, whatever became of it. */
const deliveryOf = (event: Envelope, message: PlannedMessage, recipient: Recipient, attempts: number) => ({
  sourceEventId: event.id,
  to: recipient.email,
  kind: message.kind,
  attempts,
  ...(message.applicationId ? { applicationId: message.applicationId } : {}),
});

/** A message to one address that will not be sent: its failed delivery and `notification.failed`, which intake shows on the file. */
async function recordFailure(
  deps: Settling,
  event: Envelope,
  message: PlannedMessage,
  recipient: Recipient,
  f: { attempts: number; failure: 'rejected' | 'exhausted'; reason: string },
): Promise<void> {
  const at = deps.now().toISOString();
  const delivery: Delivery = { ...deliveryOf(event, message, recipient, f.attempts), status: 'failed', at, reason: f.reason };
  const failed = newEnvelope({
    type: 'notification.failed',
    source: NOTIFICATIONS,
    occurredAt: new Date(at),
    correlationId: event.correlationId ?? event.id,
    data: {
      sourceEventId: event.id,
      kind: message.kind,
      to: recipient.email,
      ...(message.applicationId ? { applicationId: message.applicationId } : {}),
      taxCode: message.taxCode,
      failure: f.failure,
      reason: f.reason,
      attempts: f.attempts,
      failedAt: at,
    },
  });
  await deps.store.recordFailed(delivery, failed);
}

/**
 * An event whose receives ran out before its messages were settled (the function failed or timed
 * out on its last receive, or something it needs — the store, the registry's accounts — kept
 * failing), taken from the queue's DLQ: each message not sent to an address is recorded as failed
 * with `notification.failed`, so it shows on the file instead of lying unseen in the DLQ. When the
 * registry cannot say who acts for the enterprise, the application's contact is still accounted for.
 */
export async function settleDeadLetter(deps: Settling, event: Envelope): Promise<NotifyOutcome> {
  if (await deps.store.processed(event.id)) return { outcome: 'duplicate', sent: 0, failed: 0, skipped: 0 };
  const last: Attempt = { receiveCount: deps.maxAttempts };
  const planned = await plan(deps, event, last).catch(() => plan({ ...deps, accounts: undefined }, event, last));
  const result: NotifyOutcome = { outcome: 'processed', sent: 0, failed: 0, skipped: 0 };
  for (const message of planned) {
    for (const recipient of message.recipients) {
      if (await deps.store.delivery(event.id, recipient.email)) {
        result.skipped++;
        continue;
      }
      const reason = `not sent: the message used up its ${deps.maxAttempts} attempts without being delivered`;
      await recordFailure(deps, event, message, recipient, { attempts: deps.maxAttempts, failure: 'exhausted', reason });
      result.failed++;
    }
  }
  await deps.store.markProcessed(event.id);
  return result;
}

/** The messages an event calls for; keeps what later events need (the application's contact). */
export async function plan(deps: Settling, event: Envelope, attempt: Attempt): Promise<PlannedMessage[]> {
  switch (event.type) {
    case 'application.submitted': {
      const d = event.data as Submitted;
      const record: ApplicationContact = {
        applicationId: d.applicationId,
        taxCode: d.taxCode,
        programmeCode: d.programmeCode,
        contactEmail: d.contactEmail,
        language: d.language,
        updatedAt: deps.now().toISOString(),
      };
      await deps.store.putApplication(record);
      if (d.contactEmail)
        await deps.store.addEnterpriseContact(d.taxCode, { email: d.contactEmail, language: d.language }, record.updatedAt);
      return [
        await aboutApplication(deps, record, 'application-received', {
          submittedOn: { date: hanoiDate(d.submittedAt) },
          dueOn: { date: d.dueOn },
        }),
      ];
    }
    case 'application.scored': {
      const d = event.data as Scored;
      const record = await deps.store.getApplication(d.applicationId);
      if (!record) {
        // Intake's submission and scoring's score travel apart: wait for the first, but not forever.
        if (attempt.receiveCount < deps.maxAttempts) throw new ApplicationNotYetKnownError(d.applicationId);
        return [];
      }
      return [await aboutApplication(deps, record, 'application-scored', {})];
    }
    case 'application.decided': {
      const d = event.data as Decided;
      const record = await knownOrFromEvent(deps, d);
      const decidedOn = { date: hanoiDate(d.decidedAt) };
      return [
        d.outcome === 'approved'
          ? await aboutApplication(deps, record, 'application-approved', { amount: { vnd: d.amountVnd ?? 0 }, decidedOn })
          : await aboutApplication(deps, record, 'application-rejected', { reason: d.reason, decidedOn }),
      ];
    }
    case 'application.withdrawn': {
      const d = event.data as Withdrawn;
      // A draft was never received: there is nothing to tell.
      if (d.previousStatus === 'draft') return [];
      const record = await knownOrFromEvent(deps, d);
      return [await aboutApplication(deps, record, 'application-withdrawn', { withdrawnOn: { date: hanoiDate(d.withdrawnAt) } })];
    }
    case 'application.supplement-requested': {
      // yêu cầu bổ sung hồ sơ: what is asked and by when; the file's clock waits for the answer.
      const d = event.data as SupplementRequested;
      const record = { ...(await knownOrFromEvent(deps, d)), programmeCode: d.programmeCode };
      return [
        await aboutApplication(deps, record, 'supplement-requested', {
          message: d.message,
          documents: { list: d.documents },
          fields: { list: d.fields },
          dueOn: { date: d.dueOn },
        }),
      ];
    }
    case 'application.supplement-answered': {
      // The file's clock runs again: when the answer was taken, the days it was paused, the due date now.
      const d = event.data as SupplementAnswered;
      const record = await knownOrFromEvent(deps, { ...d, programmeCode: d.rescore?.programmeCode });
      return [
        await aboutApplication(deps, record, 'supplement-answered', {
          answeredOn: { date: hanoiDate(d.answeredAt) },
          pausedWorkingDays: d.pausedWorkingDays,
          dueOn: d.dueOn ? { date: d.dueOn } : null,
        }),
      ];
    }
    case 'fair.scheduled':
      return fairAgendas(deps, event.data as FairScheduled);
    default:
      return [];
  }
}

/** The stored record, with the event's own contact when it carries one (it is the newer). */
async function knownOrFromEvent(
  deps: Settling,
  d: {
    applicationId: string;
    programmeId: string;
    programmeCode?: string | undefined;
    taxCode: string;
    contactEmail?: string | undefined;
    language?: MailLanguage | undefined;
  },
): Promise<ApplicationContact> {
  const known = await deps.store.getApplication(d.applicationId);
  return {
    applicationId: d.applicationId,
    taxCode: d.taxCode,
    // The event's own code, else the one the submission brought; the id only for messages from before codes were sent.
    programmeCode: d.programmeCode ?? known?.programmeCode ?? d.programmeId,
    contactEmail: d.contactEmail ?? known?.contactEmail,
    language: d.language ?? known?.language,
    updatedAt: known?.updatedAt ?? deps.now().toISOString(),
  };
}

async function aboutApplication(deps: Settling, record: ApplicationContact, kind: TemplateKind, params: Params): Promise<PlannedMessage> {
  const contacts: KnownAddress[] = record.contactEmail ? [{ email: record.contactEmail, language: record.language }] : [];
  const accounts = deps.accounts ? await deps.accounts.accountsOf(record.taxCode) : [];
  return {
    kind,
    params: { programme: record.programmeCode, applicationId: record.applicationId, ...params },
    taxCode: record.taxCode,
    applicationId: record.applicationId,
    recipients: resolveRecipients(contacts, accounts),
  };
}

/** Each registered enterprise whose meetings changed gets its agenda's news, at the addresses known for it. */
async function fairAgendas(deps: Settling, d: FairScheduled): Promise<PlannedMessage[]> {
  const out: PlannedMessage[] = [];
  for (const e of d.enterprises) {
    if (e.added === 0 && e.removed === 0) continue;
    const [contacts, accounts] = await Promise.all([
      deps.store.enterpriseContacts(e.taxCode),
      deps.accounts ? deps.accounts.accountsOf(e.taxCode) : Promise.resolve([]),
    ]);
    const recipients = resolveRecipients(contacts, accounts);
    if (recipients.length === 0) continue;
    out.push({
      kind: 'fair-agenda',
      params: {
        fair: d.fairName ?? d.fairId,
        fairId: d.fairId,
        heldOn: { date: d.heldOn },
        added: e.added,
        removed: e.removed,
      },
      taxCode: e.taxCode,
      recipients,
    });
  }
  return out;
}
