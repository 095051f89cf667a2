/**
 * Enterprises online in the console (issue 21), in headless Chromium against `npm start`'s
 * runtime: a person signs in through the local stand-in for VNeID (their citizen id hashed in the
 * browser; only the hash leaves it), links to an enterprise as its legal representative, sees the
 * programmes open to it with every reason it is not eligible for one, applies, uploads and submits;
 * an officer asks for a supplement and the mail sink shows the Vietnamese message; the enterprise
 * answers with the document asked for; a second officer approves; the enterprise sees the decision
 * and its ledger, in Vietnamese and in English. Then a second person asks to act for the
 * enterprise: not found before, an officer of Sở Tài chính approves the delegation on the
 * enterprise's page, then revokes it; a third is approved by the legal representative on My
 * enterprises and withdraws a draft of the enterprise. The enterprise's pages are scanned with axe-core and used at
 * phone width (390×844) with no sideways scroll.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultKeyFile, localIssuer } from '../../local/runtime/jwt.ts';
import { nowIso } from '../support/clock.ts';
import { call, tokenFor } from '../support/http.ts';
import { pdfBytes, programmeBody } from '../support/intake.ts';
import { postSigned, registryEvent } from '../support/registry.ts';
import { ROOT } from '../support/runtime-process.ts';
import { launchChromium } from './chromium.ts';
import { checkPage, expectAccessible, PHONE, signInEnterprise as signIn, signInWith, textOf, until, visible } from './console-pages.ts';

const base = inject('consoleRuntime').url;

let browser: Browser;
let close: () => Promise<void>;

/** A person acting for the enterprise, on a phone unless told. */
const signInEnterprise = (person: { user: string; citizenId: string }, viewport = PHONE) => signIn(browser, base, person, viewport);

const officer1 = { agency: 'so-cong-thuong', roles: ['officer'], sub: 'sct-supplement-asker' };
const officer2 = { agency: 'so-cong-thuong', roles: ['officer'], sub: 'sct-supplement-decider' };
const stc = { agency: 'so-tai-chinh', roles: ['officer'], sub: 'stc-delegations' };

