/**
 * The scheme's published targets (domain.md §1, Decision 5418/QĐ-UBND and the plans it builds on),
 * as the targets of a year's plan: unit, period and source as published; the measures that count
 * toward each (DESIGN-19 §1), with `assumption` saying why wherever the mapping, or a figure, is our
 * reading rather than a published fact. The target ids are those the KPIs used before plans existed,
 * so clients and reports keep working.
 *
 * The older plans' figures (2020–2025 supporting-industry programme, 2021–2025 key-products plan,
 * the 2021–2025 productivity plan) are reference records: a plan may adopt one as a target, but
 * they are not 2026–2030 targets by themselves.
 */
import { targetById } from '../../../shared/reference/targets.ts';
import type { ReferenceRecord, Target } from './plan.ts';

const SCHEME = 'Decision 5418/QĐ-UBND, 1 Nov 2025: SME support scheme 2026–2030 (domain.md §1, source 000)';
const PRODUCTIVITY = 'Productivity and quality plan 2026–2030 (domain.md §1, source 001)';
const CNHT = 'Supporting-industry programme 2020–2025 (domain.md §1, source 002)';
const KEY_PRODUCTS = 'Key industrial products plan 2021–2025 (domain.md §1, sources 003, 004)';

/** The scheme's cumulative period. */
export const SCHEME_PERIOD = { from: '2026', to: '2030' } as const;

/**
 * What the scheme publishes for each of its targets: the figure, where it says so, and why a
 * figure or a mapping is our reading where it is. Everything else about a target — its name, unit,
 * period and measures — is the shared target list (shared/reference/targets.ts), so the seeded plan
 * and the KPIs of a year without one describe each target alike.
 */
const PUBLISHED: Readonly<Record<string, { goal: number; source: string; assumption?: string }>> = {
  'direct-capacity-support': {
    goal: 5_000,
    source: `${SCHEME}: at least 5,000 a year`,
    assumption:
      "Counts enterprises granted a content marked direct in the support contents (the scheme's eight direct kinds); whether consulting, training and productivity support count is not published — that data says what it assumes.",
  },
  'indirect-support': {
    goal: 40_000,
    source: `${SCHEME}: about 40,000 a year`,
    assumption:
      'Indirect support is counted as enterprises attending completed activities that are not grants (the scheme defines no count).',
  },
  'new-smes': { goal: 40_000, source: `${SCHEME}: about 40,000 new enterprises a year (not household businesses or branches)` },
  'workers-trained': {
    goal: 15_000,
    source: `${SCHEME}: 15,000 a year`,
    assumption: 'People known by person ref are counted once; head counts (lists without ids, training grants) are added and shown apart.',
  },
  'ceos-trained': { goal: 1_000, source: `${SCHEME}: 1,000 a year` },
  'ceos-trained-2030': { goal: 5_000, source: `${SCHEME}: 5,000 by 2030` },
  conferences: { goal: 5, source: `${SCHEME}: 5 conferences 2026–2030` },
  'white-book': {
    goal: 1,
    source: `${SCHEME}: yearly`,
    assumption: '"Yearly" is read as one publication a year (the White Book with the annual ecosystem report); no number is published.',
  },
  'productivity-quality': {
    goal: 2_250,
    source: `${PRODUCTIVITY}: +50 % over 2021–2025, which planned about 1,500`,
    assumption: 'The goal 2,250 is 1,500 × 1.5: the plan states the increase, not the figure.',
  },
  'productivity-model-enterprises': { goal: 20, source: `${PRODUCTIVITY}: at least 20` },
  'conformity-bodies': {
    goal: 5,
    source: `${PRODUCTIVITY}: at least 5`,
    assumption:
      'Counted as conformity bodies attending completed activities (they may have no tax code); strengthening itself is not recorded.',
  },
  'productivity-experts': {
    goal: 40,
    source: `${PRODUCTIVITY}: 40, of them about 10 regional or international`,
    assumption:
      'Counted as distinct experts attending completed activities; certification is not recorded, nor are the ~10 regional/international ones told apart.',
  },
};

export const HISTORY: readonly ReferenceRecord[] = [
  {
    id: 'cnht-connection-2020-2025',
    name: { vi: 'Lượt DN tham gia chương trình kết nối CNHT', en: 'Supporting-industry connection participations' },
    figure: '~700',
    unit: 'participations',
    period: { from: '2020', to: '2025' },
    source: CNHT,
    measures: ['cnht-connection'],
  },
  {
    id: 'cnht-direct-suppliers-2020-2025',
    name: { vi: 'DN CNHT trở thành nhà cung ứng trực tiếp', en: 'Supporting-industry firms becoming direct suppliers' },
    figure: '100',
    unit: 'enterprises',
    period: { from: '2020', to: '2025' },
    source: CNHT,
    measures: ['direct-suppliers'],
    note: 'Direct suppliers to makers or assemblers of finished products.',
  },
  {
    id: 'cnht-consulting-training-2020-2025',
    name: { vi: 'Lượt tư vấn quản trị và đào tạo (CNHT)', en: 'Supporting-industry management consulting and training' },
    figure: '~500',
    unit: 'participations',
    period: { from: '2020', to: '2025' },
    source: CNHT,
  },
  {
    id: 'cnht-workforce-training-2020-2025',
    name: { vi: 'Lượt đào tạo nguồn nhân lực (CNHT)', en: 'Supporting-industry workforce training' },
    figure: '~300',
    unit: 'participations',
    period: { from: '2020', to: '2025' },
    source: CNHT,
  },
  {
    id: 'key-products-2021-2025',
    name: { vi: 'Lượt hỗ trợ sản phẩm công nghiệp chủ lực', en: 'Key industrial products (SPCNCL) support' },
    figure: '100–120 a year',
    unit: 'participations',
    period: { from: '2021', to: '2025' },
    source: KEY_PRODUCTS,
    measures: ['key-products'],
  },
  {
    id: 'productivity-quality-2021-2025',
    name: { vi: 'DN được hỗ trợ năng suất, chất lượng 2021–2025', en: 'Enterprises supported on productivity & quality, 2021–2025' },
    figure: '~1,500',
    unit: 'enterprises',
    period: { from: '2021', to: '2025' },
    source: PRODUCTIVITY,
    note: 'The baseline of the 2026–2030 target (+50 %).',
  },
];

/**
 * The scheme's targets as a `year` plan's: annual ones for the year; the 2026–2030 ones only for a
 * year within the scheme's period. No allocations: the scheme publishes none per agency or commune.
 */
export function schemeTargets(year: number): Target[] {
  const inScheme = year >= Number(SCHEME_PERIOD.from) && year <= Number(SCHEME_PERIOD.to);
  return Object.entries(PUBLISHED).flatMap(([id, published]) => {
    const t = targetById(id);
    if (!t) throw new Error(`the scheme's target ${id} is not in shared/reference/targets.ts`);
    if (t.period === 'cumulative' && !inScheme) return [];
    const assumption = published.assumption ?? t.assumption;
    return [
      {
        id,
        name: t.name,
        unit: t.unit,
        period:
          t.period === 'annual'
            ? { kind: 'annual' as const, from: String(year), to: String(year) }
            : { kind: 'cumulative' as const, ...SCHEME_PERIOD },
        goal: published.goal,
        source: published.source,
        measures: [...t.measures],
        ...(assumption ? { assumption } : {}),
        allocations: [],
      },
    ];
  });
}
