/**
 * The rubrics shipped with the service. They are data like any stored rubric (domain/rubric.ts);
 * shipping them keeps the demo programmes and a fresh deployment working without a set-up step.
 *
 * `cnht`: supporting-industry applicants are scored on 7 general and 2 priority criteria
 * (domain.md §1; Decree 111/2015 as amended by Decree 205/2025 for the priority product list,
 * domain.md §5; the city's key industrial products, domain.md §6). The plans name three of the
 * general criteria; the other four follow the indicators the city uses for key industrial products
 * (technology, environment, exports, skills). The published scoring scale was not found, so the
 * bands below are this system's and are meant to be replaced by a new version when it is. The pass
 * mark, 50 points, is the published one (Sở Công Thương Guidance 3844/HD-SCT, 2020: eligible only
 * with at least 50 points on the selection criteria).
 *
 * `generic`: for programmes without a rubric of their own — registry-based productivity and growth,
 * a few answers, and two criteria the review panel scores. Its pass mark, 50 of 100 points, is an
 * assumption (no published mark applies to a generic programme): half the points, as the city's
 * supporting-industry rule asks. A programme that needs another publishes its own rubric.
 */
import { builtIn, type Rubric } from './rubric.ts';

export const CNHT_V1 = builtIn({
  id: 'cnht',
  version: 1,
  ownerAgency: 'so-cong-thuong',
  name: {
    vi: 'Phát triển công nghiệp hỗ trợ: 7 tiêu chí chung + 2 tiêu chí ưu tiên',
    en: 'Supporting-industry development (công nghiệp hỗ trợ): 7 general + 2 priority criteria',
  },
  description:
    'General criteria 80 points, priority criteria 20 points. Missing data scores 0 and is shown as missing. ' +
    'Pass mark 50 points (Guidance 3844/HD-SCT, 2020); the bands are assumptions until the published scale is found.',
  combination: { panelAggregate: 'mean', disagreementThresholdPoints: 15 },
  passMark: 50,
  criteria: [
    {
      id: 'labour-productivity',
      name: {
        vi: 'Cải thiện năng suất lao động (doanh thu trên mỗi lao động, theo dữ liệu đăng ký)',
        en: 'Labour productivity improvement (revenue per employee, from the registry)',
      },
      group: 'general',
      maxPoints: 15,
      computation: {
        kind: 'registry-growth',
        metric: 'labour-productivity',
        minMonthsBetween: 6,
        bands: [
          { atLeast: 10, points: 15 },
          { atLeast: 5, points: 11 },
          { atLeast: 0, points: 7 },
          { atLeast: -5, points: 3 },
        ],
      },
    },
    {
      id: 'product-quality',
      name: {
        vi: 'Duy trì và nâng cao chất lượng sản phẩm (hệ thống quản lý chất lượng)',
        en: 'Product quality maintained and improved (quality management system)',
      },
      group: 'general',
      maxPoints: 15,
      computation: {
        kind: 'answer-choice',
        answer: 'qualitySystem',
        points: { 'IATF 16949': 15, 'ISO 13485': 15, 'ISO 9001': 10, other: 5, none: 0 },
      },
    },
    {
      id: 'business-efficiency',
      name: {
        vi: 'Hiệu quả sản xuất kinh doanh (tỷ suất lợi nhuận hoạt động)',
        en: 'Production and business efficiency (operating margin)',
      },
      group: 'general',
      maxPoints: 10,
      computation: {
        kind: 'answer-number',
        answer: 'profitMarginPct',
        bands: [
          { atLeast: 10, points: 10 },
          { atLeast: 5, points: 7 },
          { atLeast: 0, points: 4 },
        ],
      },
    },
    {
      id: 'technology-innovation',
      name: {
        vi: 'Trình độ công nghệ và đổi mới sáng tạo (đầu tư công nghệ trên doanh thu)',
        en: 'Technology level and innovation (technology investment as a share of revenue)',
      },
      group: 'general',
      maxPoints: 10,
      computation: {
        kind: 'answer-share-of-revenue',
        answer: 'technologyInvestmentVnd',
        bands: [
          { atLeast: 5, points: 10 },
          { atLeast: 2, points: 7 },
          { atLeast: 0.5, points: 4 },
          { atLeast: 0.0001, points: 2 },
        ],
      },
    },
    {
      id: 'environment-clean-technology',
      name: { vi: 'Bảo vệ môi trường và công nghệ sạch', en: 'Environment and clean technology' },
      group: 'general',
      maxPoints: 10,
      computation: {
        kind: 'answer-choice',
        answer: 'environmentalStandard',
        points: { 'ISO 14001': 10, 'cleaner-production': 7, 'in-progress': 3, none: 0 },
      },
    },
    {
      id: 'supply-chain-exports',
      name: {
        vi: 'Tham gia chuỗi cung ứng và xuất khẩu (tỷ trọng doanh thu từ xuất khẩu hoặc khách hàng FDI)',
        en: 'Supply-chain participation and exports (share of revenue from exports or FDI customers)',
      },
      group: 'general',
      maxPoints: 10,
      computation: {
        kind: 'answer-number',
        answer: 'exportSharePct',
        bands: [
          { atLeast: 30, points: 10 },
          { atLeast: 10, points: 7 },
          { atLeast: 0.0001, points: 4 },
        ],
      },
    },
    {
      id: 'workforce-skills',
      name: {
        vi: 'Kỹ năng người lao động (tỷ lệ lao động được đào tạo trong năm qua)',
        en: 'Workforce skills (share of workers trained in the last year)',
      },
      group: 'general',
      maxPoints: 10,
      computation: {
        kind: 'answer-number',
        answer: 'trainedWorkersPct',
        bands: [
          { atLeast: 50, points: 10 },
          { atLeast: 20, points: 7 },
          { atLeast: 0.0001, points: 3 },
        ],
      },
    },
    {
      id: 'priority-cnht-product',
      name: {
        vi: 'Đầu tư sản xuất sản phẩm công nghiệp hỗ trợ ưu tiên phát triển (danh mục Nghị định 205/2025)',
        en: 'Investment in producing prioritised supporting-industry products (Decree 205/2025 list)',
      },
      group: 'priority',
      maxPoints: 10,
      computation: { kind: 'answer-boolean', answer: 'producesPriorityCnhtProduct', yes: 10, no: 0 },
    },
    {
      id: 'key-industrial-product',
      name: {
        vi: 'Sản xuất sản phẩm công nghiệp chủ lực của thành phố (SPCNCL)',
        en: "Producing the city's key industrial products (SPCNCL)",
      },
      group: 'priority',
      maxPoints: 10,
      computation: { kind: 'answer-boolean', answer: 'producesKeyIndustrialProduct', yes: 10, no: 0 },
    },
  ],
});

