/**
 * An enterprise at a trade fair and in the supplier network, in the console (issue 21), in headless
 * Chromium against `npm start`'s runtime. An officer publishes a fair open to registration (through
 * the API) with two buyers, one of them a matching buyer with an open need; the enterprise's legal
 * representative registers it as an exhibitor on a phone; the officer accepts it on the fair's
 * page; the enterprise states its wishes about the buyers, reads them back, and once the fair is
 * scheduled downloads its agenda (.ics); it edits its supplier profile (a field error under its
 * input, then saved) and sees the need among its opportunities, with no agency's score. Another
 * enterprise's user is not shown any of it (404). Every enterprise page is scanned with axe-core
 * and used at 390×844 with no sideways scroll.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultKeyFile, localIssuer } from '../../local/runtime/jwt.ts';
import { daysFromToday, hanoiInstant, nowIso } from '../support/clock.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { postSigned, registryEvent } from '../support/registry.ts';
import { ROOT } from '../support/runtime-process.ts';
import { launchChromium } from './chromium.ts';
import { checkPage, expectAccessible, signInEnterprise as signIn, signInWith, textOf, until, visible } from './console-pages.ts';

const base = inject('consoleRuntime').url;

let browser: Browser;
let close: () => Promise<void>;

/** The enterprise's person on a phone. */
const signInEnterprise = (person: { user: string; citizenId: string }) => signIn(browser, base, person);

