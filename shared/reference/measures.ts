/**
 * What reporting can count: the measures a plan's targets name (`measures: [id]` on each target of
 * `plan.approved`). Reporting counts measures, not targets; the KPI of a target is the value of its
 * measures over the target's period, counted as the target's unit says (DESIGN-19 §1):
 *
 * - enterprises, people, organisations: distinct — each one once in a year, and once over the
 *   scheme's five-year period (2026–2030) for a cumulative target;
 * - participations, events, publications: every occurrence (lượt), summed over the period.
 *
 * A measure whose own unit is enterprises also keeps its occurrences (each grant, each attendance),
 * so a target counted in participations may name it (e.g. `content:consulting/management` for the
 * supporting-industry consulting participations). People measures keep the head counts of rows
 * without a person apart, so a KPI can say "of which N by head count".
 *
 * Sources: domain.md §1 (each target's unit, period and source); the support contents are
 * shared/reference/support-contents.ts (owned by intake).
 */
import { contentById, SUPPORT_CONTENTS, SUPPORT_GROUPS, type SupportGroup } from './support-contents.ts';

export const MEASURE_UNITS = ['enterprises', 'people', 'organisations', 'participations', 'events', 'publications'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];

/** Units counted distinct (each enterprise, person or organisation once in its year or period). */
export const DISTINCT_UNITS: ReadonlySet<string> = new Set(['enterprises', 'people', 'organisations']);
export const isDistinctUnit = (unit: string): boolean => DISTINCT_UNITS.has(unit);

export interface MeasureDefinition {
  id: string;
  unit: MeasureUnit;
  name: { vi: string; en: string };
  /** What is counted, from which events. */
  what: string;
}

export const MEASURES = [
  {
    id: 'direct-support',
    unit: 'enterprises',
    name: { vi: 'DN được hỗ trợ trực tiếp', en: 'Enterprises given direct support' },
    what: 'enterprises granted a support content with direct: true (support.granted; a cancelled grant takes the enterprise out unless another grant keeps it in)',
  },
  {
    id: 'indirect-support',
    unit: 'enterprises',
    name: { vi: 'DN được hỗ trợ gián tiếp', en: 'Enterprises supported indirectly' },
    what: 'enterprises in the attendance of a completed activity (activity.completed)',
  },
  {
    id: 'new-enterprises',
    unit: 'enterprises',
    name: { vi: 'Doanh nghiệp thành lập mới', en: 'New enterprises' },
    what: 'registrations (registered or converted from a household business) founded in the year, not household businesses, not branches (13-digit codes)',
  },
  {
    id: 'household-conversions',
    unit: 'enterprises',
    name: { vi: 'Hộ kinh doanh chuyển đổi thành doanh nghiệp', en: 'Household businesses converted to enterprises' },
    what: 'converted-from-household registrations founded in the year',
  },
  {
    id: 'workers-trained',
    unit: 'people',
    name: { vi: 'Lao động được đào tạo', en: 'Workers trained' },
    what: "distinct person refs with role worker at completed training courses; plus head counts (attendance rows without a person, training grants' workersTrained), kept apart",
  },
  {
    id: 'ceos-trained',
    unit: 'people',
    name: { vi: 'Giám đốc điều hành được đào tạo', en: 'CEOs trained' },
    what: "distinct person refs with role ceo at completed training courses; plus head counts (attendance rows without a person, training grants' ceosTrained), kept apart",
  },
  {
    id: 'conferences',
    unit: 'events',
    name: { vi: 'Hội nghị, hội thảo', en: 'Conferences and workshops' },
    what: 'completed activities of kind conference or workshop, each once',
  },
  {
    id: 'publications',
    unit: 'publications',
    name: { vi: 'Ấn phẩm (Sách trắng, báo cáo hệ sinh thái)', en: 'Publications (White Book, ecosystem report)' },
    what: 'completed activities of kind publication, each once',
  },
  {
    id: 'conformity-bodies',
    unit: 'organisations',
    name: { vi: 'Tổ chức đánh giá sự phù hợp', en: 'Conformity-assessment bodies' },
    what: "distinct organisations of kind conformity-body in completed activities' attendance",
  },
  {
    id: 'certified-experts',
    unit: 'people',
    name: { vi: 'Chuyên gia năng suất', en: 'Productivity experts' },
    what: 'distinct people with role expert in completed activities; plus head counts of expert rows without a person, kept apart',
  },
  {
    id: 'cnht-connection',
    unit: 'participations',
    name: { vi: 'Lượt tham gia kết nối công nghiệp hỗ trợ', en: 'Supporting-industry connection participations' },
    what: 'a match proposal (one per supplier and buyer); a fair participation (once per enterprise per fair, fair.scheduled)',
  },
  {
    id: 'direct-suppliers',
    unit: 'enterprises',
    name: { vi: 'DN trở thành nhà cung cấp trực tiếp', en: 'Enterprises becoming direct suppliers' },
    what: 'enterprises with a first contract with a buyer that makes or assembles finished products (match.progressed contracted, buyerMakesFinishedProducts)',
  },
  {
    id: 'key-products',
    unit: 'participations',
    name: { vi: 'Lượt hỗ trợ sản phẩm công nghiệp chủ lực', en: 'Key industrial products support (participations)' },
    what: 'grants of cnht/key-products (a cancelled grant is taken out)',
  },
] as const satisfies readonly MeasureDefinition[];

export type FixedMeasureId = (typeof MEASURES)[number]['id'];

const FIXED = new Map<string, MeasureDefinition>(MEASURES.map((m) => [m.id, m]));

export const CONTENT_PREFIX = 'content:';
export const GROUP_PREFIX = 'content-group:';
export const contentMeasure = (contentId: string): string => `${CONTENT_PREFIX}${contentId}`;
export const groupMeasure = (group: string): string => `${GROUP_PREFIX}${group}`;

/** A measure by id: the fixed ones, `content:<contentId>` and `content-group:<group>` of the support contents. */
export function measureById(id: string): MeasureDefinition | undefined {
  const fixed = FIXED.get(id);
  if (fixed) return fixed;
  if (id.startsWith(CONTENT_PREFIX)) {
    const content = contentById(id.slice(CONTENT_PREFIX.length));
    return content
      ? { id, unit: 'enterprises', name: content.name, what: `enterprises granted ${content.id} (${content.name.en})` }
      : undefined;
  }
  if (id.startsWith(GROUP_PREFIX)) {
    const group = id.slice(GROUP_PREFIX.length);
    if (!(SUPPORT_GROUPS as readonly string[]).includes(group)) return undefined;
    return {
      id,
      unit: 'enterprises',
      name: { vi: `Nhóm hỗ trợ: ${group}`, en: `Support group: ${group}` },
      what: `enterprises granted a content of group ${group}`,
    };
  }
  return undefined;
}

export const isMeasureId = (id: string): boolean => measureById(id) !== undefined;

/** Every measure id: the fixed ones, then each content and each group. */
export const ALL_MEASURE_IDS: readonly string[] = [
  ...MEASURES.map((m) => m.id),
  ...SUPPORT_CONTENTS.map((c) => contentMeasure(c.id)),
  ...SUPPORT_GROUPS.map((g: SupportGroup) => groupMeasure(g)),
];
