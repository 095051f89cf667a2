/** In-memory fakes of the notifications ports, with the same keys and conditions as the DynamoDB adapter. */
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import {
  MailRejectedError,
  type AccountDirectory,
  type ApplicationContact,
  type Delivery,
  type MailMessage,
  type MailSender,
  type NotificationsDeps,
  type NotificationStore,
} from '../../../../services/notifications/app/ports.ts';
import type { KnownAddress } from '../../../../services/notifications/domain/recipients.ts';
import { MAX_SEND_ATTEMPTS } from '../../../../services/notifications/config.ts';
import { clock } from '../../../../shared/time/clock.ts';
import { newEnvelope } from '../../../../shared/contracts/envelope.ts';
import { daysFromToday } from '../../../support/clock.ts';

export const APP = '0b8c1f2e-1111-4aaa-8bbb-000000000001';
export const TAX = '0100233488';

/** intake's application.submitted, with a contact e-mail and no language. */
export function submittedEvent(over: Record<string, unknown> = {}): Envelope {
  return newEnvelope({
    type: 'application.submitted',
    source: 'intake',
    data: {
      applicationId: APP,
      programmeId: 'p-1',
      programmeCode: 'CNHT-2026',
      agency: 'so-cong-thuong',
      category: 'supporting-industry',
      taxCode: TAX,
      communeCode: '00004',
      rubric: { id: 'cnht', version: 1 },
      answers: {},
      requestedAmountVnd: 100_000_000,
      submittedAt: clock.now().toISOString(),
      dueOn: daysFromToday(30),
      contactEmail: 'lan@example.vn',
      enterprise: { revision: 1, sizeClass: 'small', vsicMain: '2592', employees: 40, revenueVnd: 1 },
      ...over,
    },
  });
}

const lower = (s: string) => s.trim().toLowerCase();

export class FakeStore implements NotificationStore {
  readonly inbox = new Set<string>();
  readonly applications = new Map<string, ApplicationContact>();
  readonly contacts = new Map<string, Map<string, KnownAddress>>();
  readonly deliveries = new Map<string, Delivery>();
  readonly outbox: Envelope[] = [];

  async processed(eventId: string) {
    return this.inbox.has(eventId);
  }
  async markProcessed(eventId: string) {
    this.inbox.add(eventId);
  }
  async getApplication(id: string) {
    return this.applications.get(id);
  }
  async putApplication(r: ApplicationContact) {
    this.applications.set(r.applicationId, r);
  }
  async addEnterpriseContact(taxCode: string, a: KnownAddress) {
    const m = this.contacts.get(taxCode) ?? new Map<string, KnownAddress>();
    m.set(lower(a.email), a);
    this.contacts.set(taxCode, m);
  }
  async enterpriseContacts(taxCode: string) {
    return [...(this.contacts.get(taxCode)?.values() ?? [])];
  }
  async delivery(eventId: string, to: string) {
    return this.deliveries.get(`${eventId}|${lower(to)}`);
  }
  async recordSent(d: Delivery) {
    this.deliveries.set(`${d.sourceEventId}|${lower(d.to)}`, d);
  }
  async recordFailed(d: Delivery, event: Envelope) {
    const key = `${d.sourceEventId}|${lower(d.to)}`;
    if (this.deliveries.has(key)) throw new ConflictError('recorded already');
    assertMatchesContract(event);
    this.deliveries.set(key, d);
    this.outbox.push(event);
  }
}

/** Keeps what it was asked to send; `failWith` makes the next sends throw. */
export class FakeMail implements MailSender {
  readonly sent: MailMessage[] = [];
  failures: Error[] = [];
  failAlways: Error | undefined;
  /** An address whose sends always fail (throttled), while the others' go through. */
  failFor: string | undefined;
  async send(m: MailMessage) {
    if (m.to === this.failFor) throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    const failure = this.failures.shift() ?? this.failAlways;
    if (failure) throw failure;
    this.sent.push(m);
    return { messageId: `m-${this.sent.length}` };
  }
}

export class FakeAccounts implements AccountDirectory {
  constructor(readonly byTaxCode: Record<string, KnownAddress[]> = {}) {}
  async accountsOf(taxCode: string) {
    return this.byTaxCode[taxCode] ?? [];
  }
}

export const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
export const rejected = () => new MailRejectedError('SES refused the message: Email address is not verified', 'MessageRejected');

export function fakeDeps(over: Partial<NotificationsDeps> = {}) {
  const store = new FakeStore();
  const mail = new FakeMail();
  const deps: NotificationsDeps = { store, mail, now: () => clock.now(), maxAttempts: MAX_SEND_ATTEMPTS, ...over };
  return { deps, store, mail };
}
