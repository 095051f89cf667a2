/**
 * The demo year, small: the first month of this year acted through a runtime of its own (the
 * demo moves the runtime's clock, which the shared runtime's other tests must not see) by the same
 * generator `npm run demo` and the first start use. Then, from the services' own answers: every
 * target of the approved plan that the demo's acts feed is above 0 on /kpis and on the console's
 * dashboard (headless Chromium); the monthly report holds the month; matching has a funnel; a fair
 * is scheduled; and a weekly report's file counts equal the week counted by hand from the demo's
 * act log (not from reporting's code).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../browser/chromium.ts';
import { fedMeasures, handCount } from '../../local/demo/fed.ts';
import { type DemoResult, runDemo } from '../../local/demo/run.ts';
import { addDays } from '../../shared/time/hanoi.ts';
import { thisYear } from '../support/clock.ts';
import { tokenFor } from '../support/http.ts';
import { ROOT, type RuntimeProcess, startRuntimeProcess } from '../support/runtime-process.ts';

let runtime: RuntimeProcess;
let base: string;
let demo: DemoResult;
let viewer: string;
const year = thisYear();
const until = addDays(`${year}-01-01`, 31);

/** A request to the demo's runtime (its answers are not held against the shared runtime's contract). */
async function get(path: string): Promise<any> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${viewer}` } });
  expect(res.status, path).toBe(200);
  return res.json();
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'console/dist/index.html'))) throw new Error('console/dist is not built: run `npm run build:console`');
  runtime = await startRuntimeProcess(['--in-memory'], 180_000, { fixtures: false });
  base = runtime.info.url;
  viewer = await tokenFor({ agency: 'so-tai-chinh', roles: ['viewer'], sub: 'demo-test-viewer' });
  demo = await runDemo({
    base,
    root: ROOT,
    year,
    until,
    seed: 42,
    enterprises: 300,
    applicationsPerYear: 3_000,
    suppliers: 40,
    concurrency: 8,
    progress: (line) => console.info(`[demo] ${line}`),
  });
  // What did not go through (a real year has refusals; a failed report or step here is a lead).
  for (const l of demo.state.log.filter((x) => !x.ok && x.kind !== 'match-step').slice(0, 30))
    console.info(`[demo] not done: ${JSON.stringify(l)}`);
  for (const line of runtime
    .stderr()
    .split('\n')
    .filter((l) => /fail|error/i.test(l))
    .slice(0, 20))
    console.info(`[runtime] ${line}`);
  console.info(
    `demo ${year}-01-01…${until}: ${JSON.stringify(demo.state.counts)} in ${Math.round(demo.elapsedMs / 1000)} s, peak RSS ${Math.round(demo.peakRssBytes / 2 ** 20)} MiB`,
  );
}, 1_800_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('the demo year (a month)', () => {
  it('went through the real paths and gave the clock back', async () => {
    const c = demo.state.counts;
    expect(c.applications).toBeGreaterThan(100);
    expect(c.submitted).toBeGreaterThan(80);
    expect(c.approved).toBeGreaterThan(0);
    expect(c.rejected).toBeGreaterThan(0);
    expect(c.reviews).toBeGreaterThan(0);
    expect(c.withdrawn).toBeGreaterThan(0);
    expect(c['plans approved']).toBe(1);
    expect(c['attendance CSV uploads']).toBe(1);
    // The runtime lives on the test's clock again (give or take the requests' time).
    const now = Date.parse(((await (await fetch(`${base}/local/clock`)).json()) as { now: string }).now);
    expect(Math.abs(now - Date.now())).toBeLessThan(60_000);
  });

  it('moves every target of the plan that its acts feed', async () => {
    const kpis = await get(`/kpis?year=${year}`);
    expect(kpis.plan).not.toBeNull();
    const plan = await get(`/plans/${kpis.plan.id}`);
    const fed = fedMeasures(demo.schedule, demo.state.log);
    const fedTargets = (plan.targets as { id: string; measures: string[] }[])
      .filter((t) => t.measures.some((m) => fed.has(m)))
      .map((t) => t.id);
    // Nearly the whole plan: grants, activities, registrations, matching.
    expect(fedTargets.length).toBeGreaterThanOrEqual(10);
    const actual = new Map((kpis.items as { target: string; actual: number }[]).map((i) => [i.target, i.actual]));
    expect(fedTargets.filter((t) => !(actual.get(t)! > 0))).toEqual([]);
  });

  it('has the reports of its weeks and months, a matching funnel and a fair', async () => {
    const reports = (await get('/reports?limit=50')).items as { id: string; status: string }[];
    const monthly = reports.find((r) => r.id === `monthly-${year}-01-01`);
    expect(monthly?.status).toBe('done');
    const weekly = demo.state.log.filter((l) => l.kind === 'weekly-report' && l.ok).map((l) => l.outcome);
    expect(weekly.length).toBeGreaterThanOrEqual(3);
    for (const id of weekly) expect(reports.find((r) => r.id === id)?.status, id).toBe('done');

    const january = await reportJson(`monthly-${year}-01-01`);
    const funnel = Object.fromEntries(
      (january.funnel as { key: string; values: Record<string, number> }[]).map((f) => [f.key, Object.values(f.values)[0]]),
    );
    expect(funnel.proposed).toBeGreaterThan(0);
    expect(funnel.contacted).toBeGreaterThan(0);

    const fairs = (await get('/fairs?limit=10')).items as { heldOn: string; scheduleRunId?: string }[];
    expect(fairs.filter((f) => f.scheduleRunId && f.heldOn <= until)).toHaveLength(1);
    expect(fairs.filter((f) => f.scheduleRunId && f.heldOn > until)).toHaveLength(1);
  });

  it("counts a week's files as counted by hand from the demo's own acts", async () => {
    // The week the demo reported on with the most files closed within it (most weeks' files are
    // decided in later weeks), then the busiest.
    const weeks = demo.state.log
      .filter((l) => l.kind === 'weekly-report' && l.ok)
      .map((l) => ({ id: l.outcome!, from: l.key, to: addDays(l.key, 6) }))
      .map((w) => ({ ...w, hand: handCount(demo.state.log, w.from, w.to) }))
      .sort((a, b) => b.hand.completed + b.hand.withdrawn - (a.hand.completed + a.hand.withdrawn) || b.hand.received - a.hand.received);
    const week = weeks[0]!;
    expect(week.hand.received).toBeGreaterThan(10);
    expect(week.hand.completed).toBeGreaterThan(0);
    const report = await reportJson(week.id);
    expect(report.files.total).toEqual(week.hand);
  });
});

describe('the dashboard after the demo year (a month)', () => {
  it('shows no target at 0 that the demo feeds', async () => {
    const kpis = await get(`/kpis?year=${year}`);
    const plan = await get(`/plans/${kpis.plan.id}`);
    const fed = fedMeasures(demo.schedule, demo.state.log);
    const fedTargets = (plan.targets as { id: string; measures: string[] }[])
      .filter((t) => t.measures.some((m) => fed.has(m)))
      .map((t) => t.id);
    const { browser, close } = await launchChromium();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await page.goto(`${base}/`);
      await page.locator('select[name=agency]').selectOption('so-tai-chinh');
      for (const role of ['admin', 'officer', 'reviewer', 'viewer'])
        await page.locator(`input[name=roles][value=${role}]`).setChecked(role === 'viewer');
      await page.locator('button[type=submit]').click();
      await page.getByTestId('who').waitFor();
      await expect.poll(() => page.locator('[data-testid=kpis] > li').count(), { timeout: 30_000 }).toBe(kpis.items.length);
      const shown: Record<string, number> = {};
      for (const t of fedTargets) shown[t] = Number((await page.getByTestId(`kpi-actual-${t}`).innerText()).replace(/\D/g, ''));
      expect(Object.keys(shown).length).toBeGreaterThanOrEqual(10);
      expect(Object.entries(shown).filter(([, v]) => v === 0)).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);
});

async function reportJson(id: string): Promise<any> {
  const report = await get(`/reports/${id}`);
  const json = (report.files as { format: string; url: string }[]).find((f) => f.format === 'json')!;
  return (await fetch(json.url)).json();
}
