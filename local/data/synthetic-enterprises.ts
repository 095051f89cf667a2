/**
 * Synthetic enterprise-registry data for tests, local runs and load tests — never real firms.
 *
 * Deterministic: everything comes from a seeded PRNG (mulberry32, no dependency). Each enterprise
 * draws from its own stream `rngFor(seed, index)`, so enterprise i is the same whatever the count,
 * and bad-row injection elsewhere does not shift the good rows.
 *
 * What it draws (domain.md §2–§5, §7; the event shape of api.md "Registry events"):
 * - the Decree 80 size class first (micro ≈ 70 %, small ≈ 22 %, medium ≈ 6 %, not-sme ≈ 2 %),
 *   then employees / revenue / total capital inside that class's limits for the sector group of the
 *   main VSIC code (tests check the result with classifySize);
 * - a legal form given the class (households only micro; not-SMEs mostly jsc);
 * - a VSIC 2018 main code from real 4-digit classes, weighted toward manufacturing divisions
 *   (25, 26, 27, 28, 29, 22, 13, 14, 10 …), trade 46/47, construction 41–43, ICT 62/63, agriculture 01;
 *   5-digit sub-classes are the class plus "0" (form only — no verified sub-class list exists);
 * - a real Hanoi commune code, wards favoured, manufacturing leaning to industrial-park communes;
 * - a Vietnamese name with diacritics (NFC) for the firm and for people.
 *
 * Tax codes are derived from the index alone (unique per index, up to MAX_ENTERPRISES):
 * 10-digit "01…" codes with a valid check digit, `<parent>-NNN` for branches (the parent is the
 * 10-digit code of the same index, which no other index uses), a 12-digit personal id for households.
 * The "01" prefix is Hanoi's real range, so a synthetic code can coincide with a real firm's code.
 */
import * as nodeCrypto from 'node:crypto';
import { HANOI_COMMUNES } from '../../shared/reference/hanoi-communes.ts';
import { checkDigit } from '../../services/registry/domain/tax-code.ts';
import { sectorGroup } from '../../services/registry/domain/vsic.ts';
import type { SizeClass } from '../../services/registry/domain/size-class.ts';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type LegalForm = 'llc' | 'jsc' | 'private' | 'partnership' | 'household' | 'branch';
export type EnterpriseStatus = 'active' | 'suspended' | 'dissolved';
export type RegistryEventType = 'registered' | 'amended' | 'suspended' | 'resumed' | 'dissolved';

export interface SyntheticPerson {
  name: string;
  /** Hex SHA-256 of a fake 12-digit personal id. */
  personalIdHash: string;
}

export interface SyntheticOwner {
  name: string;
  /** Null only for a corporate owner (a branch's parent company). */
  personalIdHash: string | null;
  /** Null for a person; the parent's 10-digit code for a branch's parent company. */
  taxCode: string | null;
  /** Integer percent; an enterprise's owners sum to 100. */
  sharePct: number;
}

/** The `enterprise` object of a registry event: the full state after the change. */
export interface SyntheticEnterprise {
  name: string;
  legalForm: LegalForm;
  communeCode: string;
  vsic: { version: '2018'; main: string; others: string[] };
  /** ISO date, YYYY-MM-DD. */
  foundedOn: string;
  status: EnterpriseStatus;
  employees: number;
  revenueVnd: number;
  totalCapitalVnd: number;
  legalRepresentative: SyntheticPerson;
  owners: SyntheticOwner[];
}

export interface SyntheticRegistryEvent {
  eventId: string;
  type: RegistryEventType;
  taxCode: string;
  revision: number;
  /** ISO date-time with the +07:00 offset, e.g. 2026-03-02T08:00:00+07:00. */
  occurredAt: string;
  enterprise: SyntheticEnterprise;
}

export type Rng = () => number;

// ---------------------------------------------------------------------------------------------
// PRNG and helpers
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny 32-bit seeded PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream of its own for enterprise `index` under `seed` (seed and index mixed, then mulberry32). */
export function rngFor(seed: number, index: number): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index >>> 0), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ Math.floor(index / 4294967296) ^ (h >>> 16)) >>> 0;
  return mulberry32(h);
}

/** Integer in [lo, hi]. */
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const chance = (rng: Rng, p: number): boolean => rng() < p;

/** Precomputed cumulative weights for fast weighted picks. */
interface Weighted<T> {
  items: readonly T[];
  cumulative: Float64Array;
  total: number;
}
function weighted<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
  const cumulative = new Float64Array(pairs.length);
  let total = 0;
  pairs.forEach(([, w], i) => {
    total += w;
    cumulative[i] = total;
  });
  return { items: pairs.map(([item]) => item), cumulative, total };
}
function pickWeighted<T>(rng: Rng, w: Weighted<T>): T {
  const x = rng() * w.total;
  let lo = 0;
  let hi = w.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (w.cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return w.items[lo]!;
}

/** Log-uniform in [lo, hi] (amounts and head counts spread over orders of magnitude). */
const logUniform = (rng: Rng, lo: number, hi: number): number => Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo)));

/** Hex SHA-256; the one-shot crypto.hash (Node ≥ 20.12) is ~3× faster than createHash. */
const sha256Hex: (text: string) => string =
  typeof nodeCrypto.hash === 'function'
    ? (text) => nodeCrypto.hash('sha256', text, 'hex')
    : (text) => nodeCrypto.createHash('sha256').update(text).digest('hex');

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

// ---------------------------------------------------------------------------------------------
// Tax codes (domain.md §3) — derived from the index alone
// ---------------------------------------------------------------------------------------------

/**
 * A keyed permutation of [0, size): a 4-round balanced Feistel network on 2·halfBits bits, with
 * cycle walking back into range. Bijective, so distinct indices get distinct codes, and consecutive
 * indices get unrelated-looking codes.
 */
function feistelPermutation(size: number, halfBits: number, keys: readonly number[]): (i: number) => number {
  if (2 * halfBits > 30 || size > 2 ** (2 * halfBits)) throw new Error(`a ${2 * halfBits}-bit Feistel network cannot cover ${size}`);
  const mask = (1 << halfBits) - 1;
  const round = (r: number, key: number): number => {
    let h = Math.imul(r ^ key, 0x45d9f3b);
    h ^= h >>> 16;
    h = Math.imul(h, 0x45d9f3b);
    return (h ^ (h >>> 16)) & mask;
  };
  const encrypt = (x: number): number => {
    let l = x >>> halfBits;
    let r = x & mask;
    for (const key of keys) [l, r] = [r, l ^ round(r, key)];
    return (l << halfBits) | r;
  };
  return (i) => {
    let x = encrypt(i);
    while (x >= size) x = encrypt(x);
    return x;
  };
}

/**
 * Enterprise codes are "01" + d3 (0–1) + d4–d8 (5 digits) + d9 + check digit: the codes
 * 0100000000–0119999999, the look of Hanoi's range. Of the ten choices for d9 at least nine admit a
 * check digit (weight 3 moves Σ mod 11 through ten distinct values), so index ↦ (block, rank) with
 * nine ranks per block is a bijection onto valid codes.
 */
const ENTERPRISE_BLOCKS = 2 * 100_000;
export const MAX_ENTERPRISES = ENTERPRISE_BLOCKS * 9;
const permuteEnterprise = feistelPermutation(MAX_ENTERPRISES, 11, [0x2545f491, 0x9e3779b9, 0x7f4a7c15, 0x68e31da4]);

function assertIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= MAX_ENTERPRISES) {
    throw new RangeError(`enterprise index must be an integer in [0, ${MAX_ENTERPRISES}), got ${index}`);
  }
}

