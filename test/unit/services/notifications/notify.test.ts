import { describe, expect, it } from 'vitest';
import '../../../../shared/contracts/index.ts';
import { newEnvelope, type Envelope } from '../../../../shared/contracts/envelope.ts';
import { ApplicationNotYetKnownError, notify, settleDeadLetter } from '../../../../services/notifications/app/notify.ts';
import { MAX_SEND_ATTEMPTS } from '../../../../services/notifications/config.ts';
import { clock } from '../../../../shared/time/clock.ts';
import { daysFromToday, today } from '../../../support/clock.ts';
import { APP, FakeAccounts, fakeDeps, rejected, submittedEvent, TAX, throttled } from './fakes.ts';

const submitted = submittedEvent;
/** What intake's decided and withdrawn events say of the application. */
const about = {
  applicationId: APP,
  programmeId: 'p-1',
  agency: 'so-cong-thuong',
  category: 'supporting-industry',
  taxCode: TAX,
  communeCode: '00004',
  contactEmail: 'lan@example.vn',
};
const first = { receiveCount: 1 };
const last = { receiveCount: MAX_SEND_ATTEMPTS };

function decided(over: Record<string, unknown> = {}): Envelope {
  return newEnvelope({
    type: 'application.decided',
    source: 'intake',
    data: {
      ...about,
      outcome: 'approved',
      amountVnd: 80_000_000,
      reason: null,
      decidedAt: clock.now().toISOString(),
      dueOn: daysFromToday(30),
      onTime: true,
      ...over,
    },
  });
}

const scored = () =>
  newEnvelope({
    type: 'application.scored',
    source: 'scoring',
    data: { applicationId: APP, rubric: { id: 'cnht', version: 1 }, totalPoints: 70, maxPoints: 100, scoredAt: clock.now().toISOString() },
  });

/** The applicant answered a request for supplement: the clock runs again, the due date moved. */
const answered = () =>
  newEnvelope({
    type: 'application.supplement-answered',
    source: 'intake',
    data: {
      applicationId: APP,
      programmeId: 'p-1',
      agency: 'so-cong-thuong',
      taxCode: TAX,
      answeredAt: clock.now().toISOString(),
      dueOn: daysFromToday(34),
      pausedWorkingDays: 3,
      changed: true,
      contactEmail: 'lan@example.vn',
      rescore: null,
    },
  });

