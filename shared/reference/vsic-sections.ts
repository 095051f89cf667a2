/**
 * VSIC 2018 divisions → sections (Decision 27/2018/QĐ-TTg; the same as ISIC Rev.4) — domain.md §4.
 * Reference data shared by the registry (validating codes) and intake (eligibility by section).
 */

/** [first division, last division, section]. */
const SECTIONS_2018: readonly [number, number, string][] = [
  [1, 3, 'A'],
  [5, 9, 'B'],
  [10, 33, 'C'],
  [35, 35, 'D'],
  [36, 39, 'E'],
  [41, 43, 'F'],
  [45, 47, 'G'],
  [49, 53, 'H'],
  [55, 56, 'I'],
  [58, 63, 'J'],
  [64, 66, 'K'],
  [68, 68, 'L'],
  [69, 75, 'M'],
  [77, 82, 'N'],
  [84, 84, 'O'],
  [85, 85, 'P'],
  [86, 88, 'Q'],
  [90, 93, 'R'],
  [94, 96, 'S'],
  [97, 98, 'T'],
  [99, 99, 'U'],
];

export const VSIC_SECTIONS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
  'U',
] as const;

export function section2018(division: number): string | undefined {
  return SECTIONS_2018.find(([from, to]) => division >= from && division <= to)?.[2];
}