/** The 10-digit head-office code of enterprise `index` (always valid, unique per index). */
export function enterpriseTaxCode(index: number): string {
  assertIndex(index);
  const p = permuteEnterprise(index);
  const block = Math.floor(p / 9);
  let rank = p % 9;
  const eight = `01${pad(block, 6)}`;
  for (let d9 = 0; d9 <= 9; d9++) {
    const check = checkDigit(`${eight}${d9}`);
    if (check === undefined) continue; // skip a 9-digit prefix with no valid check digit
    if (rank-- === 0) return `${eight}${d9}${check}`;
  }
  throw new Error(`unreachable: no valid code in block ${eight}`);
}

/** The 13-digit branch code of enterprise `index`: its own 10-digit code as parent, suffix 001–030. */
export function branchTaxCode(index: number): string {
  const parent = enterpriseTaxCode(index);
  const suffix = 1 + ((Math.imul(index + 1, 0x9e3779b1) >>> 0) % 30);
  return `${parent}-${pad(suffix, 3)}`;
}

/**
 * A 12-digit personal id (CCCD form): province 001 (Hanoi), a century/sex digit
 * (0 male / 1 female born 1900s, 2 male / 3 female born 2000s), two digits of the birth year and
 * six serial digits. Households use it as their tax code; unique per index.
 */
const BIRTH_COMBOS: readonly { digit: number; yy: number }[] = [
  ...[0, 1].flatMap((digit) => Array.from({ length: 55 }, (_, k) => ({ digit, yy: 45 + k }))), // born 1945–1999
  ...[2, 3].flatMap((digit) => Array.from({ length: 8 }, (_, k) => ({ digit, yy: k }))), // born 2000–2007
];
const permutePersonal = feistelPermutation(BIRTH_COMBOS.length * 1_000_000, 14, [0x1b873593, 0xcc9e2d51, 0x85ebca6b, 0xc2b2ae35]);

export function householdTaxCode(index: number): string {
  assertIndex(index);
  const p = permutePersonal(index);
  const combo = BIRTH_COMBOS[Math.floor(p / 1_000_000)]!;
  return `001${combo.digit}${pad(combo.yy, 2)}${pad(p % 1_000_000, 6)}`;
}

/** The tax code enterprise `index` registers under, given its legal form. */
export function taxCodeFor(index: number, legalForm: LegalForm): string {
  if (legalForm === 'branch') return branchTaxCode(index);
  if (legalForm === 'household') return householdTaxCode(index);
  return enterpriseTaxCode(index);
}

/** Sex and birth year encoded in a 12-digit personal id. */
function decodePersonalId(id: string): { female: boolean; birthYear: number } {
  const digit = Number(id[3]);
  return { female: digit % 2 === 1, birthYear: (digit < 2 ? 1900 : 2000) + Number(id.slice(4, 6)) };
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

/** Family names with rough national frequencies (%). */
const FAMILY_NAMES = weighted<string>([
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 4],
  ['Huỳnh', 1],
  ['Phan', 4.5],
  ['Vũ', 3.5],
  ['Võ', 1],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.8],
  ['Trịnh', 0.7],
  ['Đào', 0.6],
  ['Mai', 0.5],
  ['Lương', 0.4],
  ['Tạ', 0.3],
  ['Kiều', 0.2],
  ['Chu', 0.3],
]);
const MIDDLE_MALE = [
  'Văn',
  'Văn',
  'Văn',
  'Đức',
  'Minh',
  'Quang',
  'Hữu',
  'Xuân',
  'Thành',
  'Công',
  'Tuấn',
  'Mạnh',
  'Ngọc',
  'Trọng',
  'Anh',
  'Việt',
];
const MIDDLE_FEMALE = ['Thị', 'Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Phương', 'Hồng', 'Kim', 'Thuỳ', 'Bích', 'Mai', 'Lan'];
const GIVEN_MALE = [
  'Anh',
  'Bình',
  'Cường',
  'Dũng',
  'Hùng',
  'Hải',
  'Hiếu',
  'Hoàng',
  'Huy',
  'Khánh',
  'Long',
  'Minh',
  'Nam',
  'Phong',
  'Quân',
  'Sơn',
  'Thắng',
  'Tuấn',
  'Trung',
  'Tùng',
  'Việt',
  'Đức',
  'Đạt',
  'Thành',
  'Hưng',
  'Kiên',
  'Lâm',
  'Tiến',
  'Vinh',
  'Khoa',
  'Phúc',
  'Toàn',
  'Quyết',
  'Hậu',
  'Thịnh',
  'Duy',
  'Hoà',
  'Tâm',
  'Lợi',
  'Chiến',
];
const GIVEN_FEMALE = [
  'Anh',
  'Hà',
  'Hằng',
  'Hoa',
  'Hương',
  'Huyền',
  'Lan',
  'Linh',
  'Loan',
  'Mai',
  'Nga',
  'Ngọc',
  'Nhung',
  'Oanh',
  'Phương',
  'Quỳnh',
  'Thảo',
  'Thuỷ',
  'Trang',
  'Vân',
  'Yến',
  'Hạnh',
  'Dung',
  'Giang',
  'Thu',
  'Hiền',
  'Liên',
  'Trâm',
  'Châu',
  'Ly',
];

/** CCCD province codes of birth places: mostly Hanoi, then the Red River delta and beyond. */
const BIRTH_PROVINCES = weighted<string>([
  ['001', 60],
  ['030', 4],
  ['033', 4],
  ['034', 4],
  ['035', 3],
  ['036', 4],
  ['037', 3],
  ['038', 4],
  ['040', 3],
  ['019', 2],
  ['022', 2],
  ['024', 2],
  ['026', 2],
  ['027', 2],
  ['025', 2],
  ['031', 2],
  ['079', 1],
]);

function personName(rng: Rng, female: boolean): string {
  const family = pickWeighted(rng, FAMILY_NAMES);
  const middles = female ? MIDDLE_FEMALE : MIDDLE_MALE;
  const middle = pick(rng, middles);
  let given = pick(rng, female ? GIVEN_FEMALE : GIVEN_MALE);
  if (given === middle) given = female ? 'Hương' : 'Hùng';
  // Some women carry two middle names (Nguyễn Thị Thanh Hương).
  if (female && middle === 'Thị' && chance(rng, 0.2)) {
    const second = pick(rng, middles);
    if (second !== middle && second !== given) return `${family} ${middle} ${second} ${given}`;
  }
  return `${family} ${middle} ${given}`;
}

/** A fake 12-digit personal id for someone born in `birthYear`. */
function fakePersonalId(rng: Rng, female: boolean, birthYear: number): string {
  const digit = (birthYear >= 2000 ? 2 : 0) + (female ? 1 : 0);
  return `${pickWeighted(rng, BIRTH_PROVINCES)}${digit}${pad(birthYear % 100, 2)}${pad(int(rng, 0, 999_999), 6)}`;
}

function randomPerson(rng: Rng, foundedYear: number): SyntheticPerson {
  const female = chance(rng, 0.32);
  // An adult (≥ 20) when the firm was founded, and born no later than 2006.
  const latest = Math.min(2006, foundedYear - 20);
  const birthYear = int(rng, Math.max(1945, latest - 45), latest);
  return { name: personName(rng, female), personalIdHash: sha256Hex(fakePersonalId(rng, female, birthYear)) };
}

// ---------------------------------------------------------------------------------------------
// VSIC 2018 (domain.md §4): real 4-digit classes by division, and the main-line weights
// ---------------------------------------------------------------------------------------------