describe('notifying an enterprise of its application', () => {
  it('tells the contact and the people acting for the enterprise that its supplement was taken, with the moved due date', async () => {
    const accounts = new FakeAccounts({ [TAX]: [{ email: 'giam.doc@example.vn', language: 'en' }] });
    const { deps, mail } = fakeDeps({ accounts });
    await notify(deps, submitted(), first);
    const r = await notify(deps, answered(), first);
    expect(r).toMatchObject({ outcome: 'processed', sent: 2 });
    const [toContact, toAccount] = mail.sent.filter((m) => m.tags.kind === 'supplement-answered');
    expect(toContact).toMatchObject({ to: 'lan@example.vn', subject: 'Đã nhận hồ sơ bổ sung – chương trình CNHT-2026' });
    const [y, m, d] = daysFromToday(34).split('-');
    expect(toContact!.text).toContain(`Hạn trả kết quả: ${d}/${m}/${y}`);
    expect(toContact!.text).toContain('(3 ngày làm việc)');
    expect(toAccount).toMatchObject({
      to: 'giam.doc@example.vn',
      subject: 'Your additional information has been received – programme CNHT-2026',
    });
  });

  it('writes to the contact in Vietnamese when the application is received', async () => {
    const { deps, mail } = fakeDeps();
    const r = await notify(deps, submitted(), first);
    expect(r).toMatchObject({ outcome: 'processed', sent: 1 });
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]).toMatchObject({ to: 'lan@example.vn', tags: { kind: 'application-received', applicationId: APP } });
    expect(mail.sent[0]!.subject).toBe('Đã tiếp nhận hồ sơ đề nghị hỗ trợ – chương trình CNHT-2026');
    const [y, m, d] = daysFromToday(30).split('-');
    expect(mail.sent[0]!.text).toContain(`Hạn trả kết quả: ${d}/${m}/${y}`);
  });

  it("names the programme by the decision's own code when the decision arrives before the submission", async () => {
    const { deps, mail } = fakeDeps();
    // Queues are unordered: intake's decided event can be handled before its submitted one.
    await notify(deps, decided({ programmeCode: 'CNHT-2026' }), first);
    expect(mail.sent[0]!.subject).toBe('Hồ sơ được phê duyệt hỗ trợ – chương trình CNHT-2026');
  });

  it('writes in English when the application asked for it', async () => {
    const { deps, mail } = fakeDeps();
    await notify(deps, submitted({ language: 'en' }), first);
    expect(mail.sent[0]!.subject).toBe('Your application has been received – programme CNHT-2026');
  });

  it('sends once when the same event arrives twice', async () => {
    const { deps, mail } = fakeDeps();
    const event = submitted();
    await notify(deps, event, first);
    const again = await notify(deps, event, { receiveCount: 2 });
    expect(again.outcome).toBe('duplicate');
    expect(mail.sent).toHaveLength(1);
  });

  it('does not write again to a recipient already written to when the event is retried for another', async () => {
    const accounts = new FakeAccounts({ [TAX]: [{ email: 'giam.doc@example.vn' }] });
    const { deps, mail, store } = fakeDeps({ accounts });
    // The contact is written to; the linked person's send is throttled.
    let calls = 0;
    const send = mail.send.bind(mail);
    mail.send = async (m) => {
      calls++;
      if (m.to === 'giam.doc@example.vn' && calls === 2) throw throttled();
      return send(m);
    };
    const event = submitted();
    await expect(notify(deps, event, first)).rejects.toThrow(/Rate exceeded/);
    expect(mail.sent.map((m) => m.to)).toEqual(['lan@example.vn']);
    expect(await store.processed(event.id)).toBe(false);

    await notify(deps, event, { receiveCount: 2 });
    expect(mail.sent.map((m) => m.to)).toEqual(['lan@example.vn', 'giam.doc@example.vn']);
    expect(await store.processed(event.id)).toBe(true);
  });

  it('also writes to the people linked to the enterprise, once each', async () => {
    const accounts = new FakeAccounts({ [TAX]: [{ email: 'LAN@example.vn' }, { email: 'giam.doc@example.vn', language: 'en' }] });
    const { deps, mail } = fakeDeps({ accounts });
    await notify(deps, submitted(), first);
    expect(mail.sent.map((m) => [m.to, m.subject.startsWith('Your')])).toEqual([
      ['lan@example.vn', false],
      ['giam.doc@example.vn', true],
    ]);
  });

  it('writes to no one when the application names no contact e-mail and no one is linked', async () => {
    const { deps, mail, store } = fakeDeps();
    const event = submitted({ contactEmail: undefined });
    expect(await notify(deps, event, first)).toMatchObject({ outcome: 'processed', sent: 0 });
    expect(mail.sent).toHaveLength(0);
    expect(await store.processed(event.id)).toBe(true);
  });

  it('tells of a score using what it kept from the submission', async () => {
    const { deps, mail } = fakeDeps();
    await notify(deps, submitted({ language: 'en' }), first);
    await notify(deps, scored(), first);
    expect(mail.sent[1]).toMatchObject({ to: 'lan@example.vn', subject: 'Your application has been assessed – programme CNHT-2026' });
  });

  it('waits for the submission when a score arrives first, and gives up on the last attempt without writing', async () => {
    const { deps, mail, store } = fakeDeps();
    const event = scored();
    await expect(notify(deps, event, first)).rejects.toBeInstanceOf(ApplicationNotYetKnownError);
    expect(await notify(deps, event, last)).toMatchObject({ outcome: 'processed', sent: 0 });
    expect(mail.sent).toHaveLength(0);
    expect(store.outbox).toHaveLength(0);
  });

  it('tells of an approval with its amount and of a rejection with its reason', async () => {
    const { deps, mail } = fakeDeps();
    await notify(deps, submitted(), first);
    await notify(deps, decided(), first);
    await notify(deps, decided({ outcome: 'rejected', amountVnd: null, reason: 'Thiếu hồ sơ năng lực' }), first);
    expect(mail.sent[1]!.subject).toBe('Hồ sơ được phê duyệt hỗ trợ – chương trình CNHT-2026');
    expect(mail.sent[1]!.text).toContain('80.000.000 đồng');
    expect(mail.sent[2]!.subject).toBe('Kết quả xét hồ sơ – chương trình CNHT-2026');
    expect(mail.sent[2]!.text).toContain('Lý do: Thiếu hồ sơ năng lực');
  });

  it('tells of a withdrawal of a submitted file, not of a draft', async () => {
    const { deps, mail } = fakeDeps();
    const withdrawn = (previousStatus: string) =>
      newEnvelope({
        type: 'application.withdrawn',
        source: 'intake',
        data: {
          ...about,
          previousStatus,
          submittedAt: previousStatus === 'draft' ? null : clock.now().toISOString(),
          dueOn: previousStatus === 'draft' ? null : today(),
          withdrawnAt: clock.now().toISOString(),
        },
      });
    await notify(deps, withdrawn('draft'), first);
    expect(mail.sent).toHaveLength(0);
    await notify(deps, withdrawn('submitted'), first);
    expect(mail.sent[0]!.subject).toBe('Hồ sơ đã được rút – chương trình p-1');
  });
});

