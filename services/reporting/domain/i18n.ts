/** Words of the reports, in Vietnamese (the default) and English. */
import { communeByCode } from '../../../shared/reference/hanoi-communes.ts';
import { targetById } from '../../../shared/reference/targets.ts';
import type { Language, Period } from './report.ts';

type Text = { vi: string; en: string };

/** A target's name in a language: the default targets' (a plan's targets carry their own). */
export const targetLabel = (id: string, lang: Language): string => targetById(id)?.name[lang] ?? id;

const MEASURES: Record<string, Text> = {
  received: { vi: 'Hồ sơ tiếp nhận', en: 'Files received' },
  completed: { vi: 'Hồ sơ đã giải quyết', en: 'Files completed' },
  approved: { vi: 'Phê duyệt', en: 'Approved' },
  rejected: { vi: 'Từ chối', en: 'Rejected' },
  requestedVnd: { vi: 'Kinh phí đề nghị (VNĐ)', en: 'Amount requested (VND)' },
  scored: { vi: 'Hồ sơ đã chấm điểm', en: 'Applications scored' },
  grants: { vi: 'Lượt hỗ trợ', en: 'Grants' },
  supportVnd: { vi: 'Kinh phí hỗ trợ (VNĐ)', en: 'Support (VND)' },
  supportedSmes: { vi: 'DN được hỗ trợ', en: 'Enterprises supported' },
  newEnterprises: { vi: 'DN thành lập mới', en: 'New enterprises' },
  householdConversions: { vi: 'Hộ kinh doanh chuyển đổi', en: 'Household conversions' },
  closures: { vi: 'DN giải thể', en: 'Closures' },
  withdrawn: { vi: 'Hồ sơ rút', en: 'Withdrawn' },
  receivedCompleted: { vi: 'Đã giải quyết, trả kết quả', en: 'Completed and returned' },
  receivedWithdrawn: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
  workersTrained: { vi: 'Lao động được đào tạo', en: 'Workers trained' },
  ceosTrained: { vi: 'Giám đốc được đào tạo', en: 'CEOs trained' },
  fairMeetings: { vi: 'Cuộc gặp tại hội chợ', en: 'Fair meetings' },
  'funnel:proposed': { vi: 'Kết nối được đề xuất', en: 'Matches proposed' },
  'funnel:contacted': { vi: 'Đã liên hệ', en: 'Contacted' },
  'funnel:scheduled-at-fair': { vi: 'Xếp lịch gặp tại hội chợ', en: 'Scheduled at a fair' },
  'funnel:met': { vi: 'Đã gặp', en: 'Met' },
  'funnel:sample': { vi: 'Gửi mẫu', en: 'Sample' },
  'funnel:trial-order': { vi: 'Đặt hàng thử', en: 'Trial order' },
  'funnel:contracted': { vi: 'Ký hợp đồng', en: 'Contracted' },
  'funnel:declined': { vi: 'Từ chối', en: 'Declined' },
};

export const measureLabel = (m: string, lang: Language): string => MEASURES[m]?.[lang] ?? m;

const FILE_WORDS: Record<string, Text> = {
  received: { vi: 'Hồ sơ mới tiếp nhận', en: 'Newly received' },
  completed: { vi: 'Đã giải quyết, trả kết quả', en: 'Completed and returned' },
  inProgress: { vi: 'Đang giải quyết', en: 'In progress' },
  withdrawn: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
};
/** The file counts' column names (the city's weekly bulletin's). */
export const fileLabel = (k: string, lang: Language): string => FILE_WORDS[k]?.[lang] ?? k;

