/**
 * The SES adapter against the local runtime's mail sink: SES v2 SendEmail over HTTP through the
 * real SDK, kept by the runtime and listed by `GET /local/mail`; a request SES would refuse is
 * refused the way SES does (the adapter reads it as a refusal for good). Also the sink on its own:
 * bounded, newest first, kept across a restart with a data folder.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_KEPT, MailSink } from '../../local/runtime/mail-sink.ts';
import { SesV2MailSender } from '../../services/notifications/adapters/outbound/sesv2-mail-sender.ts';
import { MailRejectedError } from '../../services/notifications/app/ports.ts';
import { call } from '../support/http.ts';

const base = inject('runtime').url;
const client = new SESv2Client({ endpoint: base, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const sender = new SesV2MailSender(client, 'no-reply@sme-support.localhost', 'local');
const address = () => `sink-${randomUUID().slice(0, 8)}@example.vn`;

describe('the local mail sink behind the SES adapter', () => {
  it('keeps what SES v2 would have sent, listed newest first for its address', async () => {
    const to = address();
    const first = await sender.send({
      to,
      subject: 'Đã tiếp nhận hồ sơ',
      text: 'Kính gửi Quý doanh nghiệp,\nHồ sơ…',
      tags: { kind: 'application-received', applicationId: 'app-1' },
    });
    const second = await sender.send({ to, subject: 'Lịch gặp đối tác', text: 'Lịch gặp…', tags: { kind: 'fair-agenda' } });
    expect(first.messageId).not.toBe(second.messageId);

    const res = await call(base, 'GET', `/local/mail?to=${encodeURIComponent(to.toUpperCase())}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toMatchObject([
      { to, subject: 'Lịch gặp đối tác', text: 'Lịch gặp…', kind: 'fair-agenda', messageId: second.messageId },
      { to, subject: 'Đã tiếp nhận hồ sơ', text: 'Kính gửi Quý doanh nghiệp,\nHồ sơ…', applicationId: 'app-1', messageId: first.messageId },
    ]);
    expect(res.body.items[1]).toHaveProperty('sentAt');
    expect(res.body.items[0]).not.toHaveProperty('applicationId');
  });

  it('refuses what SES would refuse, which the adapter reports as a refusal for good', async () => {
    const error = await sender
      .send({ to: `${'x'.repeat(330)}@example.vn`, subject: 's', text: 't', tags: { kind: 'fair-agenda' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailRejectedError);
    expect((error as MailRejectedError).code).toBe('BadRequestException');
  });

  it('lists at most the limit asked, and refuses a limit out of bounds listing the bad field', async () => {
    const to = address();
    for (const n of [1, 2, 3]) await sender.send({ to, subject: `thư ${n}`, text: 't', tags: { kind: 'fair-agenda' } });
    const two = await call(base, 'GET', `/local/mail?to=${to}&limit=2`);
    expect(two.body.items.map((m: { subject: string }) => m.subject)).toEqual(['thư 3', 'thư 2']);
    const bad = await call(base, 'GET', '/local/mail?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'query.limit', message: expect.any(String) }]);
  });
});

describe('the mail sink on its own', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mail-sink-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const mail = (n: number) => ({
    messageId: `m-${n}`,
    from: 'a@b.vn',
    to: ['c@d.vn'],
    subject: `s${n}`,
    text: 't',
    sentAt: new Date(0).toISOString(),
  });

  it(`keeps the newest ${MAX_KEPT} messages`, () => {
    const sink = new MailSink();
    for (let n = 1; n <= MAX_KEPT + 5; n++) sink.keep(mail(n));
    const all = sink.list({ limit: MAX_KEPT + 10 });
    expect(all).toHaveLength(MAX_KEPT);
    expect(all[0]!.messageId).toBe(`m-${MAX_KEPT + 5}`);
    expect(all.at(-1)!.messageId).toBe('m-6');
  });

  it('keeps its messages across a restart when it has a data folder', async () => {
    const file = join(dir, 'mail.json');
    const before = new MailSink(file);
    before.keep(mail(1));
    before.keep(mail(2));
    await before.flush();
    const after = new MailSink(file);
    expect(await after.restore()).toBe(2);
    expect(after.list({ limit: 10 }).map((m) => m.messageId)).toEqual(['m-2', 'm-1']);
  });
});