const officer = { agency: 'so-cong-thuong', roles: ['officer'], sub: 'sct-fair-registrations' };
const citizen = () => `0010870${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
/** The legal representatives of the exhibitor and of another enterprise. */
const representative = { user: `vneid-${randomUUID().slice(0, 8)}`, citizenId: citizen() };
const stranger = { user: `vneid-${randomUUID().slice(0, 8)}`, citizenId: citizen() };
const fairName = `Hội chợ kết nối CNHT ${randomUUID().slice(0, 6)}`;

let officerToken: string;
let taxCode: string;
let otherTaxCode: string;
let fairId: string;
let needId: string;
let mustMeetBuyer: { id: string; name: string };
let otherBuyer: { id: string; name: string };
let participantId: string;

/** A registry event for an active enterprise whose legal representative is `person`. */
async function announce(person: { citizenId: string }, name: string): Promise<string> {
  const event = registryEvent({
    occurredAt: nowIso(),
    enterprise: { name, communeCode: '00004', legalRepresentative: { name: 'Lê Văn C', personalIdHash: hash(person.citizenId) } },
  });
  expect((await postSigned(base, event)).body.results?.[0]?.outcome).toBe('applied');
  return event.taxCode;
}

/** The person's token as the local stand-in for VNeID asserts them (for the API checks). */
async function enterpriseToken(person: { user: string; citizenId: string }): Promise<string> {
  const issuer = await localIssuer(defaultKeyFile(ROOT));
  return issuer.sign({ sub: person.user, roles: ['enterprise'], personIdHash: hash(person.citizenId) });
}

beforeAll(async () => {
  ({ browser, close } = await launchChromium());
  officerToken = await tokenFor(officer);
  taxCode = await announce(representative, 'Công ty TNHH Cơ khí Đông Anh');
  otherTaxCode = await announce(stranger, 'Công ty CP Nhựa Gia Lâm');
  // The agency keeping the network profiled the exhibitor already (422 until the registry's event
  // has reached matching): the enterprise keeps it from now on.
  const profiled = await eventually(
    async () => {
      const r = await call(base, 'PUT', `/suppliers/${taxCode}/profile`, {
        token: officerToken,
        body: { processes: ['cnc-machining'], tier: 2 },
      });
      return r.status === 422 ? undefined : r;
    },
    120_000,
    500,
  );
  expect(profiled.status, JSON.stringify(profiled.body)).toBe(200);

  // A matching buyer with an open need for CNC parts, and a fair open to registration for five days.
  const buyer = await call(base, 'POST', '/buyers', {
    token: officerToken,
    body: { name: 'Canon Việt Nam', kind: 'fdi', country: 'JP', site: { park: 'thang-long' } },
  });
  expect(buyer.status, JSON.stringify(buyer.body)).toBe(201);
  const need = await call(base, 'POST', `/buyers/${buyer.body.id}/needs`, {
    token: officerToken,
    body: { title: `Trục nhôm gia công CNC ${randomUUID().slice(0, 4)}`, processes: ['cnc-machining'], deadline: daysFromToday(90) },
  });
  expect(need.status, JSON.stringify(need.body)).toBe(201);
  needId = need.body.id;
  const fair = await call(base, 'POST', '/fairs', {
    token: officerToken,
    body: {
      name: fairName,
      venue: 'Cung Văn hoá Hữu nghị',
      slotMinutes: 20,
      sessions: [{ startsAt: hanoiInstant(10), slots: 4 }],
      tables: 2,
      registrationUntil: daysFromToday(5),
    },
  });
  expect(fair.status, JSON.stringify(fair.body)).toBe(201);
  fairId = fair.body.id;
  const add = async (body: Record<string, unknown>) => {
    const r = await call(base, 'POST', `/fairs/${fairId}/participants`, { token: officerToken, body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { id: r.body.id as string, name: r.body.name as string };
  };
  mustMeetBuyer = await add({ role: 'buyer', buyerId: buyer.body.id });
  otherBuyer = await add({ role: 'buyer', name: 'Samsung Display Việt Nam' });
}, 180_000);

afterAll(async () => {
  await close?.();
});

describe('an enterprise at a trade fair', () => {
  it('registers as an exhibitor on a phone: pending until the fair staff answer', async () => {
    const page = await signInEnterprise(representative);
    await page.locator('input[name=taxCode]').fill(taxCode);
    await page.getByRole('button', { name: 'Liên kết', exact: true }).click();
    await until(() => page.locator(`[data-testid=links] li[data-link="${taxCode}"]`).getAttribute('data-status')).toBe('verified');
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link').allInnerTexts()).toEqual([
      'Doanh nghiệp của tôi',
      'Chương trình hỗ trợ',
      'Hồ sơ của tôi',
      'Quyết định và hỗ trợ',
      'Hội chợ giao thương',
      'Năng lực cung ứng',
    ]);
    await checkPage(page, 'my enterprises with the fair and supplier links');

    await nav.getByRole('link', { name: 'Hội chợ giao thương' }).click();
    const card = page.locator(`[data-testid=my-fairs] li[data-fair="${fairId}"]`);
    await visible(card);
    expect(await card.getAttribute('data-registration')).toBe('none');
    await until(textOf(card)).toContain('2 bên mua tham gia');
    await checkPage(page, 'trade fairs open to registration');
    await card.getByRole('button', { name: 'Đăng ký trưng bày' }).click();
    await until(() => card.getAttribute('data-registration')).toBe('pending');
    await until(textOf(card.getByTestId('registration-status'))).toBe('Chờ ban tổ chức duyệt');
    // Pending: no wishes yet, no agenda.
    expect(await card.getByTestId('wishes').count()).toBe(0);
    await checkPage(page, 'a pending registration');
    await page.context().close();
  });

  it("is accepted by the fair's staff on the fair page", async () => {
    const page = await signInWith(browser, base, officer);
    await page.goto(`${base}/#/fairs/${fairId}`);
    const row = page.locator('[data-testid=registrations] li').filter({ hasText: taxCode });
    await visible(row);
    expect(await row.getAttribute('data-status')).toBe('pending');
    participantId = (await row.getAttribute('data-participant'))!;
    await expectAccessible(page, 'fair page with a pending registration');
    // A refusal says why: refused without a reason, the registration stays pending.
    await row.getByRole('button', { name: 'Từ chối' }).click();
    await until(textOf(page.locator('[data-testid=registrations] ~ [role=alert]'))).toContain('required when refused');
    expect(await row.getAttribute('data-status')).toBe('pending');
    await row.getByRole('button', { name: 'Chấp nhận' }).click();
    await until(() => row.getAttribute('data-status')).toBe('accepted');
    await until(textOf(row)).toContain('Đã được chấp nhận');
    await page.context().close();
  });

  it('states its wishes about the buyers and reads them back; once scheduled, downloads its agenda', async () => {
    const page = await signInEnterprise(representative);
    await page.getByRole('link', { name: 'Hội chợ giao thương' }).click();
    const card = page.locator(`[data-testid=my-fairs] li[data-fair="${fairId}"]`);
    await until(() => card.getAttribute('data-registration')).toBe('accepted');
    const wishes = card.getByTestId('wishes');
    await wishes.locator(`fieldset[data-buyer="${mustMeetBuyer.id}"]`).getByLabel('Bắt buộc gặp').check();
    await wishes.locator(`fieldset[data-buyer="${otherBuyer.id}"]`).getByLabel('Không gặp').check();
    await checkPage(page, 'wishes of an accepted registration');
    await wishes.getByRole('button', { name: 'Lưu nguyện vọng' }).click();
    await visible(wishes.getByTestId('wishes-saved'));
    // Stored: read back after a reload.
    await page.reload();
    await visible(wishes);
    await until(() => wishes.locator(`input[name="wish-${mustMeetBuyer.id}"][value=mustMeet]`).isChecked()).toBe(true);
    expect(await wishes.locator(`input[name="wish-${otherBuyer.id}"][value=noThanks]`).isChecked()).toBe(true);
    expect(await card.getByRole('button', { name: 'Tải lịch (.ics)' }).count()).toBe(0);

    // The officer schedules the fair (through the API); the enterprise meets the buyer it must meet.
    const run = await call(base, 'POST', `/fairs/${fairId}/schedule-runs`, { token: officerToken, body: { mode: 'initial' } });
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    const done = await eventually(
      async () => {
        const r = await call(base, 'GET', `/fairs/${fairId}/schedule-runs/${run.body.id}`, { token: officerToken });
        return r.body.status === 'running' ? undefined : r.body;
      },
      60_000,
      250,
    );
    expect(done.status, JSON.stringify(done)).toBe('done');
    await page.reload();
    await until(textOf(card.getByTestId('agenda'))).toContain(mustMeetBuyer.name);
    expect(await card.getByTestId('agenda').innerText()).not.toContain(otherBuyer.name);
    await checkPage(page, 'a scheduled fair with the agenda');
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Tải lịch (.ics)' }).click()]);
    expect(download.suggestedFilename()).toBe(`agenda-${participantId}.ics`);
    // Long lines are folded (RFC 5545 §3.1): unfolded before reading.
    const ics = (await readFile((await download.path())!, 'utf8')).replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain(`${fairId}.${mustMeetBuyer.id}.${participantId}@sme-support`);

    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await until(textOf(page.locator('h1'))).toBe('Trade fairs open to registration');
    await until(textOf(card.getByTestId('registration-status'))).toBe('Accepted');
    await checkPage(page, 'trade fairs in English');
    await page.context().close();
  });
});

