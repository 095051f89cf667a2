/**
 * Distance without coordinates. No coordinates exist for Hanoi's 126 commune-level units
 * (shared/reference/hanoi-communes.ts has codes and names only), so distance is a documented proxy:
 *
 *   same industrial park or same commune  → "next door"
 *   same former district                 → "near"
 *   same area of the city                → "same side of the city"
 *   otherwise                            → "across the city"
 *
 * The former district is recovered from the statistics code: GSO assigned commune codes district
 * by district in ascending order, so each former district (before the 1 July 2025 reform) is a
 * range of codes. The ranges below start at the first of today's units that lies in each former
 * district (checked against the unit names; e.g. 00376 Xã Sóc Sơn opens Sóc Sơn, 08974 Xã Quang
 * Minh opens Mê Linh). Areas group former districts by side of the city. A unit formed from parts
 * of two former districts sits in the one its code falls in. Industrial parks (domain.md §7) carry
 * their host commune.
 */
import type { Localized } from '../../../shared/i18n/localized.ts';
import { type MessageKey, say } from '../../../shared/i18n/messages.ts';
import { HANOI_COMMUNES } from '../../../shared/reference/hanoi-communes.ts';

export type Area = 'inner' | 'north' | 'east' | 'west' | 'far-west' | 'south-west' | 'south';

/** [first code, former district, area], ascending by code. */
const FORMER_DISTRICTS: readonly (readonly [number, string, Area])[] = [
  [1, 'Ba Đình', 'inner'],
  [70, 'Hoàn Kiếm', 'inner'],
  [91, 'Tây Hồ', 'inner'],
  [118, 'Long Biên', 'east'],
  [160, 'Cầu Giấy', 'inner'],
  [190, 'Đống Đa', 'inner'],
  [256, 'Hai Bà Trưng', 'inner'],
  [301, 'Hoàng Mai', 'inner'],
  [352, 'Thanh Xuân', 'inner'],
  [376, 'Sóc Sơn', 'north'],
  [454, 'Đông Anh', 'north'],
  [541, 'Gia Lâm', 'east'],
  [592, 'Từ Liêm', 'west'],
  [640, 'Thanh Trì', 'south'],
  [4930, 'Lương Sơn (formerly Hòa Bình)', 'far-west'],
  [8974, 'Mê Linh', 'north'],
  [9552, 'Hà Đông', 'south-west'],
  [9574, 'Sơn Tây', 'far-west'],
  [9616, 'Ba Vì', 'far-west'],
  [9715, 'Phúc Thọ', 'far-west'],
  [9784, 'Đan Phượng', 'west'],
  [9832, 'Hoài Đức', 'west'],
  [9895, 'Quốc Oai', 'west'],
  [9955, 'Thạch Thất', 'west'],
  [10015, 'Chương Mỹ', 'south-west'],
  [10114, 'Thanh Oai', 'south'],
  [10183, 'Thường Tín', 'south'],
  [10273, 'Phú Xuyên', 'south'],
  [10354, 'Ứng Hòa', 'south'],
  [10441, 'Mỹ Đức', 'south'],
];

export interface IndustrialPark {
  id: string;
  name: string;
  /** The commune-level unit the park lies in (today's units; the largest share where it spans two). */
  communeCode: string;
}

/** Operating parks and the hi-tech park (domain.md §7). */
export const INDUSTRIAL_PARKS = [
  { id: 'thang-long', name: 'KCN Thăng Long', communeCode: '00493' },
  { id: 'quang-minh', name: 'KCN Quang Minh I', communeCode: '08974' },
  { id: 'phu-nghia', name: 'KCN Phú Nghĩa', communeCode: '10030' },
  { id: 'thach-that-quoc-oai', name: 'KCN Thạch Thất – Quốc Oai', communeCode: '09955' },
  { id: 'noi-bai', name: 'KCN Nội Bài', communeCode: '00433' },
  { id: 'nam-ha-noi', name: 'KCN hỗ trợ Nam Hà Nội', communeCode: '10273' },
  { id: 'sai-dong-b', name: 'KCN Sài Đồng B', communeCode: '00136' },
  { id: 'nam-thang-long', name: 'KCN Nam Thăng Long', communeCode: '00598' },
  { id: 'hoa-lac', name: 'Khu CNC Hòa Lạc', communeCode: '09988' },
] as const satisfies readonly IndustrialPark[];