const WORDS = {
  title: { vi: 'Báo cáo tiến độ hỗ trợ doanh nghiệp nhỏ và vừa', en: 'SME support progress report' },
  city: { vi: 'Thành phố Hà Nội — Sở Tài chính', en: 'Hanoi — Department of Finance' },
  period: { vi: 'Kỳ báo cáo', en: 'Period' },
  generated: { vi: 'Lập lúc', en: 'Generated' },
  hanoiTime: { vi: 'giờ Hà Nội', en: 'Hanoi time' },
  scope: { vi: 'Phạm vi', en: 'Scope' },
  wholeCity: { vi: 'Toàn thành phố', en: 'Whole city' },
  agency: { vi: 'Cơ quan', en: 'Agency' },
  commune: { vi: 'Xã, phường', en: 'Commune' },
  section: { vi: 'Ngành (VSIC)', en: 'Sector (VSIC)' },
  programme: { vi: 'Chương trình', en: 'Programme' },
  category: { vi: 'Nội dung hỗ trợ', en: 'Support category' },
  size: { vi: 'Quy mô', en: 'Size class' },
  month: { vi: 'Tháng', en: 'Month' },
  kpis: { vi: 'Tiến độ thực hiện chỉ tiêu', en: 'Progress against targets' },
  target: { vi: 'Chỉ tiêu', en: 'Target' },
  goal: { vi: 'Kế hoạch', en: 'Goal' },
  actual: { vi: 'Thực hiện', en: 'Actual' },
  pct: { vi: 'Tỷ lệ (%)', en: 'Share (%)' },
  expected: { vi: 'Tiến độ cần đạt', en: 'Expected by now' },
  status: { vi: 'Đánh giá', en: 'Status' },
  filesNote: {
    vi: 'Hồ sơ mới tiếp nhận trong kỳ: đã giải quyết, trả kết quả và đang giải quyết (đến thời điểm lập báo cáo)',
    en: 'Files newly received in the period: completed and returned, and in progress (as of the report)',
  },
  trend: { vi: 'Diễn biến theo tháng', en: 'Trend by month' },
  byCommune: { vi: 'Theo xã, phường (lũy kế năm)', en: 'By commune (year to date)' },
  bySection: { vi: 'Theo ngành kinh tế (lũy kế năm)', en: 'By sector (year to date)' },
  total: { vi: 'Tổng', en: 'Total' },
  funnel: { vi: 'Kết nối công nghiệp hỗ trợ: các bước (lũy kế năm)', en: 'Supporting-industry matches by step (year to date)' },
  fairs: { vi: 'Cuộc gặp tại hội chợ theo tháng', en: 'Fair meetings by month' },
  step: { vi: 'Bước', en: 'Step' },
  count: { vi: 'Số lượng', en: 'Count' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  periodOfTarget: { vi: 'Thời kỳ', en: 'Period' },
  byHeadCount: { vi: 'Trong đó đếm theo số lượt người', en: 'Of which by head count' },
  files: { vi: 'Tình hình giải quyết hồ sơ', en: 'Administrative files' },
  legendExpected: { vi: 'vạch: tiến độ cần đạt đến nay', en: 'tick: pace expected by now' },
  /** A target the plan allocates no share of to this agency or commune: its actual, without a goal. */
  noGoal: { vi: 'Chưa giao chỉ tiêu', en: 'No goal allocated' },
  /** A year without an approved plan: actuals only. */
  noPlan: {
    vi: 'Chưa có kế hoạch năm được phê duyệt: chỉ số thực hiện, chưa có chỉ tiêu',
    en: 'No approved annual plan: actuals without goals',
  },
  planOf: { vi: 'Chỉ tiêu theo kế hoạch năm được phê duyệt', en: 'Goals from the approved annual plan' },
  version: { vi: 'phiên bản', en: 'version' },
  approved: { vi: 'phê duyệt', en: 'approved' },
  projection: { vi: 'Dự báo cuối kỳ (khoảng tin cậy 80 %)', en: 'Projected at period end (80 % interval)' },
  projectionLow: { vi: 'Dự báo: cận dưới', en: 'Projection: low' },
  projectionHigh: { vi: 'Dự báo: cận trên', en: 'Projection: high' },
  /** The projection's interval ends under the goal. */
  atRisk: { vi: 'Có nguy cơ không đạt', en: 'At risk' },
  atRiskNote: {
    vi: 'Có nguy cơ không đạt: cận trên của khoảng dự báo 80 % vẫn thấp hơn chỉ tiêu',
    en: "At risk: even the top of the projection's 80 % interval is under the goal",
  },
  'on-track': { vi: 'Đúng tiến độ', en: 'On track' },
  behind: { vi: 'Chậm tiến độ', en: 'Behind' },
  met: { vi: 'Đã đạt', en: 'Met' },
} satisfies Record<string, Text>;

export const word = (w: keyof typeof WORDS, lang: Language): string => WORDS[w][lang];

const PERIOD_WORDS: Record<Period, Text> = {
  weekly: { vi: 'Tuần', en: 'Week' },
  monthly: { vi: 'Tháng', en: 'Month' },
  quarterly: { vi: 'Quý', en: 'Quarter' },
  annual: { vi: 'Năm', en: 'Year' },
};
export const periodLabel = (p: Period, lang: Language): string => PERIOD_WORDS[p][lang];

const UNITS: Record<string, Text> = {
  enterprises: { vi: 'doanh nghiệp', en: 'enterprises' },
  people: { vi: 'người', en: 'people' },
  organisations: { vi: 'tổ chức', en: 'organisations' },
  participations: { vi: 'lượt', en: 'participations' },
  events: { vi: 'sự kiện', en: 'events' },
  publications: { vi: 'ấn phẩm', en: 'publications' },
  products: { vi: 'sản phẩm', en: 'products' },
};
/** A target's unit in words. */
export const unitLabel = (unit: string, lang: Language): string => UNITS[unit]?.[lang] ?? unit;

/** A target's period in words: "năm 2026" / "2026" for an annual one, "lũy kế 2026–2030" / "cumulative 2026–2030". */
export const targetPeriodLabel = (p: { kind: string; from: string; to: string }, lang: Language): string =>
  p.kind === 'annual'
    ? lang === 'vi'
      ? `năm ${p.from}`
      : `annual ${p.from}`
    : `${lang === 'vi' ? 'lũy kế' : 'cumulative'} ${p.from}–${p.to}`;

const SECTIONS: Record<string, Text> = {
  A: { vi: 'Nông, lâm nghiệp và thủy sản', en: 'Agriculture, forestry, fishing' },
  B: { vi: 'Khai khoáng', en: 'Mining' },
  C: { vi: 'Công nghiệp chế biến, chế tạo', en: 'Manufacturing' },
  D: { vi: 'Sản xuất, phân phối điện, khí đốt', en: 'Electricity, gas' },
  E: { vi: 'Cung cấp nước, xử lý rác thải', en: 'Water, waste' },
  F: { vi: 'Xây dựng', en: 'Construction' },
  G: { vi: 'Bán buôn, bán lẻ', en: 'Wholesale, retail' },
  H: { vi: 'Vận tải, kho bãi', en: 'Transport, storage' },
  I: { vi: 'Dịch vụ lưu trú, ăn uống', en: 'Accommodation, food' },
  J: { vi: 'Thông tin và truyền thông', en: 'Information, communication' },
  K: { vi: 'Tài chính, ngân hàng, bảo hiểm', en: 'Finance, insurance' },
  L: { vi: 'Kinh doanh bất động sản', en: 'Real estate' },
  M: { vi: 'Chuyên môn, khoa học, công nghệ', en: 'Professional, scientific' },
  N: { vi: 'Hành chính và dịch vụ hỗ trợ', en: 'Administrative services' },
  O: { vi: 'Quản lý nhà nước', en: 'Public administration' },
  P: { vi: 'Giáo dục và đào tạo', en: 'Education' },
  Q: { vi: 'Y tế và trợ giúp xã hội', en: 'Health, social work' },
  R: { vi: 'Nghệ thuật, vui chơi, giải trí', en: 'Arts, recreation' },
  S: { vi: 'Hoạt động dịch vụ khác', en: 'Other services' },
  T: { vi: 'Hoạt động làm thuê hộ gia đình', en: 'Households as employers' },
  U: { vi: 'Tổ chức quốc tế', en: 'Extraterritorial bodies' },
};
export const sectionLabel = (s: string, lang: Language): string => (SECTIONS[s] ? `${s} — ${SECTIONS[s][lang]}` : s);

export const communeLabel = (code: string, lang: Language): string => {
  const c = communeByCode(code);
  return c ? (lang === 'vi' ? c.name : c.nameEn) : code;
};

const SIZES: Record<string, Text> = {
  micro: { vi: 'Siêu nhỏ', en: 'Micro' },
  small: { vi: 'Nhỏ', en: 'Small' },
  medium: { vi: 'Vừa', en: 'Medium' },
  'not-sme': { vi: 'Không phải DNNVV', en: 'Not an SME' },
};
export const sizeLabel = (s: string, lang: Language): string => SIZES[s]?.[lang] ?? s;

/** A projection in words: "5.100 (4.800–5.400)" / "5,100 (4,800–5,400)". */
export const projectionText = (p: { expected: number; low: number; high: number }, lang: Language): string =>
  `${formatNumber(p.expected, lang)} (${formatNumber(p.low, lang)}–${formatNumber(p.high, lang)})`;

/** Numbers as each language writes them: 1.234.567 in Vietnamese, 1,234,567 in English. */
export const formatNumber = (n: number, lang: Language): string =>
  new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