/** The legal representative: their citizen id is in the registry only as its SHA-256. */
const citizenId = `0010850${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
const representative = { user: `vneid-${randomUUID().slice(0, 8)}`, citizenId };
const delegate = {
  user: `vneid-${randomUUID().slice(0, 8)}`,
  citizenId: `0010860${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`,
};
const email = `dn-${randomUUID().slice(0, 8)}@example.vn`;
const supplementMessage = 'Đề nghị bổ sung báo giá thiết bị có chữ ký và đóng dấu';

let taxCode: string;
let openCode: string;
let closedCode: string;
let applicationId: string;

async function uploadPdf(page: Page, type: string, name: string) {
  await page.locator('select[name=type]').selectOption(type);
  await page.locator('input[name=fileName]').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdfBytes(name) });
  await page.getByRole('button', { name: 'Tải lên' }).click();
  await visible(page.locator('[data-testid=documents] li[data-status=verified]').filter({ hasText: name }), 30_000);
}

beforeAll(async () => {
  ({ browser, close } = await launchChromium());
  const token = await tokenFor(officer1);
  // Two programmes of this year: one the enterprise may apply to (no rubric: decided once
  // submitted), one closed to it by its commune and legal form.
  const open = programmeBody({ rubric: null });
  const closed = programmeBody({ rubric: null, eligibility: { communes: ['00008'], legalForms: ['jsc'] } });
  for (const body of [open, closed]) {
    const res = await call(base, 'POST', '/programmes', { token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  openCode = open.code;
  closedCode = closed.code;
  const event = registryEvent({
    occurredAt: nowIso(),
    enterprise: {
      communeCode: '00004',
      legalForm: 'llc',
      legalRepresentative: { name: 'Trần Thị B', personalIdHash: createHash('sha256').update(citizenId).digest('hex') },
    },
  });
  expect((await postSigned(base, event)).body.results?.[0]?.outcome).toBe('applied');
  taxCode = event.taxCode;
}, 120_000);

afterAll(async () => {
  await close?.();
});

describe('an enterprise online', () => {
  it('signs in as its legal representative (only the hash of the citizen id leaves the browser) and links at once', async () => {
    const page = await (await browser.newContext({ viewport: PHONE })).newPage();
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/local/token')) sent.push(r.postData() ?? '');
    });
    await page.goto(`${base}/`);
    await page.locator('input[name=kind][value=enterprise]').check();
    // Without a citizen id the provider asserts no person: refused, under the input.
    await page.locator('input[name=enterpriseUser]').fill(representative.user);
    await page.locator('button[type=submit]').click();
    await visible(page.locator('[data-field-error=personIdHash]'));
    await checkPage(page, 'enterprise sign-in with errors');
    await page.locator('input[name=personIdHash]').fill(citizenId);
    await page.locator('button[type=submit]').click();
    await until(textOf(page.getByTestId('who'))).toContain(representative.user);
    expect(sent.at(-1)).toContain(createHash('sha256').update(citizenId).digest('hex'));
    expect(sent.join('\n')).not.toContain(citizenId);

    // The enterprise role's navigation: its own pages only.
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link').allInnerTexts()).toEqual([
      'Doanh nghiệp của tôi',
      'Chương trình hỗ trợ',
      'Hồ sơ của tôi',
      'Quyết định và hỗ trợ',
      'Hội chợ giao thương',
      'Năng lực cung ứng',
    ]);
    await until(textOf(page.getByTestId('my-account'))).toContain(representative.user);
    await page.locator('input[name=taxCode]').fill(taxCode);
    await page.getByRole('button', { name: 'Liên kết', exact: true }).click();
    const link = page.locator(`[data-testid=links] li[data-link="${taxCode}"]`);
    await visible(link);
    expect(await link.getAttribute('data-status')).toBe('verified');
    await until(textOf(link.getByTestId('link-basis'))).toBe('Người đại diện theo pháp luật');
    await until(textOf(link.getByTestId('link-status'))).toBe('Đã xác minh');
    await checkPage(page, 'my enterprises');
    // A page of the agencies is not there for it.
    await page.goto(`${base}/#/reports`);
    await until(textOf(page.locator('h1'))).toBe('Không tìm thấy');
    await page.context().close();
  });

  it('sees the programmes open to it, with every reason where it is not eligible, and applies, uploads and submits', async () => {
    const page = await signInEnterprise(representative);
    await page.getByRole('link', { name: 'Chương trình hỗ trợ' }).click();
    // Intake learns of the enterprise from the registry's events (behind the demo data on a first start).
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('[data-testid=programme-checks], [data-testid=not-yet]').first().waitFor();
          return page.locator(`[data-programme="${openCode}"]`).count();
        },
        { timeout: 240_000, interval: 2000 },
      )
      .toBe(1);
    expect(await page.locator(`[data-programme="${openCode}"]`).getAttribute('data-eligible')).toBe('true');
    const closed = page.locator(`[data-programme="${closedCode}"]`);
    expect(await closed.getAttribute('data-eligible')).toBe('false');
    expect(await closed.locator('[data-rule]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')).sort())).toEqual([
      'communes',
      'legalForms',
    ]);
    await until(textOf(closed.locator('[data-rule=communes]'))).toContain('ngoài các xã, phường của chương trình');
    await checkPage(page, 'programmes open to the enterprise');

    await page.locator(`[data-programme="${openCode}"]`).getByRole('link', { name: 'Lập hồ sơ' }).click();
    await page.waitForURL(/#\/applications\/new\?/);
    // The enterprise is the linked one, not typed.
    await until(() => page.locator('input[name=taxCode]').inputValue()).toBe(taxCode);
    expect(await page.locator('input[name=taxCode]').getAttribute('readonly')).not.toBeNull();
    await until(() => page.locator('select[name=programmeId] option:checked').innerText()).toContain(openCode);
    await page.locator('input[name=requestedAmountVnd]').fill('120000000');
    await page.locator('input[name="contact.name"]').fill('Trần Thị B');
    await page.locator('input[name="contact.phone"]').fill('0912 000 111');
    await page.locator('input[name="contact.email"]').fill(email);
    await page.locator('input[name="answers.labourProductivityGrowthPct"]').fill('12');
    await checkPage(page, 'new application as the enterprise');
    await page.getByRole('button', { name: 'Tạo hồ sơ nháp' }).click();
    await page.waitForURL(/#\/applications\/[0-9a-f-]{36}$/);
    applicationId = page.url().split('/').pop()!;
    await until(textOf(page.getByTestId('status'))).toBe('Nháp');

    await uploadPdf(page, 'business-registration', 'dkkd.pdf');
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await until(textOf(page.getByTestId('status'))).toBe('Đã nộp');
    expect(await textOf(page.getByTestId('due'))()).not.toBe('—');
    // Acts by whom as an institution: the enterprise itself here.
    await until(textOf(page.getByTestId('timeline'))).toContain('bởi doanh nghiệp');
    await checkPage(page, 'application as the enterprise');
    await page.context().close();
  });

  it('is asked by an officer for a supplement; the mail sink holds the message in Vietnamese', async () => {
    const page = await signInWith(browser, base, officer1);
    await page.goto(`${base}/#/applications/${applicationId}`);
    const form = page.getByTestId('request-supplement');
    await visible(form);
    await form.locator('textarea[name=message]').fill(supplementMessage);
    await form.locator('input[name=documents][value=quotation]').check();
    await form.locator('input[name=dueInWorkingDays]').fill('5');
    await expectAccessible(page, 'application with the supplement form');
    await form.getByRole('button', { name: 'Gửi yêu cầu bổ sung' }).click();
    await until(textOf(page.getByTestId('status'))).toBe('Chờ bổ sung');
    await until(textOf(page.getByTestId('supplement-message'))).toBe(supplementMessage);

    await page.getByRole('link', { name: 'Thư đã gửi (máy cục bộ)' }).click();
    await page.locator('input[type=email]').fill(email);
    await page.getByRole('button', { name: 'Tìm' }).click();
    const row = page.locator('tr').filter({ hasText: `Yêu cầu bổ sung hồ sơ – chương trình ${openCode}` });
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Tải lại' }).click();
          return row.count();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(1);
    await row.locator('summary').click();
    const text = await row.locator('pre').innerText();
    expect(text).toContain('Kính gửi Quý doanh nghiệp');
    expect(text).toContain(supplementMessage);
    await expectAccessible(page, 'mail sink');
    await page.context().close();
  });

  it('answers the supplement with the document asked for, on a phone', async () => {
    const page = await signInEnterprise(representative);
    await page.getByRole('link', { name: 'Hồ sơ của tôi' }).click();
    const row = page.locator(`[data-testid=my-applications] tr[data-application="${applicationId}"]`);
    await visible(row);
    expect(await row.getAttribute('data-status')).toBe('awaiting-supplement');
    await checkPage(page, 'my applications');
    await row.getByRole('link').click();
    await until(textOf(page.getByTestId('supplement-message'))).toBe(supplementMessage);
    await until(textOf(page.getByTestId('answer-by'))).toMatch(/^Hạn bổ sung: /);
    // The agency asked, shown as the agency: never the officer's account.
    await until(textOf(page.getByTestId('timeline'))).toContain('bởi Sở Công Thương');
    expect(await page.locator('main').innerText()).not.toContain(officer1.sub);
    await checkPage(page, 'application awaiting the supplement');

    await uploadPdf(page, 'quotation', 'bao-gia.pdf');
    await page.getByTestId('supplement').locator('textarea[name=message]').fill('Đã bổ sung báo giá có chữ ký');
    await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
    await until(textOf(page.getByTestId('status'))).toBe('Đã nộp');
    await visible(page.getByTestId('supplement-answered'));
    await until(textOf(page.getByTestId('timeline'))).toContain('Đã bổ sung hồ sơ');
    await checkPage(page, 'application after the supplement');
    await page.context().close();
  });

  it('is approved by a second officer', async () => {
    const page = await signInWith(browser, base, officer2);
    await page.goto(`${base}/#/applications/${applicationId}`);
    await until(textOf(page.getByTestId('four-eyes'))).toContain('Bạn có thể quyết định');
    await page.locator('input[name=amountVnd]').fill('100000000');
    await page.getByRole('button', { name: 'Ghi quyết định' }).click();
    await until(textOf(page.getByTestId('status'))).toBe('Đã phê duyệt');
    await page.context().close();
  });

  it('sees its decision and its ledger, in Vietnamese and in English', async () => {
    const page = await signInEnterprise(representative);
    await page.goto(`${base}/#/applications/${applicationId}`);
    await until(textOf(page.getByTestId('decision'))).toContain('Đã phê duyệt');
    expect(await page.getByTestId('decision').innerText()).not.toContain(officer2.sub);
    await checkPage(page, 'decided application as the enterprise');

    await page.getByRole('link', { name: 'Quyết định và hỗ trợ' }).click();
    await visible(page.locator(`[data-testid=decisions] li[data-application="${applicationId}"][data-outcome=approved]`));
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: 'Sổ theo dõi hỗ trợ' }).waitFor();
          return page.locator(`[data-testid=ledger] tr[data-application="${applicationId}"]`).count();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(1);
    await until(textOf(page.locator(`[data-testid=ledger] tr[data-application="${applicationId}"]`))).toContain('Sở Công Thương');
    await checkPage(page, 'decisions and ledger');

    await page.getByRole('button', { name: 'English' }).click();
    await until(textOf(page.locator('h1'))).toBe('Decisions and support received');
    await visible(page.getByRole('link', { name: 'My applications' }));
    await until(textOf(page.locator(`[data-testid=ledger] tr[data-application="${applicationId}"]`))).toContain(
      'Department of Industry and Trade',
    );
    await page.getByRole('link', { name: 'Support programmes' }).click();
    await until(textOf(page.locator(`[data-programme="${closedCode}"] [data-rule=communes]`))).toContain(
      "outside the programme's communes",
    );
    await checkPage(page, 'programmes in English');
    await page.context().close();
  });
});