const CLASSES: Readonly<Record<string, readonly string[]>> = {
  '01': ['0111', '0112', '0118', '0121', '0145', '0146', '0150', '0161', '0162'],
  '02': ['0210', '0220'],
  '03': ['0322'],
  '08': ['0810'],
  '10': ['1010', '1020', '1030', '1040', '1050', '1061', '1071', '1073', '1074', '1075', '1076', '1077', '1079', '1080'],
  '11': ['1101', '1102', '1104'],
  '13': ['1311', '1312', '1313', '1321', '1322', '1323', '1329'],
  '14': ['1410', '1420', '1430'],
  '15': ['1511', '1512', '1520'],
  '16': ['1610', '1621', '1622', '1623', '1629'],
  '17': ['1701', '1702', '1709'],
  '18': ['1811', '1812', '1820'],
  '20': ['2011', '2013', '2021', '2022', '2023', '2029'],
  '21': ['2100'],
  '22': ['2211', '2212', '2219', '2220'],
  '23': ['2310', '2392', '2393', '2394', '2395', '2396', '2399'],
  '24': ['2410', '2420', '2431', '2432'],
  '25': ['2511', '2512', '2513', '2520', '2591', '2592', '2593', '2599'],
  '26': ['2610', '2620', '2630', '2640', '2651', '2652', '2660', '2670', '2680'],
  '27': ['2710', '2720', '2731', '2732', '2733', '2740', '2750', '2790'],
  '28': ['2811', '2812', '2813', '2814', '2815', '2816', '2817', '2818', '2819', '2821', '2822', '2823', '2824', '2825', '2826', '2829'],
  '29': ['2910', '2920', '2930'],
  '30': ['3011', '3012', '3020', '3091', '3092', '3099'],
  '31': ['3100'],
  '32': ['3211', '3212', '3220', '3230', '3240', '3250', '3290'],
  '33': ['3311', '3312', '3313', '3314', '3315', '3319', '3320'],
  '35': ['3510'],
  '38': ['3811', '3812', '3821', '3830'],
  '41': ['4101', '4102'],
  '42': ['4211', '4212', '4221', '4222', '4229', '4291', '4299'],
  '43': ['4311', '4312', '4321', '4322', '4329', '4330', '4390'],
  '45': ['4511', '4520', '4530', '4541', '4542'],
  '46': ['4610', '4620', '4632', '4633', '4641', '4649', '4651', '4652', '4653', '4659', '4661', '4662', '4663', '4669', '4690'],
  '47': ['4711', '4719', '4722', '4741', '4742', '4752', '4759', '4771', '4772', '4773', '4791'],
  '49': ['4931', '4932', '4933'],
  '52': ['5210', '5224', '5229'],
  '55': ['5510'],
  '56': ['5610', '5621', '5629', '5630'],
  '58': ['5811', '5812', '5813', '5819', '5820'],
  '62': ['6201', '6202', '6209'],
  '63': ['6311', '6312', '6399'],
  '68': ['6810', '6820'],
  '70': ['7020'],
  '71': ['7110', '7120'],
  '73': ['7310', '7320'],
  '74': ['7410', '7490'],
  '82': ['8211', '8219', '8230', '8292', '8299'],
  '85': ['8559', '8560'],
  '96': ['9610', '9631', '9639'],
};

/** Main business line by division; manufacturing ≈ 40 %, trade ≈ 27 %, construction 12 %, ICT 6.5 %. */
const MAIN_DIVISIONS = weighted<string>([
  ['25', 6],
  ['26', 3.5],
  ['27', 3],
  ['28', 3],
  ['29', 2],
  ['22', 3],
  ['13', 2],
  ['14', 3],
  ['10', 3],
  ['11', 0.5],
  ['15', 0.5],
  ['16', 1],
  ['17', 0.7],
  ['18', 1],
  ['20', 1],
  ['21', 0.4],
  ['23', 1.5],
  ['24', 0.7],
  ['30', 0.3],
  ['31', 1.5],
  ['32', 1],
  ['33', 1.2],
  ['46', 18],
  ['47', 8],
  ['45', 1],
  ['41', 5],
  ['42', 2],
  ['43', 5],
  ['62', 5],
  ['63', 1.5],
  ['58', 0.3],
  ['01', 2],
  ['02', 0.2],
  ['03', 0.2],
  ['08', 0.3],
  ['35', 0.2],
  ['38', 0.3],
  ['49', 2],
  ['52', 1],
  ['55', 0.5],
  ['56', 1.5],
  ['68', 1],
  ['70', 1],
  ['71', 1.5],
  ['73', 0.5],
  ['74', 0.5],
  ['82', 0.8],
  ['85', 0.7],
  ['96', 0.5],
]);

/** Household businesses: shops, eateries, workshops. */
const HOUSEHOLD_DIVISIONS = weighted<string>([
  ['47', 35],
  ['56', 18],
  ['96', 8],
  ['25', 8],
  ['14', 7],
  ['10', 8],
  ['45', 5],
  ['01', 4],
  ['16', 3],
  ['31', 2],
  ['23', 2],
]);

/** Secondary lines commonly registered beside a main line. */
const TRADE_SIDELINES = ['4649', '4659', '4669', '4690', '4610', '4663', '4652', '4651', '4741', '4752', '4933', '5229', '7490', '8299'];

const isManufacturing = (division: string): boolean => division >= '10' && division <= '33';

function drawVsic(rng: Rng, division: string): SyntheticEnterprise['vsic'] {
  const classes = CLASSES[division]!;
  const main4 = pick(rng, classes);
  const main = chance(rng, 0.1) ? `${main4}0` : main4;
  const others: string[] = [];
  const n = pickWeighted(rng, OTHER_COUNTS);
  for (let attempt = 0; others.length < n && attempt < 12; attempt++) {
    const code = chance(rng, 0.55)
      ? pick(rng, classes)
      : chance(rng, 0.7)
        ? pick(rng, TRADE_SIDELINES)
        : pick(rng, CLASSES[pickWeighted(rng, MAIN_DIVISIONS)]!);
    if (code !== main4 && !others.includes(code)) others.push(code);
  }
  return { version: '2018', main, others };
}
const OTHER_COUNTS = weighted<number>([
  [0, 30],
  [1, 30],
  [2, 25],
  [3, 15],
]);

// ---------------------------------------------------------------------------------------------
// Places (domain.md §7)
// ---------------------------------------------------------------------------------------------

/** Communes around the industrial parks and Hòa Lạc (an approximation by name, for weighting only). */
const INDUSTRIAL_COMMUNES = new Set([
  'Xã Thiên Lộc',
  'Xã Đông Anh',
  'Xã Quang Minh',
  'Xã Mê Linh',
  'Xã Nội Bài',
  'Xã Sóc Sơn',
  'Xã Phú Nghĩa',
  'Xã Thạch Thất',
  'Xã Quốc Oai',
  'Xã Hoà Lạc',
  'Xã Hạ Bằng',
  'Xã Thường Tín',
  'Xã Phú Xuyên',
  'Xã Đại Xuyên',
  'Phường Phúc Lợi',
  'Phường Thượng Cát',
  'Phường Đông Ngạc',
  'Xã Bát Tràng',
  'Xã Gia Lâm',
]);

/** Most firms sit in urban wards; manufacturing leans to the industrial-park communes. */
const COMMUNES_GENERAL = weighted(HANOI_COMMUNES.map((c) => [c, c.unitType === 'ward' ? 5 : 1] as const));
const COMMUNES_MANUFACTURING = weighted(
  HANOI_COMMUNES.map((c) => [c, INDUSTRIAL_COMMUNES.has(c.name) ? 8 : c.unitType === 'ward' ? 2 : 1] as const),
);

const placeName = (communeName: string): string => communeName.replace(/^(Phường|Xã) /, '');

// ---------------------------------------------------------------------------------------------
// Firm names
// ---------------------------------------------------------------------------------------------

