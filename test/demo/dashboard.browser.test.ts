/**
 * The dashboard after the demo year (its first weeks, small), in headless Chromium, on a runtime
 * of its own (the demo moves the runtime's clock, which the console flow of console.test.ts must
 * not see): no target of the plan that the demo's acts feed shows 0.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fedMeasures } from '../../local/demo/fed.ts';
import { type DemoResult, runDemo } from '../../local/demo/run.ts';
import { addDays } from '../../shared/time/hanoi.ts';
import { thisYear } from '../support/clock.ts';
import { tokenFor } from '../support/http.ts';
import { ROOT, type RuntimeProcess, startRuntimeProcess } from '../support/runtime-process.ts';
import { launchChromium } from '../browser/chromium.ts';

let runtime: RuntimeProcess;
let base: string;
let demo: DemoResult;
let browser: Browser;
let close: () => Promise<void>;
const year = thisYear();

beforeAll(async () => {
  runtime = await startRuntimeProcess(['--in-memory'], 180_000, { fixtures: false });
  base = runtime.info.url;
  ({ browser, close } = await launchChromium());
  demo = await runDemo({
    base,
    root: ROOT,
    year,
    until: addDays(`${year}-01-01`, 35),
    seed: 7,
    enterprises: 300,
    applicationsPerYear: 2_500,
    suppliers: 40,
    concurrency: 8,
  });
}, 1_800_000);

afterAll(async () => {
  await close?.();
  await runtime?.stop();
});

describe('the dashboard after the demo year', () => {
  it('shows no target at 0 that the demo feeds', async () => {
    const viewer = await tokenFor({ agency: 'so-tai-chinh', roles: ['viewer'], sub: 'demo-browser' });
    const kpis = (await (await fetch(`${base}/kpis?year=${year}`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as {
      plan: { id: string };
      items: unknown[];
    };
    const plan = (await (await fetch(`${base}/plans/${kpis.plan.id}`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as {
      targets: { id: string; measures: string[] }[];
    };
    const fed = fedMeasures(demo.schedule, demo.state.log);
    const fedTargets = plan.targets.filter((t) => t.measures.some((m) => fed.has(m))).map((t) => t.id);
    expect(fedTargets.length).toBeGreaterThanOrEqual(8);

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${base}/`);
    await page.locator('select[name=agency]').selectOption('so-tai-chinh');
    for (const role of ['admin', 'officer', 'reviewer', 'viewer'])
      await page.locator(`input[name=roles][value=${role}]`).setChecked(role === 'viewer');
    await page.locator('button[type=submit]').click();
    await page.getByTestId('who').waitFor();
    await expect.poll(() => page.locator('[data-testid=kpis] > li').count(), { timeout: 20_000 }).toBe(kpis.items.length);
    const shown: Record<string, number> = {};
    for (const t of fedTargets) shown[t] = Number((await page.getByTestId(`kpi-actual-${t}`).innerText()).replace(/\D/g, ''));
    expect(Object.entries(shown).filter(([, v]) => v === 0)).toEqual([]);
  });
});
