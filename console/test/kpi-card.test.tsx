/**
 * A dashboard card for one target of `GET /kpis`: the city's figures against the city's goal; an
 * agency's or a commune's without a goal unless the plan allocates one (reporting answers no goal,
 * pct, pace or status then).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../src/i18n/index.tsx';
import { KpiCard, type KpiItem } from '../src/pages/kpi-card.tsx';

const render = (item: KpiItem) =>
  renderToStaticMarkup(
    <I18nProvider lang="en">
      <ul>
        <KpiCard item={item} />
      </ul>
    </I18nProvider>,
  );

const base = { target: 'direct-capacity-support', label: 'SMEs given direct capacity support', unit: 'enterprises', per: 'year' as const };

describe('a KPI card', () => {
  it("shows the city's figure against its goal, with the pace by now and the status", () => {
    const html = render({ ...base, actual: 1200, goal: 5000, pct: 24, expectedByNow: 4600, status: 'behind' });
    expect(html).toContain('1,200</strong> / 5,000');
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('Behind');
    expect(html).toContain('Expected by now: 4,600');
  });

  it("shows a commune's figure without a goal where the plan allocates none: no bar, no status, no NaN", () => {
    const html = render({ ...base, actual: 3 });
    expect(html).toContain('>3</strong>');
    expect(html).toContain('No goal allocated here by the plan');
    expect(html).not.toContain('progressbar');
    expect(html).not.toMatch(/Behind|On track|Met|NaN|undefined|Expected by now/);
  });
});