describe('a request for supplement', () => {
  const requested = () =>
    newEnvelope({
      type: 'application.supplement-requested',
      source: 'intake',
      data: {
        applicationId: APP,
        programmeId: 'p-1',
        programmeCode: 'CNHT-2026',
        agency: 'so-cong-thuong',
        taxCode: TAX,
        message: 'Bổ sung báo cáo tài chính năm gần nhất',
        documents: ['financial-statement'],
        fields: ['answers.labourProductivityGrowthPct'],
        dueOn: daysFromToday(10),
        requestedAt: clock.now().toISOString(),
        contactEmail: 'lan@example.vn',
      },
    });

  it('tells the contact in Vietnamese what is asked and by when', async () => {
    const { deps, mail } = fakeDeps();
    await notify(deps, requested(), first);
    const [y, m, d] = daysFromToday(10).split('-');
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]).toMatchObject({ to: 'lan@example.vn', subject: 'Yêu cầu bổ sung hồ sơ – chương trình CNHT-2026' });
    expect(mail.sent[0]!.text).toContain(`cần được bổ sung trước ngày ${d}/${m}/${y}`);
    expect(mail.sent[0]!.text).toContain('Nội dung yêu cầu: Bổ sung báo cáo tài chính năm gần nhất');
    expect(mail.sent[0]!.text).toContain('Tài liệu cần nộp bổ sung: financial-statement');
    expect(mail.sent[0]!.text).toContain('Thông tin cần sửa đổi, bổ sung: answers.labourProductivityGrowthPct');
  });

  it('writes in the language the application asked for when it was submitted', async () => {
    const { deps, mail } = fakeDeps();
    await notify(deps, submitted({ language: 'en' }), first);
    await notify(deps, requested(), first);
    expect(mail.sent[1]!.subject).toBe('Your application needs more information – programme CNHT-2026');
  });
});

describe('a send that fails', () => {
  it('is left to the queue to retry while attempts remain, recording nothing', async () => {
    const { deps, mail, store } = fakeDeps();
    mail.failAlways = throttled();
    const event = submitted();
    await expect(notify(deps, event, first)).rejects.toThrow(/Rate exceeded/);
    expect(store.outbox).toHaveLength(0);
    expect(store.deliveries.size).toBe(0);
    expect(await store.processed(event.id)).toBe(false);
  });

  it('is recorded as failed, with notification.failed, after the last attempt', async () => {
    const { deps, mail, store } = fakeDeps();
    mail.failAlways = throttled();
    const event = submitted();
    expect(await notify(deps, event, last)).toMatchObject({ outcome: 'processed', failed: 1, sent: 0 });
    expect(store.outbox).toHaveLength(1);
    expect(store.outbox[0]).toMatchObject({
      type: 'notification.failed',
      source: 'notifications',
      data: {
        sourceEventId: event.id,
        kind: 'application-received',
        to: 'lan@example.vn',
        applicationId: APP,
        taxCode: TAX,
        failure: 'exhausted',
        attempts: MAX_SEND_ATTEMPTS,
      },
    });
    expect(await store.processed(event.id)).toBe(true);
  });

  it('is recorded as failed at once when the mail service refuses it for good', async () => {
    const { deps, mail, store } = fakeDeps();
    mail.failAlways = rejected();
    await notify(deps, submitted(), first);
    expect(store.outbox.map((e) => e.data)).toMatchObject([{ failure: 'rejected', attempts: 1 }]);
    expect((store.outbox[0]!.data as { reason: string }).reason).toMatch(/MailRejectedError: SES refused/);
  });

  it('is announced once when the event comes again after its failure was recorded', async () => {
    const { deps, mail, store } = fakeDeps();
    mail.failAlways = rejected();
    const event = submitted();
    await notify(deps, event, first);
    store.inbox.clear(); // as if the marker were lost: the delivery record still holds
    await notify(deps, event, { receiveCount: 2 });
    expect(store.outbox).toHaveLength(1);
  });
});