/** The business part of a name by division (Cơ khí Chính xác, Điện tử, Thực phẩm Sạch …). */
const DESCRIPTORS: Readonly<Record<string, readonly string[]>> = {
  '01': ['Nông nghiệp', 'Nông nghiệp Công nghệ cao', 'Giống Cây trồng', 'Chăn nuôi', 'Nông sản Sạch'],
  '02': ['Lâm nghiệp', 'Lâm sản'],
  '03': ['Thuỷ sản', 'Nuôi trồng Thuỷ sản'],
  '08': ['Khai thác Đá', 'Vật liệu Xây dựng'],
  '10': ['Thực phẩm', 'Thực phẩm Sạch', 'Chế biến Nông sản', 'Chế biến Thực phẩm', 'Bánh kẹo', 'Thức ăn Chăn nuôi', 'Chè'],
  '11': ['Đồ uống', 'Bia và Nước giải khát', 'Nước tinh khiết'],
  '13': ['Dệt', 'Sợi', 'Dệt may', 'Dệt kim', 'Vải'],
  '14': ['May mặc', 'Thời trang', 'May', 'May Xuất khẩu', 'Đồng phục'],
  '15': ['Da giày', 'Giày dép', 'Túi xách'],
  '16': ['Gỗ', 'Chế biến Gỗ', 'Đồ gỗ'],
  '17': ['Giấy', 'Bao bì Giấy', 'Bao bì Carton'],
  '18': ['In', 'In ấn', 'In và Bao bì'],
  '20': ['Hoá chất', 'Sơn', 'Hoá chất Công nghiệp', 'Phân bón'],
  '21': ['Dược phẩm', 'Dược liệu'],
  '22': ['Nhựa', 'Cao su', 'Bao bì Nhựa', 'Khuôn mẫu Nhựa', 'Nhựa Kỹ thuật', 'Cao su Kỹ thuật'],
  '23': ['Gốm sứ', 'Vật liệu Xây dựng', 'Kính', 'Bê tông', 'Gạch Ốp lát'],
  '24': ['Thép', 'Luyện kim', 'Đúc Kim loại'],
  '25': ['Cơ khí', 'Cơ khí Chính xác', 'Kết cấu Thép', 'Gia công Kim loại', 'Khuôn mẫu', 'Cơ khí Chế tạo', 'Mạ và Xử lý Bề mặt'],
  '26': ['Điện tử', 'Linh kiện Điện tử', 'Công nghệ Điện tử', 'Thiết bị Điện tử', 'Điện tử Viễn thông', 'Bảng mạch Điện tử'],
  '27': ['Thiết bị Điện', 'Điện Công nghiệp', 'Dây và Cáp điện', 'Điện Cơ', 'Chiếu sáng', 'Thiết bị Chiếu sáng'],
  '28': ['Chế tạo Máy', 'Máy Công nghiệp', 'Thiết bị Công nghiệp', 'Cơ khí Chế tạo Máy', 'Máy Nông nghiệp', 'Tự động hoá'],
  '29': ['Phụ tùng Ô tô', 'Linh kiện Ô tô', 'Cơ khí Ô tô', 'Ô tô'],
  '30': ['Phụ tùng Xe máy', 'Đóng tàu', 'Xe đạp'],
  '31': ['Nội thất', 'Đồ gỗ Nội thất', 'Nội thất Văn phòng'],
  '32': ['Thiết bị Y tế', 'Đồ chơi', 'Văn phòng phẩm', 'Mỹ nghệ'],
  '33': ['Sửa chữa Máy', 'Lắp đặt Thiết bị', 'Bảo trì Công nghiệp', 'Cơ điện'],
  '35': ['Năng lượng', 'Điện Mặt trời', 'Năng lượng Tái tạo'],
  '38': ['Môi trường', 'Xử lý Chất thải', 'Môi trường Xanh'],
  '41': ['Xây dựng', 'Đầu tư Xây dựng', 'Xây lắp', 'Phát triển Nhà'],
  '42': ['Xây dựng Công trình', 'Hạ tầng', 'Xây dựng Cầu đường'],
  '43': ['Cơ điện', 'Xây lắp Điện', 'Trang trí Nội thất', 'Điện nước', 'Phòng cháy Chữa cháy'],
  '45': ['Ô tô', 'Dịch vụ Ô tô', 'Xe máy'],
  '46': [
    'Thương mại',
    'Thương mại và Dịch vụ',
    'Xuất nhập khẩu',
    'Đầu tư Thương mại',
    'Thiết bị Vật tư',
    'Vật tư Công nghiệp',
    'Phân phối',
  ],
  '47': ['Thương mại Dịch vụ', 'Kinh doanh Tổng hợp', 'Siêu thị', 'Bán lẻ', 'Thương mại Điện tử'],
  '49': ['Vận tải', 'Vận tải và Logistics', 'Taxi', 'Vận tải Hành khách'],
  '52': ['Logistics', 'Kho vận', 'Giao nhận'],
  '55': ['Khách sạn', 'Du lịch Khách sạn'],
  '56': ['Nhà hàng', 'Ẩm thực', 'Dịch vụ Ăn uống'],
  '58': ['Xuất bản', 'Sách'],
  '62': ['Phần mềm', 'Công nghệ Thông tin', 'Giải pháp Công nghệ', 'Công nghệ Số', 'Chuyển đổi Số'],
  '63': ['Dữ liệu', 'Truyền thông Số', 'Công nghệ Thông tin'],
  '68': ['Bất động sản', 'Địa ốc', 'Đầu tư Bất động sản'],
  '70': ['Tư vấn Quản lý', 'Tư vấn Đầu tư'],
  '71': ['Tư vấn Thiết kế', 'Kiến trúc', 'Kiểm định', 'Tư vấn Xây dựng'],
  '73': ['Quảng cáo', 'Truyền thông', 'Nghiên cứu Thị trường'],
  '74': ['Thiết kế', 'Dịch thuật'],
  '82': ['Dịch vụ Văn phòng', 'Tổ chức Sự kiện', 'Dịch vụ Tổng hợp'],
  '85': ['Giáo dục', 'Đào tạo', 'Ngoại ngữ'],
  '96': ['Dịch vụ', 'Giặt là', 'Làm đẹp'],
};

/** Words households put on their sign. */
const HOUSEHOLD_DESCRIPTORS: Readonly<Record<string, readonly string[]>> = {
  '47': ['Tạp hoá', 'Cửa hàng', 'Điện thoại', 'Vật liệu Xây dựng', 'Điện máy'],
  '56': ['Quán ăn', 'Quán cà phê', 'Phở', 'Bún chả', 'Cơm'],
  '96': ['Cắt tóc', 'Giặt là', 'Spa'],
  '25': ['Cơ khí', 'Hàn xì', 'Nhôm kính'],
  '14': ['May đo', 'Xưởng may'],
  '10': ['Bánh', 'Giò chả', 'Đậu phụ'],
  '45': ['Sửa xe', 'Rửa xe'],
  '01': ['Trang trại', 'Vườn rau'],
  '16': ['Mộc', 'Đồ gỗ'],
  '31': ['Đồ gỗ', 'Nội thất'],
  '23': ['Gốm', 'Gốm sứ'],
};

