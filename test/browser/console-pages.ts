/**
 * What the browser tests do on every page: sign in through the local sign-in page, scan with
 * axe-core (no serious or critical WCAG 2.1 AA violation), and — Playwright's own runner having
 * web-first assertions, vitest not — poll what the page shows.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Account {
  agency: string;
  roles: string[];
  commune?: string;
  sub?: string;
}

/** A fresh browser session (its own sessionStorage) signed in through the local sign-in page. */
export async function signInWith(browser: Browser, base: string, account: Account, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${base}/`);
  await page.locator('select[name=agency]').selectOption(account.agency);
  for (const role of ['admin', 'officer', 'reviewer', 'viewer'])
    await page.locator(`input[name=roles][value=${role}]`).setChecked(account.roles.includes(role));
  if (account.commune) await page.locator('select[name=commune]').selectOption(account.commune);
  if (account.sub) await page.locator('input[name=sub]').fill(account.sub);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('who').waitFor();
  return page;
}

/** A phone's viewport: the enterprise's pages are used on one. */
export const PHONE = { width: 390, height: 844 };

/**
 * A person acting for an enterprise, signed in through the local sign-in page as VNeID would assert
 * them (their citizen id hashed in the browser), in a fresh browser session.
 */
export async function signInEnterprise(
  browser: Browser,
  base: string,
  person: { user: string; citizenId: string },
  viewport = PHONE,
): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${base}/`);
  await page.locator('input[name=kind][value=enterprise]').check();
  await page.locator('input[name=enterpriseUser]').fill(person.user);
  await page.locator('input[name=personIdHash]').fill(person.citizenId);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('who').waitFor();
  return page;
}

/** An enterprise page: accessible, and no wider than the screen (wide tables scroll inside their own region). */
export async function checkPage(page: Page, where: string) {
  await expectAccessible(page, where);
  expect(
    await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    `${where}: sideways scroll`,
  ).toBeLessThanOrEqual(0);
}

export async function expectAccessible(page: Page, where: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

export const until = <T>(read: () => Promise<T>, timeout = 20_000) => expect.poll(read, { timeout, interval: 200 });
export const textOf = (l: Locator) => () => l.innerText({ timeout: 1000 }).catch(() => '');
export const visible = (l: Locator, timeout = 20_000) => l.waitFor({ state: 'visible', timeout });
