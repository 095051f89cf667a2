/**
 * Support contents (nội dung hỗ trợ): what a grant funds, as the law and the city's scheme name it.
 * The support ledger's rule is per content: an SME that qualifies for several levels of support
 * for the same content takes the most favourable one (Law 04/2017/QH14 Art. 5; Decree 80/2021/NĐ-CP
 * Art. 4(2)), so one content is not funded twice over one period; different contents may be.
 * Programmes name the contents they fund (`supportContents`); every grant carries them.
 *
 * Groups: the scheme's eight direct-support kinds (nhóm hỗ trợ trực tiếp — credit, trade promotion,
 * digital, technology innovation, premises, start-ups, value chains, green), all `direct: true`
 * (they count toward the 5,000 SMEs given direct capacity support a year); then consulting,
 * training, productivity & quality and supporting industry (CNHT), which the scheme counts under
 * targets of their own.
 *
 * Where a content's name, or whether it is direct, is our reading and not a published text, it is
 * marked `assumption: true` with `why`. Change the data here (with its source), never the code.
 *
 * Sources (each content names the one it rests on):
 * - LAW: Law 04/2017/QH14 on SME support, Chapter II (support for access to credit; production
 *   premises; technology, incubators and co-working; market expansion; information, consulting and
 *   legal support; human resources; innovative start-ups; industry clusters and value chains).
 *   English text: https://www.toaan.gov.vn/webcenter/portal/spc/document-detail?dDocName=TOAAN011016 ;
 *   the kinds summarised: https://lawnet.vn/thong-tin-phap-luat/en/chinh-sach-moi/assistance-for-small-and-medium-sized-enterprises-in-vietnam-125901.html
 * - DECREE: Decree 80/2021/NĐ-CP guiding the Law (technology support incl. technology-transfer and
 *   digital-transformation consulting and solutions, information, consulting, human-resource
 *   development, household conversion, innovative start-ups, clusters and value chains); Art. 4(2)
 *   the most favourable level for the same content.
 *   https://en.expertis.vn/kb/linh-vuc/nghi-dinh-80-2021-nd-cp/ ;
 *   https://english.luatvietnam.vn/decree-no-80-2021-nd-cp-detailing-and-guiding-the-law-on-suppor-208340-Doc1.html ;
 *   Art. 4: https://danluat.thuvienphapluat.vn/05-nguyen-tac-thuc-hien-ho-tro-doanh-nghiep-vua-va-nho-196275.aspx
 * - SCHEME: Hanoi's SME support scheme 2026–2030 (Decision 5418/QĐ-UBND, 1 Nov 2025), its
 *   direct-support kinds and targets (docs/domain.md §1).
 * - PRODUCTIVITY: the city's productivity and quality plan (domain.md §1, source 001).
 * - CNHT: Sở Công Thương's Guidance 3844/HD-SCT (4 Sep 2020) on supporting-industry technology
 *   support (domain.md §1, source 002); SPCNCL: key industrial products (domain.md §6, 003/004).
 */

export const SUPPORT_GROUPS = [
  'credit',
  'trade-promotion',
  'digital',
  'tech-innovation',
  'premises',
  'startup',
  'value-chain',
  'green',
  'consulting',
  'training',
  'productivity-quality',
  'cnht',
] as const;
export type SupportGroup = (typeof SUPPORT_GROUPS)[number];

export interface SupportContent {
  /** `<group>/<content>`, stable: grants and plans store it. */
  id: string;
  group: SupportGroup;
  name: { vi: string; en: string };
  /** Counts toward "SMEs given direct capacity support" (the scheme's 5,000 a year). */
  direct: boolean;
  source: string;
  /** Our reading, not a published text: `why` says what was not found and what we chose. */
  assumption?: true;
  why?: string;
}

const LAW = 'Law 04/2017/QH14, Chapter II';
const DECREE = 'Decree 80/2021/NĐ-CP';
const SCHEME = 'Decision 5418/QĐ-UBND (2026–2030 scheme), direct-support kinds';

/** Why the non-direct groups are not direct: one reason, stated once. */
const NOT_DIRECT =
  "The scheme lists eight direct-support kinds (credit, trade promotion, digital, technology innovation, premises, start-ups, value chains, green); this group is not among them and no published text says whether its grants count toward the 5,000 SMEs given direct capacity support. Counted as not direct, so the 5,000 is not inflated; the group's own targets count it. Sở Tài chính may decide otherwise: change `direct` here.";

