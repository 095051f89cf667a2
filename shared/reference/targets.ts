/**
 * The city's target ids and what each counts — not their goals. Goals come from the year's
 * approved plan (`plan.approved`, drafted and approved in the planning service): no target figure
 * lives in code. This list is what a year without an approved plan shows (each target's actual,
 * without a goal), the ids the seeded plan keeps (so clients and reports keep working), and the ids
 * a programme's `annualTargets` may name (display data of the programme, not goals the KPIs use).
 *
 * Unit, period and source as domain.md §1 gives them. Where the mapping to measures is our reading
 * (no published text says which support contents a target counts), `assumption` says so.
 */
import type { PeriodKind, TargetUnit } from '../contracts/planning.ts';

export interface TargetDefinition {
  id: string;
  name: { vi: string; en: string };
  unit: TargetUnit;
  /** Annual: within its year. Cumulative: over the scheme's period (2026–2030). */
  period: PeriodKind;
  /** The measures that count toward it (shared/reference/measures.ts). */
  measures: readonly string[];
  source: string;
  /** The agency that usually owns it (so-* codes as in tokens' `agency` claim), when the plans name one. */
  owner?: string;
  /** Why the measures are our reading, where they are. */
  assumption?: string;
}

const SCHEME = 'scheme 2026–2030, Decision 5418/QĐ-UBND (000)';
const PRODUCTIVITY = 'productivity & quality plan (001)';
const CNHT_HISTORY = 'CNHT programme 2020–2025 (002), history: not a 2026–2030 target by itself';

