/**
 * The scheme's support contents (nội dung hỗ trợ), grouped by the scheme's kinds of support
 * (domain.md §1; DESIGN-19 §1). A programme funds contents; the support ledger refuses the same
 * content twice for one enterprise over an intersecting period (Law 04/2017/QH14 Art. 5); targets
 * count enterprises granted a content or a group (measures `content:<id>`, `content-group:<group>`).
 *
 * PLACEHOLDER (planning branch): a minimal list in the shape DESIGN-19 §1 fixes, so that
 * `GET /support-contents` and the plan's measure ids can be built and tested. The intake branch owns
 * this file and its full list; where the two differ, the intake branch's version is the one to keep.
 */
export interface SupportContent {
  /** `<group>/<content>`. */
  id: string;
  group: string;
  name: { vi: string; en: string };
  /** Counts as direct support toward the scheme's 5,000 a year. */
  direct: boolean;
  source: string;
  /** Set where the grouping or `direct` is our reading, not a published fact: why. */
  assumption?: string;
}

const SCHEME = 'Decision 5418/QĐ-UBND (2026–2030 SME support scheme), direct-support kinds (domain.md §1)';
const PRODUCTIVITY = 'Productivity and quality plan 2026–2030 (domain.md §1, source 001)';
const CNHT = 'Supporting-industry programme, Guidance 3844/HD-SCT (domain.md §1, source 002)';

const direct = (id: string, vi: string, en: string): SupportContent => ({
  id,
  group: id.split('/')[0]!,
  name: { vi, en },
  direct: true,
  source: SCHEME,
});

export const SUPPORT_CONTENTS: readonly SupportContent[] = [
  direct('credit/interest-subsidy', 'Hỗ trợ lãi suất vay', 'Loan interest subsidy'),
  direct('credit/guarantee', 'Bảo lãnh tín dụng', 'Credit guarantee'),
  direct('trade-promotion/fair-booth', 'Gian hàng hội chợ, triển lãm', 'Trade fair booth'),
  direct('trade-promotion/market-research', 'Khảo sát, mở rộng thị trường', 'Market research and expansion'),
  direct('digital/software', 'Phần mềm, giải pháp chuyển đổi số', 'Digital transformation software'),
  direct('digital/consulting', 'Tư vấn chuyển đổi số', 'Digital transformation consulting'),
  direct('tech-innovation/equipment', 'Đổi mới máy móc, thiết bị', 'New machinery and equipment'),
  direct('tech-innovation/ip', 'Sở hữu trí tuệ, tiêu chuẩn', 'Intellectual property and standards'),
  direct('premises/rent', 'Thuê mặt bằng sản xuất', 'Production premises rental'),
  direct('startup/incubation', 'Ươm tạo khởi nghiệp sáng tạo', 'Innovative start-up incubation'),
  direct('value-chain/supplier-upgrade', 'Tham gia cụm liên kết, chuỗi giá trị', 'Joining clusters and value chains'),
  direct('green/cleaner-production', 'Sản xuất sạch hơn, kinh tế tuần hoàn', 'Cleaner production and circular economy'),
  {
    id: 'consulting/management',
    group: 'consulting',
    name: { vi: 'Tư vấn quản trị doanh nghiệp', en: 'Management consulting' },
    direct: true,
    source: SCHEME,
    assumption: 'The scheme does not say whether consulting counts as direct capacity support; counted as direct here.',
  },
  {
    id: 'training/workforce',
    group: 'training',
    name: { vi: 'Đào tạo nguồn nhân lực', en: 'Workforce training' },
    direct: true,
    source: SCHEME,
    assumption: 'The scheme does not say whether training grants count as direct capacity support; counted as direct here.',
  },
  {
    id: 'training/management',
    group: 'training',
    name: { vi: 'Đào tạo quản trị, giám đốc điều hành', en: 'Management and CEO training' },
    direct: true,
    source: SCHEME,
    assumption: 'The scheme does not say whether training grants count as direct capacity support; counted as direct here.',
  },
  {
    id: 'productivity-quality/consulting',
    group: 'productivity-quality',
    name: { vi: 'Tư vấn cải tiến năng suất, chất lượng', en: 'Productivity and quality improvement' },
    direct: true,
    source: PRODUCTIVITY,
  },
  {
    id: 'productivity-quality/model-enterprise',
    group: 'productivity-quality',
    name: { vi: 'Doanh nghiệp điểm về năng suất, chất lượng', en: 'Model enterprise for productivity and quality' },
    direct: true,
    source: PRODUCTIVITY,
  },
  {
    id: 'cnht/technology',
    group: 'cnht',
    name: { vi: 'Hỗ trợ công nghệ công nghiệp hỗ trợ', en: 'Supporting-industry technology support' },
    direct: true,
    source: CNHT,
  },
  {
    id: 'cnht/key-products',
    group: 'cnht',
    name: { vi: 'Sản phẩm công nghiệp chủ lực', en: 'Key industrial products (SPCNCL)' },
    direct: true,
    source: 'Key industrial products plan 2021–2025 (domain.md §1, sources 003, 004)',
  },
];

const BY_ID = new Map(SUPPORT_CONTENTS.map((c) => [c.id, c]));

export const contentById = (id: string): SupportContent | undefined => BY_ID.get(id);