export const SUPPORT_CONTENTS = [
  // Credit access (tiếp cận tín dụng).
  {
    id: 'credit/interest-subsidy',
    group: 'credit',
    name: { vi: 'Hỗ trợ lãi suất vay vốn', en: 'Loan interest subsidy' },
    direct: true,
    source: `${LAW} (support for access to credit); ${SCHEME}`,
  },
  {
    id: 'credit/guarantee',
    group: 'credit',
    name: { vi: 'Bảo lãnh tín dụng', en: 'Credit guarantee' },
    direct: true,
    source: `${LAW} (support for access to credit, credit guarantee funds); ${SCHEME}`,
  },
  {
    id: 'credit/business-plan',
    group: 'credit',
    name: { vi: 'Hỗ trợ xây dựng phương án sản xuất kinh doanh khả thi', en: 'Help drawing up a bankable business plan' },
    direct: true,
    source: `${LAW} (support for access to credit: feasible business plans, financial transparency); ${SCHEME}`,
  },
  // Trade promotion (xúc tiến thương mại) and market expansion.
  {
    id: 'trade-promotion/fair-booth',
    group: 'trade-promotion',
    name: { vi: 'Gian hàng tại hội chợ, triển lãm', en: 'Booth at a trade fair or exhibition' },
    direct: true,
    source: `${LAW} (market expansion); ${SCHEME}`,
  },
  {
    id: 'trade-promotion/market-survey',
    group: 'trade-promotion',
    name: { vi: 'Khảo sát, xúc tiến thị trường trong và ngoài nước', en: 'Market survey or trade mission' },
    direct: true,
    source: `${LAW} (market expansion); ${SCHEME}`,
  },
  {
    id: 'trade-promotion/e-commerce',
    group: 'trade-promotion',
    name: { vi: 'Tham gia sàn thương mại điện tử', en: 'Joining e-commerce platforms' },
    direct: true,
    source: SCHEME,
    assumption: true,
    why: 'The scheme names trade promotion as a direct kind without listing its contents; e-commerce listing is a common content of the city plans, named here by us.',
  },
  {
    id: 'trade-promotion/branding',
    group: 'trade-promotion',
    name: { vi: 'Xây dựng, phát triển thương hiệu', en: 'Brand building' },
    direct: true,
    source: `${LAW} (market expansion); ${SCHEME}`,
    assumption: true,
    why: 'Brand building is placed under trade promotion by us; the law names it among market-expansion and value-chain support.',
  },
  // Digital transformation (chuyển đổi số).
  {
    id: 'digital/consulting',
    group: 'digital',
    name: { vi: 'Tư vấn giải pháp chuyển đổi số', en: 'Digital-transformation consulting' },
    direct: true,
    source: `${DECREE} (technology support: consulting on digital-transformation solutions); ${SCHEME}`,
  },
  {
    id: 'digital/software',
    group: 'digital',
    name: { vi: 'Thuê, mua giải pháp, phần mềm chuyển đổi số', en: 'Renting or buying digital solutions and software' },
    direct: true,
    source: `${DECREE} (technology support: renting or buying digital-transformation solutions); ${SCHEME}`,
  },
  // Technology innovation (đổi mới công nghệ).
  {
    id: 'tech-innovation/technology-transfer',
    group: 'tech-innovation',
    name: { vi: 'Tư vấn chuyển giao, ứng dụng công nghệ', en: 'Technology-transfer consulting' },
    direct: true,
    source: `${DECREE} (technology support: technology-transfer consulting contracts); ${SCHEME}`,
  },
  {
    id: 'tech-innovation/equipment',
    group: 'tech-innovation',
    name: { vi: 'Đổi mới máy móc, thiết bị, dây chuyền sản xuất', en: 'Upgrading machinery and production lines' },
    direct: true,
    source: SCHEME,
    assumption: true,
    why: "The scheme's technology-innovation kind as the city funds it; equipment is not a content of Decree 80's technology support, so this rests on the scheme alone.",
  },
  {
    id: 'tech-innovation/intellectual-property',
    group: 'tech-innovation',
    name: { vi: 'Xác lập, bảo hộ quyền sở hữu trí tuệ', en: 'Establishing and protecting intellectual property' },
    direct: true,
    source: `${LAW} (technology support: intellectual property); ${SCHEME}`,
  },
  // Production premises (mặt bằng sản xuất).
  {
    id: 'premises/rent',
    group: 'premises',
    name: { vi: 'Hỗ trợ giá thuê mặt bằng sản xuất', en: 'Production premises rent' },
    direct: true,
    source: `${LAW} (production premises: rent support); ${SCHEME}`,
  },
  // Innovative start-ups (khởi nghiệp sáng tạo).
  {
    id: 'startup/incubation',
    group: 'startup',
    name: { vi: 'Ươm tạo, không gian làm việc chung', en: 'Incubation and co-working space' },
    direct: true,
    source: `${LAW} (incubators, co-working spaces); ${DECREE} (innovative start-ups); ${SCHEME}`,
  },
  {
    id: 'startup/commercialisation',
    group: 'startup',
    name: { vi: 'Thử nghiệm, hoàn thiện, thương mại hóa sản phẩm mới', en: 'Testing, finishing and commercialising new products' },
    direct: true,
    source: `${DECREE} (innovative start-ups); ${SCHEME}`,
  },
  // Joining value chains (tham gia chuỗi giá trị).
  {
    id: 'value-chain/supplier-readiness',
    group: 'value-chain',
    name: {
      vi: 'Nâng cao năng lực đáp ứng yêu cầu của chuỗi giá trị',
      en: 'Meeting value-chain buyers’ requirements (standards, quality, processes)',
    },
    direct: true,
    source: `${LAW} (industry clusters and value chains); ${DECREE} (clusters and value chains); ${SCHEME}`,
  },
  {
    id: 'value-chain/business-matching',
    group: 'value-chain',
    name: { vi: 'Kết nối kinh doanh với doanh nghiệp đầu chuỗi', en: 'Business matching with lead firms' },
    direct: true,
    source: `${DECREE} (clusters and value chains); ${SCHEME}`,
  },
  // Green and circular economy.
  {
    id: 'green/cleaner-production',
    group: 'green',
    name: { vi: 'Sản xuất sạch hơn, sử dụng năng lượng tiết kiệm và hiệu quả', en: 'Cleaner production and energy efficiency' },
    direct: true,
    source: SCHEME,
    assumption: true,
    why: 'The scheme names green and circular economy as a direct kind without listing contents; these two are our split of it.',
  },
  {
    id: 'green/circular',
    group: 'green',
    name: { vi: 'Mô hình kinh tế tuần hoàn', en: 'Circular-economy business models' },
    direct: true,
    source: SCHEME,
    assumption: true,
    why: 'The scheme names green and circular economy as a direct kind without listing contents; these two are our split of it.',
  },
  // Consulting (tư vấn).
  {
    id: 'consulting/management',
    group: 'consulting',
    name: { vi: 'Tư vấn quản trị doanh nghiệp (nhân sự, tài chính, sản xuất, thị trường)', en: 'Management consulting' },
    direct: false,
    source: `${LAW} (information, consulting and legal support); ${DECREE} (consulting support through the consultant network)`,
    assumption: true,
    why: NOT_DIRECT,
  },
  {
    id: 'consulting/legal',
    group: 'consulting',
    name: { vi: 'Tư vấn pháp lý', en: 'Legal consulting' },
    direct: false,
    source: `${LAW} (information, consulting and legal support)`,
    assumption: true,
    why: NOT_DIRECT,
  },
  // Training (đào tạo).
  {
    id: 'training/workforce',
    group: 'training',
    name: { vi: 'Đào tạo nguồn nhân lực, người lao động', en: 'Workforce training' },
    direct: false,
    source: `${LAW} (human resources); ${DECREE} (human-resource development: training at the enterprise); scheme target "workers trained"`,
    assumption: true,
    why: NOT_DIRECT,
  },
  {
    id: 'training/management',
    group: 'training',
    name: { vi: 'Đào tạo khởi sự kinh doanh, quản trị doanh nghiệp', en: 'Business start-up and management training' },
    direct: false,
    source: `${DECREE} (human-resource development: start-up and business-management courses)`,
    assumption: true,
    why: NOT_DIRECT,
  },
  {
    id: 'training/ceo',
    group: 'training',
    name: { vi: 'Đào tạo giám đốc điều hành (CEO)', en: 'CEO training' },
    direct: false,
    source: 'scheme target "CEOs trained: 1,000 a year, 5,000 by 2030" (domain.md §1)',
    assumption: true,
    why: NOT_DIRECT,
  },
  // Productivity and quality (năng suất chất lượng).
  {
    id: 'productivity-quality/management-systems',
    group: 'productivity-quality',
    name: {
      vi: 'Áp dụng hệ thống quản lý, công cụ cải tiến năng suất chất lượng',
      en: 'Quality management systems and productivity tools',
    },
    direct: false,
    source: 'productivity and quality plan (domain.md §1, 001): enterprises supported on productivity & quality',
    assumption: true,
    why: NOT_DIRECT,
  },
  {
    id: 'productivity-quality/model-enterprise',
    group: 'productivity-quality',
    name: { vi: 'Xây dựng mô hình điểm về năng suất chất lượng', en: 'Model enterprise for productivity and quality' },
    direct: false,
    source: 'productivity and quality plan (domain.md §1, 001): ≥ 20 model enterprises 2026–30',
    assumption: true,
    why: NOT_DIRECT,
  },
  // Supporting industry (công nghiệp hỗ trợ).
  {
    id: 'cnht/technology',
    group: 'cnht',
    name: { vi: 'Hỗ trợ công nghệ cho doanh nghiệp công nghiệp hỗ trợ', en: 'Technology support for supporting-industry producers' },
    direct: true,
    source: 'Guidance 3844/HD-SCT (4 Sep 2020) on CNHT technology support (domain.md §1, 002)',
    assumption: true,
    why: "Technology support in substance (the scheme's technology-innovation kind), so counted as direct; the scheme does not say so of the CNHT programme by name.",
  },
  {
    id: 'cnht/key-products',
    group: 'cnht',
    name: { vi: 'Hỗ trợ doanh nghiệp có sản phẩm công nghiệp chủ lực', en: 'Support for key industrial products (SPCNCL)' },
    direct: false,
    source: "the city's key-industrial-products plans (domain.md §1 and §6, 003/004)",
    assumption: true,
    why: 'Counted toward its own target (key industrial products, participations), not toward direct support: the plans count it apart and name no direct-support kind for it.',
  },
] as const satisfies readonly SupportContent[];