describe("an enterprise's supplier profile", () => {
  it('is edited by the enterprise: a field error under its input, then saved; its opportunities without agencies’ scores', async () => {
    const page = await signInEnterprise(representative);
    await page.getByRole('link', { name: 'Năng lực cung ứng' }).click();
    const form = page.getByTestId('supplier-profile');
    await visible(form);
    expect(await form.locator('input[name=processes][value=cnc-machining]').isChecked()).toBe(true);
    await form.locator('input[name=processes][value=anodising]').check();
    await form.getByRole('button', { name: 'Thêm chứng nhận' }).click();
    await form.locator('select[name="certifications.0.standard"]').selectOption('ISO 9001');
    await form.locator('input[name="certifications.0.validUntil"]').fill(daysFromToday(400));
    await form.locator('input[name="monthlyCapacity"]').fill('20000');
    await form.getByRole('button', { name: 'Thêm người liên hệ' }).click();
    await form.locator('input[name="contacts.0.name"]').fill('Lê Văn C');
    await form.locator('input[name="contacts.0.phone"]').fill('0912 345 678');
    await form.locator('input[name="contacts.0.email"]').fill('le-van-c.example.vn');
    await form.getByRole('button', { name: 'Lưu hồ sơ năng lực' }).click();
    // The e-mail is refused under its own input; nothing was saved.
    const error = form.locator('[data-field-error="contacts.0.email"]');
    await visible(error);
    expect(await form.locator('input[name="contacts.0.email"]').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByTestId('profile-saved').count()).toBe(0);
    await checkPage(page, 'supplier profile with a field error');

    await form.locator('input[name="contacts.0.email"]').fill('le.van.c@example.vn');
    await form.getByRole('button', { name: 'Lưu hồ sơ năng lực' }).click();
    await until(textOf(form.getByTestId('profile-saved'))).toBe('Đã lưu (phiên bản 2).');
    expect(await error.count()).toBe(0);
    const stored = await call(base, 'GET', `/suppliers/${taxCode}/profile`, { token: officerToken });
    expect(stored.body.profile).toMatchObject({
      processes: ['cnc-machining', 'anodising'],
      certifications: [{ standard: 'ISO 9001', validUntil: daysFromToday(400) }],
      monthlyCapacity: 20000,
      tier: 2,
    });
    expect(stored.body.contacts).toEqual([{ name: 'Lê Văn C', phone: '0912 345 678', email: 'le.van.c@example.vn' }]);

    // Its opportunities: the buyer's need, with the quality factor neutral (no agency's score).
    const need = page.locator(`[data-testid=opportunities] li[data-need="${needId}"]`);
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Tải lại' }).click();
          return need.count();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(1);
    await until(textOf(need)).toContain('Canon Việt Nam');
    await until(textOf(need.locator('[data-factor=quality]'))).toContain('bạn không được xem (trung tính)');
    await checkPage(page, 'supplier profile and opportunities');
    await page.context().close();
  });
});

describe('another enterprise', () => {
  it("does not see this enterprise's registration, wishes, agenda, profile or opportunities (404)", async () => {
    const token = await enterpriseToken(stranger);
    const linked = await call(base, 'POST', '/me/enterprises', { token, body: { taxCode: otherTaxCode } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    expect(linked.body.status).toBe('verified');
    // Its own list of fairs has this fair, without a registration of its own.
    const mine = await call(base, 'GET', `/me/fairs?taxCode=${otherTaxCode}`, { token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((f: { id: string }) => f.id === fairId)?.registration).toBeNull();
    const wishes = { mustMeet: [], meet: [mustMeetBuyer.id], noThanks: [] };
    const asked: { method: string; path: string; body?: unknown }[] = [
      { method: 'GET', path: `/me/fairs?taxCode=${taxCode}` },
      { method: 'GET', path: `/fairs/${fairId}/participants/${participantId}/agenda` },
      { method: 'PUT', path: `/fairs/${fairId}/participants/${participantId}/preferences`, body: wishes },
      { method: 'GET', path: `/suppliers/${taxCode}/profile` },
      { method: 'GET', path: `/suppliers/${taxCode}/opportunities` },
    ];
    for (const { method, path, body } of asked) {
      const r = await call(base, method, path, { token, ...(body ? { body } : {}) });
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(404);
    }
  });
});