/** Distinctive, auspicious brand parts. */
const BRANDS = [
  'Việt Hưng',
  'An Phát',
  'Thành Công',
  'Hoàng Long',
  'Minh Phát',
  'Phú Thịnh',
  'Hưng Thịnh',
  'Tân Phát',
  'Đại Dương',
  'Sao Việt',
  'Hoà Bình',
  'Trường Thịnh',
  'Hồng Hà',
  'Kinh Bắc',
  'Nam Việt',
  'Đông Á',
  'Á Châu',
  'Bình Minh',
  'Kim Long',
  'Phương Đông',
  'Đức Anh',
  'Minh Khang',
  'Gia Phát',
  'Tiến Đạt',
  'An Khang',
  'Vạn Xuân',
  'Thịnh Phát',
  'Hải Nam',
  'Thái Bình Dương',
  'Trường An',
  'Việt Tiến',
  'Hùng Cường',
  'Phúc Hưng',
  'Thiên Long',
  'Ngọc Minh',
  'Quang Trung',
  'Đại Phát',
  'Hoàng Gia',
  'Việt Nhật',
  'Việt Hàn',
  'Việt Đức',
  'Toàn Cầu',
  'Sông Hồng',
  'Đất Việt',
  'Hà Thành',
  'Tràng An',
  'Long Giang',
  'Bảo Minh',
  'Khánh An',
  'Tâm Việt',
  'Hợp Nhất',
  'Tín Nghĩa',
  'Đồng Tâm',
  'Nhật Quang',
];
/** Two-syllable brands composed like the curated ones (Thịnh + Phát, Minh + Khang …): ~1,500 more. */
const BRAND_FIRST = [
  'An',
  'Bảo',
  'Bình',
  'Đại',
  'Đức',
  'Gia',
  'Hà',
  'Hải',
  'Hoà',
  'Hoàng',
  'Hồng',
  'Hưng',
  'Kim',
  'Long',
  'Minh',
  'Nam',
  'Ngọc',
  'Phú',
  'Phúc',
  'Quang',
  'Sao',
  'Tân',
  'Thái',
  'Thành',
  'Thiên',
  'Thịnh',
  'Tiến',
  'Toàn',
  'Trường',
  'Việt',
  'Vạn',
  'Vĩnh',
  'Xuân',
  'Đông',
  'Phương',
  'Hợp',
  'Tâm',
  'Trung',
  'Khánh',
  'Nhật',
  'Lộc',
  'Mạnh',
  'Thuận',
  'Hiệp',
  'Kiến',
  'Đồng',
  'Tường',
  'Hạ',
  'Sơn',
  'Anh',
];
const BRAND_SECOND = [
  'Phát',
  'Hưng',
  'Thịnh',
  'Long',
  'Minh',
  'An',
  'Thành',
  'Việt',
  'Khang',
  'Đạt',
  'Tiến',
  'Lộc',
  'Phúc',
  'Quang',
  'Sơn',
  'Hà',
  'Hải',
  'Nam',
  'Anh',
  'Dương',
  'Tín',
  'Nghĩa',
  'Cường',
  'Thái',
  'Hoàng',
  'Gia',
  'Bảo',
  'Vượng',
  'Tâm',
  'Kim',
];
function composedBrand(rng: Rng): string {
  const first = pick(rng, BRAND_FIRST);
  const second = pick(rng, BRAND_SECOND);
  return first === second ? `${first} Phát` : `${first} ${second}`;
}
/** Places that lend their names to firms (besides the firm's own commune). */
const PLACE_BRANDS = [
  'Thăng Long',
  'Ba Vì',
  'Sông Đà',
  'Tây Hồ',
  'Hà Nội',
  'Sóc Sơn',
  'Đông Anh',
  'Hoà Lạc',
  'Sài Đồng',
  'Nội Bài',
  'Bát Tràng',
  'Sơn Tây',
  'Hồ Gươm',
  'Long Biên',
];
/** Latin brand parts, as registered (T&T, VNTECH …). */
const LATIN_BRANDS = [
  'ABC',
  'T&T',
  'VNTECH',
  'Hitech',
  'TNC',
  'HTC',
  'Sunrise',
  'Green',
  'Smart',
  'Star',
  'Global',
  'Delta',
  'Alpha',
  'Pacific',
  'Mekong',
];

/** Activity frames put before the descriptor; some carry commas, as real names do. */
const FRAMES_MANUFACTURING = [
  'Sản xuất và Thương mại',
  'Sản xuất, Thương mại và Dịch vụ',
  'Đầu tư và Phát triển',
  'Kỹ thuật và Công nghệ',
  'Sản xuất, Xuất nhập khẩu',
];
const FRAMES_TRADE = ['Thương mại, Dịch vụ và Kỹ thuật', 'Đầu tư, Thương mại và Dịch vụ', 'Thương mại và Xây dựng', 'Đầu tư và Phát triển'];

const LEGAL_PREFIX: Record<Exclude<LegalForm, 'household' | 'branch'>, string> = {
  llc: 'Công ty TNHH',
  jsc: 'Công ty Cổ phần',
  private: 'Doanh nghiệp tư nhân',
  partnership: 'Công ty Hợp danh',
};

function brandPart(rng: Rng, communeName: string): string {
  const r = rng();
  let brand: string;
  if (r < 0.25) brand = pick(rng, BRANDS);
  else if (r < 0.7) brand = composedBrand(rng);
  else if (r < 0.8) brand = pick(rng, PLACE_BRANDS);
  else if (r < 0.9) brand = placeName(communeName);
  else brand = pick(rng, LATIN_BRANDS);
  if (chance(rng, 0.1))
    brand = `${brand} ${pick(rng, ['68', '86', '88', '36', '3A', '2', 'Số 1', 'Group', 'Hà Nội', 'Việt Nam', 'Thủ Đô', 'Plus'])}`;
  // A few registered names quote their brand.
  if (chance(rng, 0.004)) brand = `"${brand}"`;
  return brand;
}

function distinctivePart(rng: Rng, division: string, communeName: string): string {
  const descriptor = pick(rng, DESCRIPTORS[division]!);
  const frames = isManufacturing(division) ? FRAMES_MANUFACTURING : division === '46' || division === '47' ? FRAMES_TRADE : undefined;
  let frame = frames && chance(rng, 0.22) ? `${pick(rng, frames)} ` : '';
  // No word twice ("Kỹ thuật và Công nghệ Công nghệ Điện tử").
  if (frame && descriptor.split(' ').some((w) => frame.includes(w))) frame = '';
  return `${frame}${descriptor} ${brandPart(rng, communeName)}`;
}