export type ContentId = (typeof SUPPORT_CONTENTS)[number]['id'];

export const CONTENT_IDS = SUPPORT_CONTENTS.map((c) => c.id) as unknown as readonly [ContentId, ...ContentId[]];

const BY_ID = new Map<string, SupportContent>(SUPPORT_CONTENTS.map((c) => [c.id, c]));

export const contentById = (id: string): SupportContent | undefined => BY_ID.get(id);

export const isContentId = (id: string): id is ContentId => BY_ID.has(id);

/**
 * The contents a programme of each category funds when it names none: programmes stored before
 * contents existed are read with these. One category's programmes then share their contents, so
 * two of them still cannot fund one enterprise over one period — as the category rule did.
 * Keys are intake's programme categories (services/intake/domain/programme.ts); a unit test
 * checks that every category has an entry.
 */
export const DEFAULT_CONTENTS_BY_CATEGORY: Readonly<Record<string, readonly ContentId[]>> = {
  'credit-access': ['credit/interest-subsidy', 'credit/guarantee', 'credit/business-plan'],
  'trade-promotion': [
    'trade-promotion/fair-booth',
    'trade-promotion/market-survey',
    'trade-promotion/e-commerce',
    'trade-promotion/branding',
  ],
  'digital-transformation': ['digital/consulting', 'digital/software'],
  'technology-innovation': ['tech-innovation/technology-transfer', 'tech-innovation/equipment', 'tech-innovation/intellectual-property'],
  'premises-rental': ['premises/rent'],
  'innovative-startup': ['startup/incubation', 'startup/commercialisation'],
  'value-chain': ['value-chain/supplier-readiness', 'value-chain/business-matching'],
  'green-circular': ['green/cleaner-production', 'green/circular'],
  'productivity-quality': ['productivity-quality/management-systems', 'productivity-quality/model-enterprise'],
  'worker-training': ['training/workforce'],
  'ceo-training': ['training/ceo'],
  consulting: ['consulting/management', 'consulting/legal'],
  'supporting-industry': ['cnht/technology'],
  'key-industrial-products': ['cnht/key-products'],
};

/** The default contents of a category (empty for a category the table does not know). */
export const defaultContents = (category: string): ContentId[] => [...(DEFAULT_CONTENTS_BY_CATEGORY[category] ?? [])];

/** The most contents one programme (and so one grant) may name. */
export const MAX_CONTENTS_PER_PROGRAMME = 8;
