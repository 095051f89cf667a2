/**
 * The README's screenshots (docs/console-*.png), taken on a running runtime with the demo year
 * loaded (`npm start` on an empty data folder, once `[demo] Made:` is printed):
 *
 *   npx tsx scripts/screenshots.ts [--url http://127.0.0.1:3000] [--out docs]
 *
 * Headless Chromium (Debian's, as the browser tests use): the dashboard as Sở Tài chính's officer
 * sees it, an approved application of the supporting-industry programme, and the trade fair that
 * was held.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/browser/chromium.ts';
import { DemoClient } from '../local/demo/client.ts';
import { officer } from '../local/demo/schedule.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { url: { type: 'string', default: 'http://127.0.0.1:3000' }, out: { type: 'string', default: 'docs' } },
});
const base = values.url!.replace(/\/$/, '');
const out = resolve(root, values.out!);
const client = new DemoClient(base, root);

const sct = officer('so-cong-thuong');
const year = (await client.clock()).slice(0, 4);
const cnht = (await client.must('GET', '/programmes?agency=so-cong-thuong&limit=100', { as: sct })).body.items.find(
  (p: { code: string }) => p.code === `CNHT-${year}`,
);
if (!cnht) throw new Error(`no CNHT-${year} programme: is the demo year loaded?`);
const approved = (await client.must('GET', `/applications?programmeId=${cnht.id}&status=approved&limit=20`, { as: sct })).body.items;
const fairs = (await client.must('GET', '/fairs?limit=10', { as: sct })).body.items as { id: string; heldOn: string }[];
const today = new Date().toISOString().slice(0, 10);
const heldFair = fairs.find((f) => f.heldOn <= today) ?? fairs[0];

const { browser, close } = await launchChromium();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${base}/`);
  await page.locator('select[name=agency]').selectOption('so-cong-thuong');
  for (const role of ['admin', 'officer', 'reviewer', 'viewer'])
    await page.locator(`input[name=roles][value=${role}]`).setChecked(role === 'officer' || role === 'viewer');
  await page.locator('input[name=sub]').fill(sct.sub);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('who').waitFor();
  await page.getByTestId('kpis').waitFor();
  await page
    .locator('figure.chart')
    .first()
    .waitFor({ timeout: 20_000 })
    .catch(() => undefined);
  await page.screenshot({ path: resolve(out, 'console-dashboard.png'), fullPage: true });
  if (approved[0]) {
    await page.goto(`${base}/#/applications/${approved[0].id}`);
    await page.getByTestId('status').waitFor();
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.screenshot({ path: resolve(out, 'console-application.png'), fullPage: true });
  }
  if (heldFair) {
    await page.goto(`${base}/#/fairs/${heldFair.id}`);
    await page.getByTestId('fair-run').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: resolve(out, 'console-fair.png'), fullPage: true });
  }
  console.log(`screenshots in ${out}: console-dashboard.png, console-application.png, console-fair.png`);
} finally {
  await close();
}