describe("a fair's schedule", () => {
  const scheduled = (enterprises: Record<string, unknown>[]) =>
    newEnvelope({
      type: 'fair.scheduled',
      source: 'matching',
      data: {
        fairId: 'fair-1',
        runId: 'run-1',
        mode: 'initial',
        agency: 'so-cong-thuong',
        fairName: 'Hội chợ CNHT Hà Nội',
        heldOn: daysFromToday(20),
        completedAt: clock.now().toISOString(),
        meetings: 5,
        meetingsAdded: 5,
        meetingsRemoved: 0,
        enterprises,
      },
    });
  const entry = (taxCode: string) => ({
    taxCode,
    role: 'exhibitor',
    communeCode: '00004',
    vsicMain: '2592',
    sizeClass: 'small',
    added: 3,
    removed: 0,
  });

  it('sends each participant whose address is known the news of its agenda, with where to read it', async () => {
    const { deps, mail } = fakeDeps();
    await notify(deps, submitted(), first);
    await notify(deps, scheduled([entry(TAX), entry('0101234567')]), first);
    expect(mail.sent).toHaveLength(2);
    expect(mail.sent[1]!.to).toBe('lan@example.vn');
    expect(mail.sent[1]!.subject).toMatch(/^Lịch gặp đối tác tại Hội chợ CNHT Hà Nội/);
    expect(mail.sent[1]!.text).toContain('thêm 3 cuộc gặp');
    expect(mail.sent[1]!.text).toContain('mã hội chợ fair-1');
  });
});

describe('an event that used up its receives unsettled (the DLQ)', () => {
  it('records what was not sent as failed, with notification.failed, and skips what was', async () => {
    const accounts = new FakeAccounts({ [TAX]: [{ email: 'giam.doc@example.vn' }] });
    const { deps, mail, store } = fakeDeps({ accounts });
    const event = submitted();
    // The contact got it; the account's send kept failing until the function died on its last receive.
    mail.failFor = 'giam.doc@example.vn';
    await expect(notify(deps, event, first)).rejects.toThrow();
    expect(mail.sent.map((m) => m.to)).toEqual(['lan@example.vn']);

    expect(await settleDeadLetter(deps, event)).toMatchObject({ outcome: 'processed', failed: 1, skipped: 1 });
    expect(store.outbox.map((e) => e.data)).toMatchObject([
      { sourceEventId: event.id, to: 'giam.doc@example.vn', applicationId: APP, failure: 'exhausted', attempts: MAX_SEND_ATTEMPTS },
    ]);
    expect(await store.processed(event.id)).toBe(true);
    // Settled once: a second copy from the DLQ, or a redelivery of the event, adds nothing.
    expect((await settleDeadLetter(deps, event)).outcome).toBe('duplicate');
    expect((await notify(deps, event, first)).outcome).toBe('duplicate');
    expect(store.outbox).toHaveLength(1);
  });

  it('still accounts for the application contact when the registry cannot say who acts for the enterprise', async () => {
    const down = { accountsOf: async () => Promise.reject(new Error('enterprise-accounts failed: Unhandled')) };
    const { deps, store } = fakeDeps({ accounts: down });
    const event = submitted();
    await expect(notify(deps, event, first)).rejects.toThrow(/enterprise-accounts failed/);
    expect(await settleDeadLetter(deps, event)).toMatchObject({ failed: 1 });
    expect(store.outbox.map((e) => (e.data as { to: string }).to)).toEqual(['lan@example.vn']);
  });
});
