/**
 * Regenerates shared/reference/hanoi-communes.ts from data/hanoi-communes.csv, so Lambda bundles
 * carry the list without reading files. `npx tsx scripts/generate-communes.ts`; a unit test fails
 * when the two disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommunesCsv } from '../shared/reference/communes-csv.ts';

const root = resolve(import.meta.dirname, '..');
const rows = parseCommunesCsv(readFileSync(resolve(root, 'data/hanoi-communes.csv'), 'utf8'));
const body = rows
  .map((r) => `  [${JSON.stringify(r.code)}, ${JSON.stringify(r.name)}, ${JSON.stringify(r.unitType)}, ${JSON.stringify(r.nameEn)}],`)
  .join('\n');
writeFileSync(
  resolve(root, 'shared/reference/hanoi-communes.ts'),
  `/**
 * GENERATED from data/hanoi-communes.csv by scripts/generate-communes.ts — do not edit by hand.
 *
 * Hanoi's 126 commune-level units since 1 July 2025 (51 wards, 75 communes; Resolution
 * 1656/NQ-UBTVQH15) with their 5-digit statistics codes. Source: data/wards.csv of the public
 * repository LacGO/VietNamTDP, licence CC BY 4.0 (attribution kept in data/README.md).
 */
import type { Commune } from './communes-csv.ts';

const ROWS: readonly [string, string, 'ward' | 'commune', string][] = [
${body}
];

export const HANOI_COMMUNES: readonly Commune[] = ROWS.map(([code, name, unitType, nameEn]) => ({ code, name, unitType, nameEn }));

const BY_CODE = new Map(HANOI_COMMUNES.map((c) => [c.code, c]));

export const communeByCode = (code: string): Commune | undefined => BY_CODE.get(code);
`,
);
console.log(`wrote ${rows.length} communes`);
