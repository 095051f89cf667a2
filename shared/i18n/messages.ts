/**
 * The one catalogue of what services say to people — score reasons, eligibility reasons, match
 * factor reasons, why a fair pair was not scheduled, agenda words — each message in Vietnamese and
 * English with `{name}` placeholders. `say(key, params)` renders both languages at once into a
 * `{ vi, en }` that a service puts beside its one-language field. A parameter is a string (a code,
 * a name: the same in both), a number (written as each language writes numbers), a date
 * (`{ date }`), or itself a `{ vi, en }` (a word from here, a rubric's name), so messages nest.
 * tsc checks that each call names exactly the message's placeholders; the unit test that both
 * languages of every message have the same ones.
 */
import { formatDate, formatNumber, type Lang, LANGS, type Localized } from './localized.ts';

export const MESSAGES = {
  // ---- words ----
  'word.yes': { vi: 'có', en: 'yes' },
  'word.no': { vi: 'không', en: 'no' },
  'word.none': { vi: 'không có', en: 'none' },
  'list.more': { vi: '{list} và {more} mục khác', en: '{list} and {more} more' },

  // ---- intake: a file's timeline ----
  'timeline.scored': {
    vi: '{points}/{max} điểm (bộ tiêu chí {rubric} phiên bản {version}{passMark})',
    en: '{points} / {max} points (rubric {rubric} v{version}{passMark})',
  },
  'timeline.rescored': {
    vi: 'chấm lại sau khi bổ sung: {points}/{max} điểm (bộ tiêu chí {rubric} phiên bản {version}{passMark})',
    en: 'scored again after the supplement: {points} / {max} points (rubric {rubric} v{version}{passMark})',
  },
  'timeline.passMark': { vi: ', điểm sàn {mark}', en: ', pass mark {mark}' },

  // ---- scoring: a criterion's reason ----
  'score.scored': { vi: '{detail}: {points}/{max} điểm', en: '{detail}: {points} of {max}' },
  'score.missing': {
    vi: 'thiếu dữ liệu: {why}; bộ tiêu chí cho {points} điểm khi thiếu dữ liệu',
    en: 'missing: {why}; the rubric scores missing data {points}',
  },
  'score.awaitingPanel': { vi: 'do hội đồng xét chọn chấm', en: 'scored by the review panel' },
  'score.panelNone': { vi: 'chưa thành viên hội đồng nào chấm tiêu chí này; tính 0 điểm', en: 'no reviewer marked it; scored 0' },
  'score.panelCombined': {
    vi: '{aggregate} điểm của {count} thành viên hội đồng: {points}/{max} điểm',
    en: "{aggregate} of {count} reviewers' marks: {points} of {max}",
  },
  'score.withheld': {
    vi: 'tổng hợp từ điểm của hội đồng: chỉ cán bộ của chương trình và cơ quan điều phối được xem; điểm của bạn ở phần đánh giá',
    en: "combined from the panel's marks: shown to the programme's officers and the coordinator; your own marks are under reviews",
  },
  'aggregate.mean': { vi: 'trung bình', en: 'mean' },
  'aggregate.median': { vi: 'trung vị', en: 'median' },
  'score.numberInBand': { vi: '{answer} = {value} (mức {band})', en: '{answer} = {value} ({band})' },
  'score.numberBelow': { vi: '{answer} = {value}, thấp hơn mọi mức', en: '{answer} = {value}, below every band' },
  'score.choice': { vi: '{answer} = "{value}"', en: '{answer} = "{value}"' },
  'score.choiceUnlisted': {
    vi: '{answer} = "{value}", lựa chọn không được bộ tiêu chí cho điểm',
    en: '{answer} = "{value}", an option this rubric gives no points',
  },
  'score.boolean': { vi: '{answer}: {value}', en: '{answer}: {value}' },
  'score.shareInBand': { vi: '{answer} bằng {pct} % doanh thu (mức {band} %)', en: '{answer} is {pct} % of revenue ({band} %)' },
  'score.shareBelow': { vi: '{answer} bằng {pct} % doanh thu, thấp hơn mọi mức', en: '{answer} is {pct} % of revenue, below every band' },
  'score.growthInBand': { vi: '{metric} thay đổi {change} % (mức {band} %)', en: '{metric} changed {change} % ({band} %)' },
  'score.growthBelow': { vi: '{metric} thay đổi {change} %, thấp hơn mọi mức', en: '{metric} changed {change} %, below every band' },
  'metric.labour-productivity': { vi: 'doanh thu trên mỗi lao động', en: 'revenue per employee' },
  'metric.revenue': { vi: 'doanh thu', en: 'revenue' },
  'metric.employees': { vi: 'số lao động', en: 'employees' },
  'score.unanswered': { vi: 'câu hỏi {answer} chưa được trả lời', en: 'question {answer} was not answered' },
  'score.notNumber': { vi: 'câu trả lời cho {answer} không phải là số', en: 'the answer to {answer} is not a number' },
  'score.notOption': { vi: 'câu trả lời cho {answer} không thuộc các lựa chọn', en: 'the answer to {answer} is not one of its options' },
  'score.notBoolean': { vi: 'câu trả lời cho {answer} không phải có/không', en: 'the answer to {answer} is not yes or no' },
  'score.noRevenue': {
    vi: 'dữ liệu đăng ký không có doanh thu ở lần cập nhật {revision}: không tính được tỷ lệ',
    en: 'the registry reports no revenue at revision {revision}: the share cannot be computed',
  },
  'score.noEmployees': {
    vi: 'dữ liệu đăng ký ghi {employees} lao động ở lần cập nhật {revision}: không tính được doanh thu trên mỗi lao động',
    en: 'the registry reports {employees} employees at revision {revision}: revenue per employee is undefined',
  },
  'score.noHistory': {
    vi: 'không có số liệu đăng ký từ {months} tháng trở lên trước lần cập nhật {revision} (năm đầu, hoặc chưa biết lịch sử): không tính được mức tăng trưởng',
    en: 'no registry figures from {months} or more months before revision {revision} (first year, or history not known): growth cannot be computed',
  },
  'score.zeroBase': {
    vi: '{metric} ở lần cập nhật {revision} bằng 0: không tính được mức tăng trưởng từ đó',
    en: 'the {metric} at revision {revision} is 0: growth from it is undefined',
  },

  // ---- scoring: evidence labels ----
  'evidence.answer': { vi: 'Trả lời câu {answer}', en: 'Answer to {answer}' },
  'evidence.revenue': { vi: 'Doanh thu (lần cập nhật {revision})', en: 'Revenue (revision {revision})' },
  'evidence.employees': { vi: 'Số lao động (lần cập nhật {revision})', en: 'Employees (revision {revision})' },
  'evidence.metric': { vi: '{metric} (lần cập nhật {revision})', en: '{metric} (revision {revision})' },
  'evidence.asOf': { vi: 'Ngày của lần cập nhật {revision}', en: 'Date of revision {revision}' },
  'evidence.share': { vi: 'Tỷ lệ trên doanh thu', en: 'Share of revenue' },
  'evidence.growth': { vi: 'Mức thay đổi', en: 'Change' },
  'evidence.revisionsKnown': { vi: 'Số lần cập nhật đăng ký đã biết', en: 'Registry revisions known' },
  'evidence.mark': { vi: 'Điểm của thành viên {n}', en: 'Mark of reviewer {n}' },
  'evidence.aggregate': { vi: 'Cách tổng hợp', en: 'Combined by' },

  // ---- intake: eligibility and submission ----
  'eligibility.status': {
    vi: 'doanh nghiệp đang ở trạng thái "{status}" trong dữ liệu đăng ký; chỉ doanh nghiệp đang hoạt động mới đủ điều kiện',
    en: 'the enterprise is {status} in the registry; only active enterprises are eligible',
  },
  'eligibility.sizeClass': { vi: 'quy mô {actual} không thuộc {allowed}', en: 'size class {actual} is not among {allowed}' },
  'eligibility.legalForm': { vi: 'loại hình {actual} không thuộc {allowed}', en: 'legal form {actual} is not among {allowed}' },
  'eligibility.vsicSection': {
    vi: 'không ngành nghề đăng ký nào ({lines}) thuộc ngành cấp 1 VSIC {allowed}',
    en: 'no registered business line ({lines}) is in VSIC section {allowed}',
  },
  'eligibility.vsicVersion': {
    vi: 'ngành nghề đăng ký được mã hóa theo VSIC {version}; ngành cấp 1 chỉ kiểm tra được trên mã VSIC 2018',
    en: 'registered business lines are coded in VSIC {version}; sections are checked on VSIC 2018 codes only',
  },
  'eligibility.vsicDivision': {
    vi: 'không ngành nghề đăng ký nào ({lines}) thuộc ngành cấp 2 {allowed}',
    en: 'no registered business line ({lines}) is in division {allowed}',
  },
  'eligibility.commune': {
    vi: 'doanh nghiệp đăng ký tại {name} ({code}), ngoài các xã, phường của chương trình',
    en: "the enterprise is registered in {name} ({code}), outside the programme's communes",
  },
  'eligibility.noFoundingDate': {
    vi: 'dữ liệu đăng ký không có ngày thành lập của doanh nghiệp',
    en: 'the registry has no founding date for the enterprise',
  },
  'eligibility.tooYoung': {
    vi: 'thành lập ngày {foundedOn}: hoạt động {years} năm, chương trình yêu cầu {required} năm',
    en: 'founded on {foundedOn}: {years} year(s) active, the programme requires {required}',
  },
  'submit.window': {
    vi: '{code} nhận hồ sơ từ {opens} đến {closes}; hôm nay là {today}',
    en: '{code} takes applications from {opens} to {closes}; today is {today}',
  },
  'submit.answerRequired': { vi: 'cần trả lời trước khi nộp', en: 'is required before submission' },
  'submit.documentRequired': { vi: 'cần một tài liệu loại này đã được kiểm tra', en: 'a verified document of this type is required' },
  // The English of these words is the code, as the one-language messages have always named them.
  'sizeClass.micro': { vi: 'siêu nhỏ', en: 'micro' },
  'sizeClass.small': { vi: 'nhỏ', en: 'small' },
  'sizeClass.medium': { vi: 'vừa', en: 'medium' },
  'sizeClass.not-sme': { vi: 'không phải DNNVV', en: 'not-sme' },
  'legalForm.llc': { vi: 'công ty TNHH', en: 'llc' },
  'legalForm.jsc': { vi: 'công ty cổ phần', en: 'jsc' },
  'legalForm.private': { vi: 'doanh nghiệp tư nhân', en: 'private' },
  'legalForm.partnership': { vi: 'công ty hợp danh', en: 'partnership' },
  'legalForm.household': { vi: 'hộ kinh doanh', en: 'household' },
  'legalForm.branch': { vi: 'chi nhánh', en: 'branch' },
  'enterpriseStatus.active': { vi: 'đang hoạt động', en: 'active' },
  'enterpriseStatus.suspended': { vi: 'tạm ngừng kinh doanh', en: 'suspended' },
  'enterpriseStatus.dissolved': { vi: 'đã giải thể', en: 'dissolved' },

  // ---- matching: factor reasons ----
  'match.capabilityAll': { vi: 'đáp ứng mọi công đoạn yêu cầu ({have})', en: 'covers every required process ({have})' },
  'match.capabilitySome': {
    vi: 'đáp ứng {count}/{required} công đoạn yêu cầu ({have}); thiếu {missing}',
    en: 'covers {count} of {required} required processes ({have}); lacks {missing}',
  },
  'match.certsNotMet': { vi: 'chưa đáp ứng điều kiện bắt buộc: {lacking}', en: 'hard constraint not met: {lacking}' },
  'match.certsHeld': {
    vi: 'có mọi chứng nhận yêu cầu còn hiệu lực đến hạn {deadline}: {held}',
    en: 'holds every required certificate valid at the deadline {deadline}: {held}',
  },
  'match.certHeld': { vi: '{standard} (đến {until})', en: '{standard} (until {until})' },
  'match.certsNoneQs': {
    vi: 'không yêu cầu chứng nhận; có chứng nhận hệ thống quản lý chất lượng còn hiệu lực đến hạn {deadline}',
    en: 'none required; holds a quality-management certificate valid at the deadline {deadline}',
  },
  'match.certsNoneNoQs': {
    vi: 'không yêu cầu chứng nhận; không có chứng nhận hệ thống quản lý chất lượng (ISO 9001, IATF 16949, ISO 13485) còn hiệu lực đến hạn {deadline}',
    en: 'none required; holds no quality-management certificate (ISO 9001, IATF 16949, ISO 13485) valid at the deadline {deadline}',
  },
  'match.noCert': { vi: 'không có chứng nhận {standard}', en: 'no {standard} certificate' },
  'match.certExpires': {
    vi: '{standard} hết hạn ngày {until}, trước hạn {deadline}',
    en: '{standard} expires on {until}, before the deadline {deadline}',
  },
  'match.tolerance': { vi: 'đạt dung sai ±{has} mm; nhu cầu đòi hỏi ±{wants} mm', en: 'holds ±{has} mm; the need asks ±{wants} mm' },
  'match.partSize': {
    vi: 'làm được chi tiết đến {has} mm; chi tiết của nhu cầu là {wants} mm',
    en: "makes parts up to {has} mm; the need's part is {wants} mm",
  },
  'match.volumeNone': { vi: 'nhu cầu không nêu sản lượng tháng', en: 'the need states no monthly volume' },
  'match.capacityUnknown': {
    vi: 'chưa khai công suất (nhu cầu là {volume} một tháng)',
    en: 'capacity not declared (the need is {volume} a month)',
  },
  'match.capacityEnough': {
    vi: 'làm được {capacity} một tháng; nhu cầu là {volume}',
    en: 'can make {capacity} a month; the need is {volume}',
  },
  'match.capacityShort': {
    vi: 'làm được {capacity} một tháng, bằng {pct} % của {volume} cần',
    en: 'can make {capacity} a month, {pct} % of the {volume} needed',
  },
  'match.distanceNone': { vi: 'nhu cầu không nêu địa điểm mong muốn', en: 'the need states no location preference' },
  'match.distanceProxy': {
    vi: '{reason} — ước lượng khoảng cách: không có tọa độ, theo xã phường, quận huyện cũ và khu vực của thành phố',
    en: '{reason} — proxy for distance: no coordinates, by commune, former district and side of the city',
  },
  'match.samePark': { vi: 'cùng khu công nghiệp ({park})', en: 'in the same industrial park ({park})' },
  'match.sameCommune': { vi: 'cùng xã, phường ({commune})', en: 'in the same commune ({commune})' },
  'match.sameDistrict': {
    vi: '{a} và {b} cùng thuộc quận, huyện cũ ({district})',
    en: '{a} and {b} are in the same former district ({district})',
  },
  'match.sameArea': { vi: '{a} cùng khu vực ({area}) với {b}', en: '{a} is on the same side of the city ({area}) as {b}' },
  'match.acrossCity': {
    vi: '{a} ({area}) ở khu vực khác của thành phố so với {b} ({otherArea})',
    en: '{a} ({area}) is across the city from {b} ({otherArea})',
  },
  'area.inner': { vi: 'nội thành', en: 'inner' },
  'area.north': { vi: 'phía bắc', en: 'north' },
  'area.east': { vi: 'phía đông', en: 'east' },
  'area.west': { vi: 'phía tây', en: 'west' },
  'area.far-west': { vi: 'phía tây xa', en: 'far-west' },
  'area.south-west': { vi: 'phía tây nam', en: 'south-west' },
  'area.south': { vi: 'phía nam', en: 'south' },
  'match.tierUnknown': {
    vi: 'chưa khai cấp cung ứng hiện tại; nhu cầu là vai trò cấp {want}',
    en: 'current tier not declared; the need is a tier-{want} role',
  },
  'match.tierSame': {
    vi: 'đang cung ứng ở cấp {want}, đúng vai trò nhu cầu này cần',
    en: 'already supplies at tier {want}, the role this need offers',
  },
  'match.tierHigher': {
    vi: 'đã cung ứng ở cấp {has}; đây là vai trò cấp {want}',
    en: 'supplies at tier {has} already; this is a tier-{want} role',
  },
  'match.tierStep': {
    vi: 'hiện cung ứng ở cấp {has}; vai trò cấp {want} này là một bước tiến',
    en: 'supplies at tier {has} today; this tier-{want} role is a step up',
  },
  'match.tierSteps': {
    vi: 'hiện cung ứng ở cấp {has}; vai trò cấp {want} này là bước tiến hơn một cấp',
    en: 'supplies at tier {has} today; this tier-{want} role is a step up of more than one tier',
  },
  'match.qualityScored': {
    vi: 'hồ sơ được chấm điểm gần nhất: {points}/{max} điểm (bộ tiêu chí {rubric}, {date})',
    en: 'latest scored application: {points} of {max} points (rubric {rubric}, {date})',
  },
  'match.qualityScoredVisible': {
    vi: 'hồ sơ được chấm điểm gần nhất bạn được xem: {points}/{max} điểm (bộ tiêu chí {rubric}, {date})',
    en: 'latest scored application you may see: {points} of {max} points (rubric {rubric}, {date})',
  },
  'match.qualityNone': { vi: 'chưa có hồ sơ nào được chấm điểm (trung tính)', en: 'no scored application on record (neutral)' },
  'match.qualityHidden': {
    vi: 'bạn không được xem (trung tính): điểm của hồ sơ chỉ hiển thị cho cơ quan chủ trì chương trình và cơ quan điều phối',
    en: 'not available to you (neutral): an application’s score is shown only to the agency running the programme and the coordinator',
  },
  'match.historyNone': { vi: 'chưa có kết quả kết nối trước đây (trung tính)', en: 'no past match outcomes (neutral)' },
  'match.history': {
    vi: 'các kết nối trước: {contracted} ký hợp đồng, {declined} từ chối',
    en: 'past matches: {contracted} contracted, {declined} declined',
  },

  // ---- fairs: why a requested pair was not scheduled, why a meeting was released ----
  'fair.declined': { vi: 'từ chối: {who} không muốn gặp', en: 'declined: {who} said no thanks' },
  'fair.noCommonSlot': {
    vi: 'không có khung giờ trống chung: {buyer} bận {buyerBlocked}; {exhibitor} bận {exhibitorBlocked}',
    en: 'no common free slot: {buyer} blocked {buyerBlocked}; {exhibitor} blocked {exhibitorBlocked}',
  },
  'fair.capNone': { vi: '{who} đã đủ số cuộc gặp tối đa: không nhận cuộc gặp nào', en: 'cap reached for {who}: takes no meetings' },
  'fair.capHeavier': {
    vi: '{who} đã đủ số cuộc gặp tối đa: {count} cuộc gặp, mỗi cuộc có trọng số không thấp hơn (thấp nhất {min} ≥ {weight})',
    en: 'cap reached for {who}: {count} meetings, each weighing at least as much (lowest {min} ≥ {weight})',
  },
  'fair.capLighter': {
    vi: '{who} đã đủ số cuộc gặp tối đa: {count} cuộc gặp, trọng số thấp nhất {min}',
    en: 'cap reached for {who}: {count} meetings, lowest weight {min}',
  },
  'fair.noTable': {
    vi: 'hết bàn trống chung trong {slots}, những khung giờ duy nhất cả hai cùng rảnh',
    en: 'no shared table free in {slots}, the only slots where both are free',
  },
  'fair.busy': { vi: 'không bao giờ cùng rảnh trong một khung giờ: {slots}', en: 'never free in the same slot: {slots}' },
  'fair.busyDisplaced': {
    vi: 'không bao giờ cùng rảnh trong một khung giờ: {slots}; bị thay bởi các cuộc gặp có trọng số không thấp hơn (≥ {min})',
    en: 'never free in the same slot: {slots}; displaced by meetings weighing at least as much (≥ {min})',
  },
  'fair.busySlot': { vi: '{slot}: {meetings}', en: '{slot}: {meetings}' },
  'fair.meets': { vi: '{who} gặp {other} ({weight})', en: '{who} meets {other} ({weight})' },
  'fair.moreSlots': { vi: '{list}; và {more} khung giờ khác', en: '{list}; and {more} more slots' },
  'fair.releasedGone': {
    vi: 'bên mua hoặc bên trưng bày không còn tham gia hội chợ',
    en: 'buyer or exhibitor is no longer a participant of the fair',
  },
  'fair.releasedSlot': { vi: 'khung giờ {slot} không còn thuộc hội chợ', en: 'slot {slot} is no longer part of the fair' },
  'fair.releasedNoThanks': { vi: '{who} nay không muốn gặp', en: '{who} now says no thanks' },
  'fair.releasedBlocked': { vi: '{who} đã chặn khung giờ {slot}', en: '{who} blocked slot {slot}' },
  'fair.releasedNoSuchTable': { vi: 'không có bàn {table}', en: 'table {table} does not exist' },
  'fair.releasedBooth': { vi: 'bàn {table} nay là gian hàng của {owner}', en: "table {table} is now {owner}'s booth" },
  'fair.releasedParticipantBusy': {
    vi: 'một bên đã có cuộc gặp được xác nhận trong khung giờ {slot}',
    en: 'a participant already has a confirmed meeting in slot {slot}',
  },
  'fair.releasedTableBusy': {
    vi: 'bàn {table} đã có cuộc gặp được xác nhận trong khung giờ {slot}',
    en: 'table {table} already holds a confirmed meeting in slot {slot}',
  },
  'fair.releasedPairTwice': { vi: 'cặp này đã có một cuộc gặp được xác nhận', en: 'the pair already has a confirmed meeting' },
  'fair.releasedCap': { vi: '{who} đã đủ số cuộc gặp tối đa', en: 'cap reached for {who}' },
  'fair.releasedNoPoolTable': { vi: 'hết bàn chung trong khung giờ {slot}', en: 'no shared table left in slot {slot}' },

  // ---- fairs: a participant's agenda (.ics) ----
  'agenda.summary': { vi: 'Gặp gỡ B2B: {with}', en: 'B2B meeting: {with}' },
  'agenda.table': { vi: 'Bàn {n}', en: 'Table {n}' },
  'agenda.description': {
    vi: '{fair}, khung giờ {slot}: {participant} ({role}) gặp {with} ({withRole}).',
    en: '{fair}, slot {slot}: {participant} ({role}) meets {with} ({withRole}).',
  },
  'role.buyer': { vi: 'bên mua', en: 'buyer' },
  'role.exhibitor': { vi: 'bên trưng bày', en: 'exhibitor' },
} as const satisfies Record<string, Localized>;

