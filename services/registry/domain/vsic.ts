/**
 * VSIC industry codes — domain.md §4. No verified full list of VSIC classes exists, so a code is
 * validated by its division (its first two digits) and always stored with its VSIC version.
 * Divisions → sections are those of VSIC 2018 (= ISIC Rev.4). VSIC 2025 (in force 15 Nov 2025)
 * renumbers some service divisions; its list is not verified, so 2025 codes are checked for form
 * and a division in 01–99, and their section is not derived (see README, "Known limits").
 */
import { section2018 } from '../../../shared/reference/vsic-sections.ts';

export { section2018 };

export type VsicVersion = '2018' | '2025';

export type SectorGroup = 'agriculture-industry-construction' | 'trade-services';

export interface VsicCheck {
  ok: boolean;
  reason?: string;
  division?: string;
  section?: string;
}

export function checkVsic(code: string, version: VsicVersion): VsicCheck {
  if (!/^\d{4,5}$/.test(code)) return { ok: false, reason: `${code}: a VSIC code has 4 digits (class) or 5 (sub-class)` };
  const division = code.slice(0, 2);
  const n = Number(division);
  if (version === '2018') {
    const section = section2018(n);
    if (!section) return { ok: false, reason: `${code}: ${division} is not a VSIC 2018 division` };
    return { ok: true, division, section };
  }
  if (n < 1) return { ok: false, reason: `${code}: ${division} is not a VSIC division` };
  return { ok: true, division };
}

/**
 * Decree 80/2021 sector group of the main business line. Divisions 01–03 (section A) are
 * agriculture; 05–43 (B–F) industry and construction — the same divisions in VSIC 2018 and 2025;
 * everything from 45 on is trade and services. Decree 80 puts agriculture and industry-construction
 * under the same limits, so both map to one group.
 */
export function sectorGroup(mainCode: string): SectorGroup {
  return Number(mainCode.slice(0, 2)) <= 43 ? 'agriculture-industry-construction' : 'trade-services';
}