export const GENERIC_V1 = builtIn({
  id: 'generic',
  version: 1,
  ownerAgency: 'so-tai-chinh',
  name: {
    vi: 'Bộ tiêu chí chung: số liệu đăng ký, câu trả lời và hội đồng xét chọn',
    en: 'Generic rubric: registry figures, answers and a review panel',
  },
  description:
    'Automatic criteria 50 points, panel criteria 50 points (mean of the reviewers). ' +
    'Pass mark 50 points: an assumption (half the points, as the supporting-industry rule asks); no published mark applies.',
  combination: { panelAggregate: 'mean', disagreementThresholdPoints: 15 },
  passMark: 50,
  criteria: [
    {
      id: 'labour-productivity',
      name: {
        vi: 'Cải thiện năng suất lao động (doanh thu trên mỗi lao động, theo dữ liệu đăng ký)',
        en: 'Labour productivity improvement (revenue per employee, from the registry)',
      },
      group: 'general',
      maxPoints: 20,
      computation: {
        kind: 'registry-growth',
        metric: 'labour-productivity',
        minMonthsBetween: 6,
        bands: [
          { atLeast: 10, points: 20 },
          { atLeast: 5, points: 14 },
          { atLeast: 0, points: 8 },
        ],
      },
    },
    {
      id: 'revenue-growth',
      name: { vi: 'Tăng trưởng doanh thu (theo dữ liệu đăng ký)', en: 'Revenue growth (from the registry)' },
      group: 'general',
      maxPoints: 15,
      computation: {
        kind: 'registry-growth',
        metric: 'revenue',
        minMonthsBetween: 6,
        bands: [
          { atLeast: 15, points: 15 },
          { atLeast: 5, points: 10 },
          { atLeast: 0, points: 5 },
        ],
      },
    },
    {
      id: 'technology-investment',
      name: { vi: 'Đầu tư công nghệ dự kiến trên doanh thu', en: 'Planned technology investment as a share of revenue' },
      group: 'general',
      maxPoints: 15,
      computation: {
        kind: 'answer-share-of-revenue',
        answer: 'technologyInvestmentVnd',
        bands: [
          { atLeast: 5, points: 15 },
          { atLeast: 2, points: 10 },
          { atLeast: 0.5, points: 5 },
        ],
      },
    },
    {
      id: 'proposal-quality',
      name: { vi: 'Chất lượng đề xuất (hội đồng xét chọn)', en: 'Quality of the proposal (panel)' },
      group: 'general',
      maxPoints: 30,
      computation: { kind: 'panel' },
    },
    {
      id: 'feasibility',
      name: { vi: 'Tính khả thi và nguồn lực thực hiện (hội đồng xét chọn)', en: 'Feasibility and resources to carry it out (panel)' },
      group: 'general',
      maxPoints: 20,
      computation: { kind: 'panel' },
    },
  ],
});

export const BUILT_IN_RUBRICS: readonly Rubric[] = [CNHT_V1, GENERIC_V1];