export type MessageKey = keyof typeof MESSAGES;

/** A placeholder's value: the same text in both languages, a number, a date, or a text per language. */
export type Param = string | number | { date: string } | Localized;

type Names<S extends string> = S extends `${string}{${infer P}}${infer R}` ? P | Names<R> : never;
/** The placeholders of a message (from its English text; the unit test checks the Vietnamese has the same). */
export type ParamsOf<K extends MessageKey> = { [P in Names<(typeof MESSAGES)[K]['en']>]: Param };

type Args<K extends MessageKey> = [Names<(typeof MESSAGES)[K]['en']>] extends [never] ? [] : [params: ParamsOf<K>];

function render(value: Param, lang: Lang): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value, lang);
  if ('date' in value) return formatDate(value.date, lang);
  return value[lang];
}

/** Fill a template's `{name}` placeholders in one language. */
export function fill(template: string, params: Record<string, Param>, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? render(params[name]!, lang) : whole));
}

/** A message in both languages. */
export function say<K extends MessageKey>(key: K, ...args: Args<K>): Localized {
  const params = (args[0] ?? {}) as Record<string, Param>;
  const m: Localized = MESSAGES[key];
  return { vi: fill(m.vi, params, 'vi'), en: fill(m.en, params, 'en') };
}

/** A catalogue word for a value (`sizeClass.micro`), or the value itself in both languages when there is none. */
export function wordFor(prefix: string, value: string): Localized {
  const m = (MESSAGES as Record<string, Localized>)[`${prefix}.${value}`];
  return m ? { vi: m.vi, en: m.en } : { vi: value, en: value };
}

/** Items joined per language (`, ` by default). */
export function joinLocalized(items: readonly Param[], separator = ', '): Localized {
  const out = {} as Localized;
  for (const lang of LANGS) out[lang] = items.map((i) => render(i, lang)).join(separator);
  return out;
}

/** Every message's text in one language (for tests that look for one language's words in the other's pages). */
export const templatesIn = (lang: Lang): string[] => Object.values(MESSAGES as Record<string, Localized>).map((m) => m[lang]);