/** Another person asks to act for the enterprise: a pending delegation. */
async function askToAct(who: { user: string; citizenId: string }) {
  const person = await signInEnterprise(who);
  await person.locator('input[name=taxCode]').fill(taxCode);
  await person.getByRole('button', { name: 'Liên kết', exact: true }).click();
  const link = person.locator(`[data-testid=links] li[data-link="${taxCode}"]`);
  await visible(link);
  expect(await link.getAttribute('data-status')).toBe('pending');
  return { person, link };
}

describe('a delegation', () => {
  it('waits for an officer of Sở Tài chính, who approves it on the enterprise page and then revokes it', async () => {
    const { person, link } = await askToAct(delegate);
    await until(textOf(link.getByTestId('link-basis'))).toBe('Uỷ quyền');
    await checkPage(person, 'a pending delegation');
    // Pending: the enterprise's files are not theirs to see.
    await person.goto(`${base}/#/applications/${applicationId}`);
    await until(textOf(person.locator('h1'))).toBe('Không tìm thấy');

    const officer = await signInWith(browser, base, stc);
    await officer.goto(`${base}/#/enterprises/${taxCode}`);
    const form = officer.getByTestId('delegations');
    await visible(form);
    await form.locator('input[name=sub]').fill(delegate.user);
    await expectAccessible(officer, 'enterprise page with delegations');
    await form.getByRole('button', { name: 'Phê duyệt uỷ quyền' }).click();
    await until(() => officer.getByTestId('delegation-result').getAttribute('data-status')).toBe('verified');

    await person.goto(`${base}/#/`);
    await until(() => link.getAttribute('data-status')).toBe('verified');
    await person.getByRole('link', { name: 'Hồ sơ của tôi' }).click();
    await visible(person.locator(`[data-testid=my-applications] tr[data-application="${applicationId}"]`));

    await form.getByRole('button', { name: 'Thu hồi' }).click();
    await until(() => officer.getByTestId('delegation-result').getAttribute('data-status')).toBe('revoked');
    await person.reload();
    await visible(person.getByTestId('no-enterprise'));
    await officer.context().close();
    await person.context().close();
  });

  it('is approved by the legal representative on My enterprises; the delegate then withdraws a draft', async () => {
    const third = { user: `vneid-${randomUUID().slice(0, 8)}`, citizenId: '001086054321' };
    const { person } = await askToAct(third);

    const rep = await signInEnterprise(representative);
    const own = rep.locator(`[data-testid=links] li[data-link="${taxCode}"]`);
    await own.locator('input[name=sub]').fill(third.user);
    await own.getByRole('button', { name: 'Phê duyệt uỷ quyền' }).click();
    await until(() => own.getByTestId('delegation-result').getAttribute('data-status')).toBe('verified');
    await checkPage(rep, 'my enterprises as the legal representative');

    // A draft of the enterprise (made over HTTP by the representative), withdrawn by the delegate in the console.
    const issuer = await localIssuer(defaultKeyFile(ROOT));
    const token = await issuer.sign({
      sub: representative.user,
      roles: ['enterprise'],
      personIdHash: createHash('sha256').update(citizenId).digest('hex'),
    });
    const programmes = await call(base, 'GET', `/me/programmes?taxCode=${taxCode}`, { token });
    const programmeId = programmes.body.items.find((i: { programme: { code: string } }) => i.programme.code === openCode).programme.id;
    const draft = await call(base, 'POST', '/applications', {
      token,
      body: {
        programmeId,
        taxCode,
        requestedAmountVnd: 50_000_000,
        answers: { labourProductivityGrowthPct: 5 },
        contact: { name: 'Trần Thị B', phone: '0912 000 111', email },
      },
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    await person.goto(`${base}/#/applications/${draft.body.id}`);
    await until(textOf(person.getByTestId('status'))).toBe('Nháp');
    await person.locator('input[name=reason]').fill('Doanh nghiệp chưa đủ vốn đối ứng');
    await person.getByRole('button', { name: 'Rút hồ sơ' }).click();
    await until(textOf(person.getByTestId('status'))).toBe('Đã rút');
    await until(textOf(person.getByTestId('timeline'))).toContain('Doanh nghiệp chưa đủ vốn đối ứng');
    await rep.context().close();
    await person.context().close();
  });
});