export const TARGETS: readonly TargetDefinition[] = [
  {
    id: 'direct-capacity-support',
    name: { vi: 'DNNVV được hỗ trợ trực tiếp nâng cao năng lực', en: 'SMEs given direct capacity support' },
    unit: 'enterprises',
    period: 'annual',
    measures: ['direct-support'],
    source: SCHEME,
  },
  {
    id: 'indirect-support',
    name: { vi: 'DNNVV được hỗ trợ gián tiếp', en: 'SMEs supported indirectly' },
    unit: 'enterprises',
    period: 'annual',
    measures: ['indirect-support'],
    source: SCHEME,
  },
  {
    id: 'new-smes',
    name: { vi: 'Doanh nghiệp thành lập mới', en: 'New enterprises formed' },
    unit: 'enterprises',
    period: 'annual',
    measures: ['new-enterprises'],
    source: SCHEME,
    owner: 'so-tai-chinh',
  },
  {
    id: 'workers-trained',
    name: {
      vi: 'Lao động được đào tạo (đổi mới, số, quản trị, xuất khẩu)',
      en: 'Workers trained (innovation, digital, management, export)',
    },
    unit: 'people',
    period: 'annual',
    measures: ['workers-trained'],
    source: SCHEME,
  },
  {
    id: 'ceos-trained',
    name: { vi: 'Giám đốc điều hành được đào tạo (hằng năm)', en: 'CEOs trained (a year)' },
    unit: 'people',
    period: 'annual',
    measures: ['ceos-trained'],
    source: SCHEME,
  },
  {
    id: 'ceos-trained-2030',
    name: { vi: 'Giám đốc điều hành được đào tạo đến năm 2030', en: 'CEOs trained by 2030' },
    unit: 'people',
    period: 'cumulative',
    measures: ['ceos-trained'],
    source: SCHEME,
  },
  {
    id: 'conferences',
    name: { vi: 'Hội nghị, hội thảo', en: 'Conferences and workshops' },
    unit: 'events',
    period: 'cumulative',
    measures: ['conferences'],
    source: SCHEME,
  },
  {
    id: 'white-book',
    name: { vi: 'Sách trắng và báo cáo hệ sinh thái khởi nghiệp', en: 'White Book and start-up ecosystem report' },
    unit: 'publications',
    period: 'annual',
    measures: ['publications'],
    source: SCHEME,
  },
  {
    id: 'productivity-quality',
    name: { vi: 'Doanh nghiệp được hỗ trợ năng suất và chất lượng', en: 'Enterprises supported on productivity & quality' },
    unit: 'enterprises',
    period: 'cumulative',
    measures: ['content-group:productivity-quality'],
    source: PRODUCTIVITY,
    owner: 'so-khcn',
  },
  {
    id: 'productivity-model-enterprises',
    name: { vi: 'Doanh nghiệp điểm về năng suất, chất lượng', en: 'Model enterprises for productivity & quality' },
    unit: 'enterprises',
    period: 'cumulative',
    measures: ['content:productivity-quality/model-enterprise'],
    source: PRODUCTIVITY,
    owner: 'so-khcn',
  },
  {
    id: 'conformity-bodies',
    name: { vi: 'Tổ chức đánh giá sự phù hợp được tăng cường', en: 'Conformity-assessment bodies strengthened' },
    unit: 'organisations',
    period: 'cumulative',
    measures: ['conformity-bodies'],
    source: PRODUCTIVITY,
    owner: 'so-khcn',
  },
  {
    id: 'productivity-experts',
    name: { vi: 'Chuyên gia năng suất được chứng nhận', en: 'Productivity experts certified' },
    unit: 'people',
    period: 'cumulative',
    measures: ['certified-experts'],
    source: PRODUCTIVITY,
    owner: 'so-khcn',
  },
  {
    id: 'cnht-connection',
    name: { vi: 'Lượt tham gia chương trình kết nối CNHT', en: 'Supporting-industry connection programme participations' },
    unit: 'participations',
    period: 'cumulative',
    measures: ['cnht-connection'],
    source: CNHT_HISTORY,
    owner: 'so-cong-thuong',
  },
  {
    id: 'cnht-direct-suppliers',
    name: {
      vi: 'DN CNHT trở thành nhà cung cấp trực tiếp cho DN sản xuất, lắp ráp sản phẩm hoàn chỉnh',
      en: 'Supporting-industry firms becoming direct suppliers to makers and assemblers of finished products',
    },
    unit: 'enterprises',
    period: 'cumulative',
    measures: ['direct-suppliers'],
    source: CNHT_HISTORY,
    owner: 'so-cong-thuong',
  },
  {
    id: 'cnht-consulting',
    name: { vi: 'Lượt tư vấn và đào tạo quản trị CNHT', en: 'Supporting-industry management consulting and training participations' },
    unit: 'participations',
    period: 'cumulative',
    measures: ['content:consulting/management', 'content:training/management'],
    source: CNHT_HISTORY,
    owner: 'so-cong-thuong',
    assumption:
      'The programme names no support contents: management consulting and management training grants count, of any programme (a grant is one participation).',
  },
  {
    id: 'cnht-training',
    name: { vi: 'Lượt đào tạo nguồn nhân lực CNHT', en: 'Supporting-industry workforce training participations' },
    unit: 'participations',
    period: 'cumulative',
    measures: ['content:training/workforce'],
    source: CNHT_HISTORY,
    owner: 'so-cong-thuong',
    assumption:
      'The programme names no support contents: workforce training grants count, of any programme (a grant is one participation).',
  },
  {
    id: 'key-industrial-products',
    name: { vi: 'Lượt hỗ trợ doanh nghiệp có sản phẩm công nghiệp chủ lực', en: 'Key industrial products (SPCNCL) support participations' },
    unit: 'participations',
    period: 'annual',
    measures: ['key-products'],
    source: 'key industrial products plan 2021–2025 (003, 004), history: not a 2026–2030 target by itself',
    owner: 'so-cong-thuong',
  },
];

export const TARGET_IDS = TARGETS.map((t) => t.id) as [string, ...string[]];

export const targetById = (id: string): TargetDefinition | undefined => TARGETS.find((t) => t.id === id);
