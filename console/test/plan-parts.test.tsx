/**
 * A plan's target as the plan pages show it: what it counts, over which period, its goal and
 * source, the assumption marked where the target is our reading; in either language.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider, type Lang, makeI18n } from '../src/i18n/index.tsx';
import { allocationLabel, contributorName, TargetCard } from '../src/pages/plan-parts.tsx';
import type { Target } from '../src/pages/plan-model.ts';

const ceos: Target = {
  id: 'ceos-trained-2030',
  name: { vi: 'Giám đốc được đào tạo đến 2030', en: 'CEOs trained by 2030' },
  unit: 'people',
  period: { kind: 'cumulative', from: '2026', to: '2030' },
  goal: 5000,
  source: 'QĐ 6384/QĐ-UBND',
  measures: ['people:ceo'],
  allocations: [],
  assumption: 'Head counts are added and shown apart.',
};

const render = (target: Target, lang: Lang) =>
  renderToStaticMarkup(
    <I18nProvider lang={lang}>
      <ul>
        <TargetCard target={target} />
      </ul>
    </I18nProvider>,
  );

describe('a target card', () => {
  it('says what the target counts, over which period, its goal and source, with the assumption marked', () => {
    const html = render(ceos, 'en');
    expect(html).toContain('CEOs trained by 2030');
    expect(html).toContain('5,000 people');
    expect(html).toContain('cumulative 2026–2030');
    expect(html).toContain('QĐ 6384/QĐ-UBND');
    expect(html).toContain('badge-assumption">assumption</span> Head counts are added and shown apart.');
  });

  it('reads in Vietnamese, and shows no assumption where the target has none', () => {
    const { assumption: _, ...plain } = ceos;
    const html = render({ ...plain, period: { kind: 'annual', from: '2027', to: '2027' } }, 'vi');
    expect(html).toContain('Giám đốc được đào tạo đến 2030');
    expect(html).toContain('5.000 người');
    expect(html).toContain('năm 2027');
    expect(html).not.toContain('giả định');
  });

  it('names allocations and contributors: an agency, a commune, an agency in a commune, a commune committee', () => {
    const { label, t } = makeI18n('en');
    expect(allocationLabel({ agency: 'so-cong-thuong' }, label, t)).toBe('Department of Industry and Trade');
    expect(allocationLabel({ commune: '00004' }, label, t)).toBe('commune 00004');
    expect(allocationLabel({ agency: 'hh-dnnvv-hn', commune: '00008' }, label, t)).toBe('Hanoi SME Association · commune 00008');
    expect(contributorName('ubnd-xa-00004', label, t)).toBe(`${label('agency', 'ubnd-xa')} · commune 00004`);
  });
});