export type ParkId = (typeof INDUSTRIAL_PARKS)[number]['id'];
export const PARK_IDS = INDUSTRIAL_PARKS.map((p) => p.id) as [ParkId, ...ParkId[]];
const parkById = new Map<string, IndustrialPark>(INDUSTRIAL_PARKS.map((p) => [p.id, p]));
export const parkOf = (id: string): IndustrialPark | undefined => parkById.get(id);

const communeNames = new Map(HANOI_COMMUNES.map((c) => [c.code, c.name]));
export const communeName = (code: string): string => communeNames.get(code) ?? code;
export const isHanoiCommune = (code: string): boolean => communeNames.has(code);

/** Index of the former district a commune code falls in (into FORMER_DISTRICTS). */
export function districtIndex(code: string): number {
  const n = Number(code);
  let lo = 0;
  let hi = FORMER_DISTRICTS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (FORMER_DISTRICTS[mid]![0] <= n) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export const formerDistrict = (code: string): string => FORMER_DISTRICTS[districtIndex(code)]![1];
export const areaOf = (code: string): Area => FORMER_DISTRICTS[districtIndex(code)]![2];

/** A location: a commune and, when in one, an industrial park. */
export interface Site {
  communeCode: string;
  park?: string | undefined;
}

export const DISTANCE_POINTS = { sameSite: 10, sameDistrict: 7, sameArea: 4, across: 0 } as const;

export interface Proximity {
  points: number;
  /** In English (as it has always been said); `reasonText` in both languages. */
  reason: string;
  reasonText: Localized;
}

/** The points of {@link proximity}, without its words (the match index's hot path). */
export function proximityPoints(supplier: Site, target: Site): number {
  if (supplier.park && target.park && supplier.park === target.park) return DISTANCE_POINTS.sameSite;
  if (supplier.communeCode === target.communeCode) return DISTANCE_POINTS.sameSite;
  const d = districtIndex(supplier.communeCode);
  if (d === districtIndex(target.communeCode)) return DISTANCE_POINTS.sameDistrict;
  return FORMER_DISTRICTS[d]![2] === areaOf(target.communeCode) ? DISTANCE_POINTS.sameArea : DISTANCE_POINTS.across;
}

const near = (points: number, text: Localized): Proximity => ({ points, reason: text.en, reasonText: text });
const areaWord = (area: Area) => say(`area.${area}` satisfies MessageKey);

/** How near a supplier's site is to one place the buyer wants. */
export function proximity(supplier: Site, target: Site): Proximity {
  if (supplier.park && target.park && supplier.park === target.park) {
    return near(DISTANCE_POINTS.sameSite, say('match.samePark', { park: parkOf(supplier.park)?.name ?? supplier.park }));
  }
  if (supplier.communeCode === target.communeCode) {
    return near(DISTANCE_POINTS.sameSite, say('match.sameCommune', { commune: communeName(target.communeCode) }));
  }
  const a = communeName(supplier.communeCode);
  const b = communeName(target.communeCode);
  const d = districtIndex(supplier.communeCode);
  if (d === districtIndex(target.communeCode)) {
    return near(DISTANCE_POINTS.sameDistrict, say('match.sameDistrict', { a, b, district: FORMER_DISTRICTS[d]![1] }));
  }
  const area = areaOf(supplier.communeCode);
  if (area === areaOf(target.communeCode)) return near(DISTANCE_POINTS.sameArea, say('match.sameArea', { a, b, area: areaWord(area) }));
  return near(
    DISTANCE_POINTS.across,
    say('match.acrossCity', { a, b, area: areaWord(area), otherArea: areaWord(areaOf(target.communeCode)) }),
  );
}
