/**
 * Notifications over the local runtime: an application with a contact e-mail is submitted and
 * decided by HTTP; intake's events reach the notifications service, which renders its templates
 * and sends through its SES adapter to the runtime's mail sink — the same path as in AWS, minus
 * SES itself. The enterprise's messages are read back from `GET /local/mail`.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, eventually, tokenFor } from '../support/http.ts';
import { contact, programmeBody, registeredEnterprise } from '../support/intake.ts';

const base = inject('runtime').url;
let sct: string; // Sở Công Thương officer who takes the application in
let sct2: string; // another one, who decides (four eyes)

beforeAll(async () => {
  sct = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'officer-sct-notify' });
  sct2 = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'officer-sct-notify-2' });
});

interface Mail {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
  applicationId?: string;
}

/** The sink's messages to `to`, once there are `count` of them (newest first). */
const mailTo = (to: string, count: number) =>
  eventually(
    async () => {
      const res = await call<{ items: Mail[] }>(base, 'GET', `/local/mail?to=${encodeURIComponent(to)}`);
      expect(res.status).toBe(200);
      return res.body.items.length >= count ? res.body.items : undefined;
    },
    60_000,
    250,
  );

/** A programme deciding once submitted, an enterprise intake knows, and a draft with its own contact address. */
async function draftWithContact(extra: Record<string, unknown> = {}) {
  const p = await call(base, 'POST', '/programmes', {
    token: sct,
    body: programmeBody({ rubric: null, requiredDocuments: [], questions: [], category: 'digital-transformation' }),
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  const { taxCode } = await registeredEnterprise(base, sct, p.body.id);
  const email = `lan.${randomUUID().slice(0, 8)}@example.vn`;
  const draft = await call(base, 'POST', '/applications', {
    token: sct,
    body: { programmeId: p.body.id, taxCode, requestedAmountVnd: 90_000_000, answers: {}, contact: { ...contact, email, ...extra } },
  });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  return { id: draft.body.id as string, code: p.body.code as string, email };
}

/** Each test waits on the registry, intake and the notifications queue in turn: slow on a loaded machine. */
const FLOW_MS = 180_000;

describe('notifications to the enterprise', { timeout: FLOW_MS }, () => {
  it('mails the contact in Vietnamese when its application is received and when it is approved', async () => {
    const { id, code, email } = await draftWithContact();
    expect((await call(base, 'POST', `/applications/${id}/submit`, { token: sct })).status).toBe(200);
    const decided = await call(base, 'POST', `/applications/${id}/decision`, {
      token: sct2,
      body: { outcome: 'approved', amountVnd: 80_000_000 },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    const mails = await mailTo(email, 2);
    const received = mails.find((m) => m.subject.startsWith('Đã tiếp nhận'));
    const approved = mails.find((m) => m.subject.startsWith('Hồ sơ được phê duyệt'));
    expect(received).toMatchObject({ to: email, applicationId: id, subject: `Đã tiếp nhận hồ sơ đề nghị hỗ trợ – chương trình ${code}` });
    expect(received!.text).toContain(`Hồ sơ đề nghị hỗ trợ số ${id} thuộc chương trình ${code} đã được tiếp nhận`);
    expect(received!.text).toMatch(/Hạn trả kết quả: \d{2}\/\d{2}\/\d{4}/);
    expect(approved).toMatchObject({ to: email, applicationId: id, subject: `Hồ sơ được phê duyệt hỗ trợ – chương trình ${code}` });
    expect(approved!.text).toContain('với mức hỗ trợ 80.000.000 đồng');
  });

  it('mails the rejection with its reason', async () => {
    const { id, email } = await draftWithContact();
    expect((await call(base, 'POST', `/applications/${id}/submit`, { token: sct })).status).toBe(200);
    const decided = await call(base, 'POST', `/applications/${id}/decision`, {
      token: sct2,
      body: { outcome: 'rejected', reason: 'Chưa đủ điều kiện về năng lực sản xuất' },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const rejected = (await mailTo(email, 2)).find((m) => m.subject.startsWith('Kết quả xét hồ sơ'));
    expect(rejected!.subject).toMatch(/^Kết quả xét hồ sơ – chương trình/);
    expect(rejected!.text).toContain('Lý do: Chưa đủ điều kiện về năng lực sản xuất');
  });

  it('mails the request for supplement in Vietnamese, with what is asked and the due date', async () => {
    const { id, email } = await draftWithContact();
    expect((await call(base, 'POST', `/applications/${id}/submit`, { token: sct })).status).toBe(200);
    const asked = await call(base, 'POST', `/applications/${id}/supplement-requests`, {
      token: sct2,
      body: { message: 'Bổ sung báo cáo tài chính năm gần nhất', documents: ['financial-statements'], dueInWorkingDays: 5 },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBeLessThan(300);
    // Events reach the notifications queue in no set order: find each message by what it says.
    const request = (await mailTo(email, 2)).find((m) => m.subject.startsWith('Yêu cầu bổ sung'));
    expect(request).toMatchObject({ applicationId: id });
    expect(request!.subject).toMatch(/^Yêu cầu bổ sung hồ sơ – chương trình/);
    expect(request!.text).toContain('Nội dung yêu cầu: Bổ sung báo cáo tài chính năm gần nhất');
    expect(request!.text).toContain('Tài liệu cần nộp bổ sung: financial-statements');
    expect(request!.text).toMatch(/cần được bổ sung trước ngày \d{2}\/\d{2}\/\d{4}/);
  });

  it('writes in English when the application asks for it', async () => {
    const { id, code, email } = await draftWithContact({ language: 'en' });
    expect((await call(base, 'POST', `/applications/${id}/submit`, { token: sct })).status).toBe(200);
    expect((await call(base, 'POST', `/applications/${id}/withdraw`, { token: sct, body: {} })).status).toBe(200);
    const subjects = (await mailTo(email, 2)).map((m) => m.subject).sort();
    expect(subjects).toEqual([
      `Your application has been received – programme ${code}`,
      `Your application has been withdrawn – programme ${code}`,
    ]);
  });

  it('refuses a contact e-mail longer than an address may be, naming the field', async () => {
    const p = await call(base, 'POST', '/programmes', {
      token: sct,
      body: programmeBody({ rubric: null, requiredDocuments: [], questions: [] }),
    });
    const res = await call(base, 'POST', '/applications', {
      token: sct,
      body: {
        programmeId: p.body.id,
        taxCode: '0100233488',
        requestedAmountVnd: 1_000_000,
        answers: {},
        contact: { ...contact, email: `${'a'.repeat(250)}@example.vn`, language: 'fr' },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.contact.email', 'body.contact.language']);
  });
});