function firmName(rng: Rng, legalForm: LegalForm, division: string, communeName: string, headName: string): string {
  switch (legalForm) {
    case 'household': {
      if (chance(rng, 0.45)) return `Hộ kinh doanh ${headName}`;
      const words = HOUSEHOLD_DESCRIPTORS[division] ?? DESCRIPTORS[division]!;
      const given = headName.split(' ').slice(-1)[0]!;
      return `Hộ kinh doanh ${pick(rng, words)} ${chance(rng, 0.5) ? given : pick(rng, BRANDS)}`;
    }
    case 'branch': {
      const parentForm = chance(rng, 0.6) ? LEGAL_PREFIX.llc : LEGAL_PREFIX.jsc;
      const parent = `${parentForm} ${distinctivePart(rng, division, communeName)}`;
      return chance(rng, 0.7) ? `Chi nhánh ${parent} tại ${placeName(communeName)}` : `Chi nhánh Hà Nội - ${parent}`;
    }
    case 'llc': {
      const prefix = chance(rng, 0.12) ? 'Công ty TNHH Một thành viên' : LEGAL_PREFIX.llc;
      return `${prefix} ${distinctivePart(rng, division, communeName)}`;
    }
    default:
      return `${LEGAL_PREFIX[legalForm]} ${distinctivePart(rng, division, communeName)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Size (domain.md §2): the class first, then figures inside its limits
// ---------------------------------------------------------------------------------------------

export const SIZE_CLASS_TARGETS: Readonly<Record<SizeClass, number>> = { micro: 0.7, small: 0.22, medium: 0.06, 'not-sme': 0.02 };
const SIZE_CLASSES = weighted<SizeClass>(Object.entries(SIZE_CLASS_TARGETS) as [SizeClass, number][]);

const BN = 1_000_000_000;
/** Decree 80/2021 Art. 5 limits (size-class.ts is the authority; tests check the draws against it). */
const LIMITS = {
  'agriculture-industry-construction': { e: [10, 100, 200], r: [3 * BN, 50 * BN, 200 * BN], c: [3 * BN, 20 * BN, 100 * BN] },
  'trade-services': { e: [10, 50, 100], r: [10 * BN, 100 * BN, 300 * BN], c: [3 * BN, 50 * BN, 100 * BN] },
} as const;

/** Amounts are whole thousands of VND; `lo` is exclusive-safe (≥ lo), `hi` inclusive (≤ hi). */
const amount = (rng: Rng, lo: number, hi: number): number => {
  const v = Math.floor(logUniform(rng, lo, hi) / 1000) * 1000;
  return Math.min(Math.max(v, Math.ceil(lo / 1000) * 1000), hi);
};

interface Figures {
  employees: number;
  revenueVnd: number;
  totalCapitalVnd: number;
}

/**
 * Figures that classify as `cls`: within the class's employee limit AND (revenue OR capital limit),
 * and outside the smaller class (more employees, or revenue AND capital above its limits).
 */
function drawFigures(rng: Rng, cls: SizeClass, mainVsic: string, legalForm: LegalForm): Figures {
  const { e, r, c } = LIMITS[sectorGroup(mainVsic)];
  const above = (limit: number) => limit + 1_000_000; // strictly over a limit
  switch (cls) {
    case 'micro': {
      const employees =
        legalForm === 'household' ? int(rng, 0, 5) : chance(rng, 0.1) ? 0 : Math.min(10, Math.floor(logUniform(rng, 1, 11)));
      const totalCapitalVnd = amount(rng, 50_000_000, c[0]);
      // Revenue sometimes over the micro limit: capital alone keeps the firm micro.
      const revenueVnd = chance(rng, 0.08) ? amount(rng, above(r[0]), 2 * r[0]) : amount(rng, 80_000_000, r[0]);
      return { employees, revenueVnd, totalCapitalVnd };
    }
    case 'small':
      if (chance(rng, 0.75)) {
        return {
          employees: Math.floor(logUniform(rng, 11, e[1] + 1)),
          revenueVnd: amount(rng, r[0] / 3, r[1]),
          totalCapitalVnd: amount(rng, BN, c[1]),
        };
      }
      return { employees: int(rng, 2, 10), revenueVnd: amount(rng, above(r[0]), r[1]), totalCapitalVnd: amount(rng, above(c[0]), c[1]) };
    case 'medium':
      if (chance(rng, 0.8)) {
        return {
          employees: Math.floor(logUniform(rng, e[1] + 1, e[2] + 1)),
          revenueVnd: amount(rng, r[1] / 5, r[2]),
          totalCapitalVnd: amount(rng, 5 * BN, c[2]),
        };
      }
      return { employees: int(rng, 15, e[1]), revenueVnd: amount(rng, above(r[1]), r[2]), totalCapitalVnd: amount(rng, above(c[1]), c[2]) };
    case 'not-sme':
      if (chance(rng, 0.7)) {
        return {
          employees: Math.floor(logUniform(rng, e[2] + 1, 3000)),
          revenueVnd: amount(rng, 50 * BN, 3000 * BN),
          totalCapitalVnd: amount(rng, 40 * BN, 2000 * BN),
        };
      }
      return {
        employees: int(rng, 40, e[2]),
        revenueVnd: amount(rng, above(r[2]), 2000 * BN),
        totalCapitalVnd: amount(rng, above(c[2]), 1500 * BN),
      };
  }
}

const LEGAL_FORM_BY_CLASS: Readonly<Record<SizeClass, Weighted<LegalForm>>> = {
  micro: weighted<LegalForm>([
    ['llc', 58],
    ['jsc', 12],
    ['private', 11],
    ['household', 12],
    ['branch', 4.5],
    ['partnership', 2.5],
  ]),
  small: weighted<LegalForm>([
    ['llc', 62],
    ['jsc', 26],
    ['private', 5],
    ['branch', 5],
    ['partnership', 2],
  ]),
  medium: weighted<LegalForm>([
    ['llc', 45],
    ['jsc', 45],
    ['private', 2],
    ['branch', 8],
  ]),
  'not-sme': weighted<LegalForm>([
    ['jsc', 60],
    ['llc', 32],
    ['branch', 8],
  ]),
};

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/** The default "today" of generated data: nothing is founded or occurs after it. */
export const DEFAULT_AS_OF = '2026-11-01';

const DAY_MS = 86_400_000;
/*
 * Times are milliseconds of a wall-clock time in Hanoi counted as if it were UTC (formatting adds
 * +07:00). Civil-date arithmetic (H. Hinnant's days_from_civil / civil_from_days) instead of Date:
 * several times faster, and this runs a few times per row.
 */
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

function localMs(isoDate: string): number {
  const y0 = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  const d = Number(isoDate.slice(8, 10));
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146097 + doe - 719468) * DAY_MS;
}

function isoDateOf(ms: number): string {
  const z = Math.floor(ms / DAY_MS) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${two(m)}-${two(d)}`;
}

function isoLocalDateTime(ms: number): string {
  const inDay = ms - Math.floor(ms / DAY_MS) * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  return `${isoDateOf(ms)}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}+07:00`;
}

/** Founding years 1995–asOf, more recent years more likely (registrations have grown). */
function drawFoundedOn(rng: Rng, asOf: string): string {
  const lastYear = Number(asOf.slice(0, 4));
  const span = lastYear - 1995 + 1;
  const year = 1995 + Math.min(span - 1, Math.floor(span * Math.sqrt(rng())));
  const start = localMs(`${year}-01-01`);
  const end = Math.min(localMs(`${year}-12-31`), localMs(asOf));
  return isoDateOf(start + Math.floor(rng() * ((end - start) / DAY_MS + 1)) * DAY_MS);
}

/** A time in office hours (08:00–16:59) on `isoDate`. */
const officeTime = (rng: Rng, dayMs: number): number => dayMs + (8 * 60 + int(rng, 0, 9 * 60 - 1)) * 60_000;

// ---------------------------------------------------------------------------------------------
// Owners and representative
// ---------------------------------------------------------------------------------------------

/** n integer shares ≥ 1 summing to 100, largest first. */
function splitShares(rng: Rng, n: number): number[] {
  if (n === 1) return [100];
  const weights = Array.from({ length: n }, (_, i) => (i === 0 ? 1.5 : 0.3) + rng());
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => 1 + Math.floor((w / total) * (100 - n)));
  shares[0]! += 100 - shares.reduce((a, b) => a + b, 0);
  return shares.sort((a, b) => b - a);
}

