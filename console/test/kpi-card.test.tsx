/**
 * A dashboard card for one target of `GET /kpis`: its unit and period; the city's figures against
 * the plan's goal; an agency's or a commune's without a goal unless the plan allocates one
 * (reporting answers no goal, pct, pace or status then), and none at all without an approved plan;
 * a people target's head counts said apart; the projection and its interval, drawn and said in
 * words, and "at risk" when the interval's top is under the goal.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../src/i18n/index.tsx';
import { KpiCard, type KpiItem } from '../src/pages/kpi-card.tsx';

const render = (item: KpiItem, planned = true) =>
  renderToStaticMarkup(
    <I18nProvider lang="en">
      <ul>
        <KpiCard item={item} planned={planned} />
      </ul>
    </I18nProvider>,
  );

const base = {
  target: 'direct-capacity-support',
  label: 'SMEs given direct capacity support',
  unit: 'enterprises' as const,
  period: { kind: 'annual' as const, from: '2026', to: '2026' },
  projection: null,
};

describe('a KPI card', () => {
  it("shows the city's figure against its goal, with the pace by now and the status", () => {
    const html = render({ ...base, actual: 1200, goal: 5000, pct: 24, expectedByNow: 4600, status: 'behind' });
    expect(html).toContain('1,200</strong> / 5,000');
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('Behind');
    expect(html).toContain('Expected by now: 4,600');
    expect(html).toContain('enterprises · annual 2026');
  });

  it("shows a commune's figure without a goal where the plan allocates none: no bar, no status, no NaN", () => {
    const html = render({ ...base, actual: 3 });
    expect(html).toContain('>3</strong>');
    expect(html).toContain('No goal allocated here by the plan');
    expect(html).not.toContain('progressbar');
    expect(html).not.toMatch(/Behind|On track|Met|NaN|undefined|Expected by now/);
  });

  it('says a year without an approved plan has no goals yet', () => {
    const html = render({ ...base, actual: 3 }, false);
    expect(html).toContain('No approved plan yet');
    expect(html).not.toContain('No goal allocated');
  });

  it("says how many of a people target's actual are head counts, and the cumulative period", () => {
    const html = render({
      target: 'ceos-2030',
      label: 'CEOs trained by 2030',
      unit: 'people',
      period: { kind: 'cumulative', from: '2026', to: '2030' },
      projection: null,
      actual: 1300,
      byHeadCount: 250,
      goal: 5000,
      pct: 26,
      expectedByNow: 1800,
      status: 'behind',
    });
    expect(html).toContain('people · cumulative 2026–2030');
    expect(html).toContain('of which 250 by head count');
    expect(render({ ...base, actual: 4, byHeadCount: 0 })).not.toContain('head count');
  });

  it('shows the projection with its 80 % interval, drawn against the goal and said in words; at risk when the top is under the goal', () => {
    const projection = {
      expected: 3900,
      low: 3500,
      high: 4300,
      coverage: 0.8 as const,
      method: 'seasonal-negative-binomial' as const,
      profile: { source: 'history' as const, years: [2025] },
    };
    const html = render({ ...base, actual: 1200, goal: 5000, pct: 24, expectedByNow: 4600, status: 'behind', atRisk: true, projection });
    expect(html).toContain('Projected for the end of 2026: 3,900 (80 % interval 3,500–4,300)');
    expect(html).toContain('At risk');
    expect(html).toContain('even the top of the interval is under the goal');
    // The whisker is hidden from screen readers (the sentence says it all), on the goal's scale: the goal at 5,000 / 5,250.
    expect(html).toMatch(/<div class="whisker" aria-hidden="true">/);
    expect(html).toContain(`left:${(5000 / 5250) * 100}%`);
    expect(html).not.toContain('Seasonal pattern assumed');
    const fine = render({
      ...base,
      actual: 4200,
      goal: 5000,
      pct: 84,
      expectedByNow: 4600,
      status: 'behind',
      atRisk: false,
      projection: { ...projection, expected: 5300, low: 4900, high: 5700, profile: { source: 'default' as const, years: [] } },
    });
    expect(fine).not.toContain('At risk');
    expect(fine).toContain('Seasonal pattern assumed: no earlier year’s months yet');
    // No projection (a year over, not begun, without data): nothing drawn.
    expect(render({ ...base, actual: 3 })).not.toContain('whisker');
  });
});