function ownerCount(rng: Rng, legalForm: LegalForm): number {
  switch (legalForm) {
    case 'llc':
      return chance(rng, 0.45) ? 1 : int(rng, 2, 5);
    case 'jsc':
      return int(rng, 3, 7);
    case 'partnership':
      return int(rng, 2, 4);
    default:
      return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Enterprises
// ---------------------------------------------------------------------------------------------

export interface GenerateEnterpriseOptions {
  /** Nothing is founded after this ISO date; default DEFAULT_AS_OF. */
  asOf?: string;
}

/**
 * The `enterprise` object of a registry event for enterprise `index` (0 ≤ index < MAX_ENTERPRISES).
 * Its tax code is `taxCodeFor(index, enterprise.legalForm)`.
 */
export function generateEnterprise(rng: Rng, index: number, options: GenerateEnterpriseOptions = {}): SyntheticEnterprise {
  assertIndex(index);
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const cls = pickWeighted(rng, SIZE_CLASSES);
  const legalForm = pickWeighted(rng, LEGAL_FORM_BY_CLASS[cls]);
  const division = pickWeighted(rng, legalForm === 'household' ? HOUSEHOLD_DIVISIONS : MAIN_DIVISIONS);
  const vsic = drawVsic(rng, division);
  const commune = pickWeighted(rng, isManufacturing(division) ? COMMUNES_MANUFACTURING : COMMUNES_GENERAL);
  const foundedOn = drawFoundedOn(rng, asOf);
  const foundedYear = Number(foundedOn.slice(0, 4));
  const figures = drawFigures(rng, cls, vsic.main, legalForm);

  let legalRepresentative: SyntheticPerson;
  let owners: SyntheticOwner[];
  let name: string;
  if (legalForm === 'household') {
    // The household head: the personal id is the household's tax code.
    const id = householdTaxCode(index);
    const { female } = decodePersonalId(id);
    legalRepresentative = { name: personName(rng, female), personalIdHash: sha256Hex(id) };
    owners = [{ ...legalRepresentative, taxCode: null, sharePct: 100 }];
    name = firmName(rng, legalForm, division, commune.name, legalRepresentative.name);
  } else if (legalForm === 'branch') {
    name = firmName(rng, legalForm, division, commune.name, '');
    const parentName = name.replace(/^Chi nhánh (Hà Nội - )?/, '').replace(/ tại .*$/, '');
    legalRepresentative = randomPerson(rng, foundedYear); // the branch head
    owners = [{ name: parentName, personalIdHash: null, taxCode: enterpriseTaxCode(index), sharePct: 100 }];
  } else {
    const shares = splitShares(rng, ownerCount(rng, legalForm));
    owners = shares.map((sharePct) => ({ ...randomPerson(rng, foundedYear), taxCode: null, sharePct }));
    // The largest owner usually represents the firm; sometimes a hired director does.
    const first = owners[0]!;
    legalRepresentative =
      owners.length > 1 && chance(rng, 0.25) ? randomPerson(rng, foundedYear) : { name: first.name, personalIdHash: first.personalIdHash! };
    name = firmName(rng, legalForm, division, commune.name, legalRepresentative.name);
  }

  const r = rng();
  const status: EnterpriseStatus = r < 0.95 ? 'active' : r < 0.98 ? 'suspended' : 'dissolved';
  return { name, legalForm, communeCode: commune.code, vsic, foundedOn, status, ...figures, legalRepresentative, owners };
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

export interface GenerateEventsOptions {
  /** Number of enterprises. */
  count: number;
  seed?: number;
  /** Index of the first enterprise (default 0), to generate a slice of a larger population. */
  startIndex?: number;
  /** Probability that an enterprise has amendments (default 0.3); 1–6 of them, geometric. */
  amendProbability?: number;
  /** Probability of a suspension (default 0.03); half are resumed later. */
  suspendProbability?: number;
  /** Probability of a dissolution as the last event (default 0.02). */
  dissolveProbability?: number;
  /** No event occurs after this ISO date; default DEFAULT_AS_OF. */
  asOf?: string;
  /** eventId prefix (default 'reg-2026'): ids are `${prefix}-000001`, … in yield order. */
  eventIdPrefix?: string;
}

const cloneEnterprise = (e: SyntheticEnterprise): SyntheticEnterprise => ({
  ...e,
  vsic: { ...e.vsic, others: [...e.vsic.others] },
  legalRepresentative: { ...e.legalRepresentative },
  owners: e.owners.map((o) => ({ ...o })),
});

type AmendKind = 'figures' | 'commune' | 'name' | 'vsic' | 'representative';
const AMEND_KINDS = weighted<AmendKind>([
  ['figures', 45],
  ['vsic', 20],
  ['commune', 15],
  ['name', 10],
  ['representative', 10],
]);

function amend(rng: Rng, e: SyntheticEnterprise, year: number): void {
  let kind = pickWeighted(rng, AMEND_KINDS);
  // A household's tax code is its head's personal id: the head does not change.
  if (kind === 'representative' && e.legalForm === 'household') kind = 'figures';
  const division = e.vsic.main.slice(0, 2);
  switch (kind) {
    case 'figures': {
      const f = 0.75 + rng() * 0.6;
      e.employees = Math.max(0, Math.round(e.employees * (0.85 + rng() * 0.35)));
      e.revenueVnd = Math.floor((e.revenueVnd * f) / 1000) * 1000;
      e.totalCapitalVnd = Math.floor((e.totalCapitalVnd * (0.9 + rng() * 0.3)) / 1000) * 1000;
      return;
    }
    case 'commune': {
      e.communeCode = pickWeighted(rng, isManufacturing(division) ? COMMUNES_MANUFACTURING : COMMUNES_GENERAL).code;
      return;
    }
    case 'name': {
      // A new name under the same legal form.
      const commune = pick(rng, HANOI_COMMUNES).name;
      if (e.legalForm === 'branch') e.name = `Chi nhánh ${e.owners[0]!.name} tại ${placeName(commune)}`;
      else if (e.legalForm === 'household') e.name = firmName(rng, 'household', division, commune, e.legalRepresentative.name);
      else {
        const prefix = e.name.startsWith('Công ty TNHH Một thành viên') ? 'Công ty TNHH Một thành viên' : LEGAL_PREFIX[e.legalForm];
        e.name = `${prefix} ${distinctivePart(rng, division, commune)}`;
      }
      return;
    }
    case 'vsic': {
      const others = e.vsic.others;
      if (others.length > 0 && chance(rng, 0.3)) {
        // The main line changes to a registered secondary one.
        const next = others.splice(int(rng, 0, others.length - 1), 1)[0]!;
        others.push(e.vsic.main.slice(0, 4));
        e.vsic.main = next;
      } else if (others.length < 3 && chance(rng, 0.7)) {
        const code = pick(rng, chance(rng, 0.5) ? CLASSES[division]! : TRADE_SIDELINES);
        if (code !== e.vsic.main.slice(0, 4) && !others.includes(code)) others.push(code);
        else if (others.length > 0) others.pop();
      } else if (others.length > 0) {
        others.splice(int(rng, 0, others.length - 1), 1);
      } else {
        others.push(pick(rng, TRADE_SIDELINES));
      }
      return;
    }
    case 'representative': {
      const rep = randomPerson(rng, year);
      e.legalRepresentative = rep;
      // A private enterprise's owner is its representative.
      if (e.legalForm === 'private') e.owners = [{ ...rep, taxCode: null, sharePct: 100 }];
      return;
    }
  }
}

/**
 * Registry events for `count` enterprises, streamed (constant memory): each enterprise's history in
 * turn — 'registered' (revision 1, on its foundedOn), then maybe 'amended' (figures, VSIC, commune,
 * name or representative), 'suspended' / 'resumed', and last 'dissolved'. Revisions rise by one and
 * occurredAt strictly increases per enterprise; events of different enterprises are not interleaved
 * in time. eventIds are unique and sequential in yield order.
 */
export function* generateEvents(options: GenerateEventsOptions): Generator<SyntheticRegistryEvent> {
  const seed = options.seed ?? 42;
  const start = options.startIndex ?? 0;
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const pAmend = options.amendProbability ?? 0.3;
  const pSuspend = options.suspendProbability ?? 0.03;
  const pDissolve = options.dissolveProbability ?? 0.02;
  const prefix = options.eventIdPrefix ?? 'reg-2026';
  let seq = 0;
  const nextId = () => `${prefix}-${pad(++seq, 6)}`;

  for (let index = start; index < start + options.count; index++) {
    const rng = rngFor(seed, index);
    const state = generateEnterprise(rng, index, { asOf });
    state.status = 'active';
    const taxCode = taxCodeFor(index, state.legalForm);
    const registeredAt = officeTime(rng, localMs(state.foundedOn));
    let revision = 1;
    yield {
      eventId: nextId(),
      type: 'registered',
      taxCode,
      revision,
      occurredAt: isoLocalDateTime(registeredAt),
      enterprise: cloneEnterprise(state),
    };

    // Plan the later history.
    const plan: RegistryEventType[] = [];
    if (chance(rng, pAmend)) {
      let n = 1;
      while (n < 6 && chance(rng, 0.45)) n++;
      for (let k = 0; k < n; k++) plan.push('amended');
    }
    if (chance(rng, pSuspend)) {
      const at = int(rng, 0, plan.length);
      const after = plan.splice(at);
      // No amendments while suspended: without a resumption the later ones are dropped.
      if (chance(rng, 0.5)) plan.push('suspended', 'resumed', ...after);
      else plan.push('suspended');
    }
    if (chance(rng, pDissolve)) plan.push('dissolved');
    if (plan.length === 0) continue;

    // Sorted days after registration, office hours, strictly increasing.
    const firstDay = localMs(state.foundedOn) + DAY_MS;
    const days = Math.floor((localMs(asOf) - firstDay) / DAY_MS) + 1;
    if (days < plan.length) continue; // founded too recently for a history
    const times = plan
      .map(() => firstDay + Math.floor(rng() * days) * DAY_MS)
      .sort((a, b) => a - b)
      .map((d) => officeTime(rng, d));
    let last = registeredAt;
    for (let k = 0; k < plan.length; k++) {
      const t = Math.max(times[k]!, last + 60_000);
      last = t;
      const type = plan[k]!;
      if (type === 'amended') amend(rng, state, Number(isoDateOf(t).slice(0, 4)));
      else state.status = type === 'suspended' ? 'suspended' : type === 'dissolved' ? 'dissolved' : 'active';
      revision++;
      yield { eventId: nextId(), type, taxCode, revision, occurredAt: isoLocalDateTime(t), enterprise: cloneEnterprise(state) };
    }
  }
}

/**
 * The last event of each enterprise (its current state), from events grouped by enterprise as
 * generateEvents yields them; constant memory.
 */
export function* latestStates(events: Iterable<SyntheticRegistryEvent>): Generator<SyntheticRegistryEvent> {
  let previous: SyntheticRegistryEvent | undefined;
  for (const event of events) {
    if (previous && previous.taxCode !== event.taxCode) yield previous;
    previous = event;
  }
  if (previous) yield previous;
}

// ---------------------------------------------------------------------------------------------
// Invalid variants — one defect each, for validation tests and --bad-rate
// ---------------------------------------------------------------------------------------------

/** A valid 10-digit code built from nine digits (the ninth moved until a check digit exists). */
function validTen(nine: string): string {
  for (let k = 0; k < 10; k++) {
    const candidate = `${nine.slice(0, 8)}${(Number(nine[8]) + k) % 10}`;
    const check = checkDigit(candidate);
    if (check !== undefined) return `${candidate}${check}`;
  }
  throw new Error('unreachable');
}

/** The head-office digits behind any tax code: the 10-digit part, or "01" + 7 digits of a personal id. */
const headOfficeOf = (taxCode: string): string =>
  /^\d{10}/.test(taxCode) && !/^\d{12}$/.test(taxCode) ? taxCode.slice(0, 10) : validTen(`01${taxCode.slice(-7)}`);

export type InvalidVariant =
  | 'badCheckDigit'
  | 'branchSuffix000'
  | 'unknownCommune'
  | 'invalidVsicDivision'
  | 'foundedInFuture'
  | 'negativeEmployees';

const withEnterprise = (event: SyntheticRegistryEvent, patch: Partial<SyntheticEnterprise>): SyntheticRegistryEvent => ({
  ...event,
  enterprise: { ...cloneEnterprise(event.enterprise), ...patch },
});

/**
 * Each returns a copy of the event with exactly one defect:
 * - badCheckDigit: the 10-digit (head-office) part gets a wrong check digit (a branch keeps its suffix;
 *   a household's personal id becomes a 10-digit code) — parseTaxCode rejects it;
 * - branchSuffix000: `<parent>-000`, legalForm branch — parseTaxCode rejects it;
 * - unknownCommune: communeCode 99999 — not in HANOI_COMMUNES;
 * - invalidVsicDivision: main code in division 04 or 34 (none in VSIC 2018) — checkVsic rejects it;
 * - foundedInFuture: foundedOn in the 2090s;
 * - negativeEmployees: employees −1 … −50.
 */
export const invalidVariants: Readonly<Record<InvalidVariant, (event: SyntheticRegistryEvent, rng?: Rng) => SyntheticRegistryEvent>> = {
  badCheckDigit(event, rng = Math.random) {
    const ten = headOfficeOf(event.taxCode);
    const wrong = (Number(ten[9]) + int(rng, 1, 9)) % 10;
    const bad = `${ten.slice(0, 9)}${wrong}`;
    return { ...event, taxCode: event.taxCode.length === 14 ? `${bad}${event.taxCode.slice(10)}` : bad };
  },
  branchSuffix000(event) {
    return { ...withEnterprise(event, { legalForm: 'branch' }), taxCode: `${headOfficeOf(event.taxCode)}-000` };
  },
  unknownCommune(event) {
    return withEnterprise(event, { communeCode: '99999' });
  },
  invalidVsicDivision(event, rng = Math.random) {
    const e = event.enterprise;
    return withEnterprise(event, { vsic: { ...e.vsic, others: [...e.vsic.others], main: chance(rng, 0.5) ? '0400' : '3400' } });
  },
  foundedInFuture(event, rng = Math.random) {
    return withEnterprise(event, {
      foundedOn: `${int(rng, 2090, 2099)}${event.enterprise.foundedOn.slice(4)}`.replace(/-02-29$/, '-02-28'),
    });
  },
  negativeEmployees(event, rng = Math.random) {
    return withEnterprise(event, { employees: -int(rng, 1, 50) });
  },
};

export const INVALID_VARIANTS = Object.keys(invalidVariants) as InvalidVariant[];

/** Applies one invalid variant picked by `rng`. */
export function makeInvalid(event: SyntheticRegistryEvent, rng: Rng): { variant: InvalidVariant; event: SyntheticRegistryEvent } {
  const variant = pick(rng, INVALID_VARIANTS);
  return { variant, event: invalidVariants[variant](event, rng) };
}

// ---------------------------------------------------------------------------------------------
// Bulk files: CSV (RFC 4180) and NDJSON
// ---------------------------------------------------------------------------------------------

export const CSV_COLUMNS = [
  'eventId',
  'type',
  'taxCode',
  'revision',
  'occurredAt',
  'name',
  'legalForm',
  'communeCode',
  'vsicVersion',
  'vsicMain',
  'vsicOthers',
  'foundedOn',
  'status',
  'employees',
  'revenueVnd',
  'totalCapitalVnd',
  'legalRepName',
  'legalRepIdHash',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** The header line, without a line ending. */
export const CSV_HEADER = CSV_COLUMNS.join(',');
/** RFC 4180 line ending. */
export const CSV_EOL = '\r\n';

/** A field quoted per RFC 4180 when it holds a comma, a double quote, CR or LF. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One flat CSV row (the enterprise state after the event), in CSV_COLUMNS order, without a line ending. */
export function toCsvRow(event: SyntheticRegistryEvent): string {
  const e = event.enterprise;
  return [
    event.eventId,
    event.type,
    event.taxCode,
    event.revision,
    event.occurredAt,
    e.name,
    e.legalForm,
    e.communeCode,
    e.vsic.version,
    e.vsic.main,
    e.vsic.others.join(';'),
    e.foundedOn,
    e.status,
    e.employees,
    e.revenueVnd,
    e.totalCapitalVnd,
    e.legalRepresentative.name,
    e.legalRepresentative.personalIdHash,
  ]
    .map(csvField)
    .join(',');
}

/** One NDJSON line (the whole event, owners included), without the trailing "\n". */
export function toNdjsonLine(event: SyntheticRegistryEvent): string {
  return JSON.stringify(event);
}
