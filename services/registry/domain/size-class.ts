/**
 * SME size class — Decree 80/2021/NĐ-CP, Article 5 (domain.md §2). An enterprise is in a class
 * when it meets the employee limit AND (the revenue limit OR the capital limit), and is not in a
 * smaller class. Above medium it is not an SME. The sector group follows the main business line.
 */
import { sectorGroup, type SectorGroup } from './vsic.ts';

export type SizeClass = 'micro' | 'small' | 'medium' | 'not-sme';

export interface SizeClassResult {
  class: SizeClass;
  sectorGroup: SectorGroup;
  reasons: string[];
}

interface Limits {
  employees: number;
  revenueVnd: number;
  capitalVnd: number;
}

const BN = 1_000_000_000;

const LIMITS: Record<SectorGroup, Record<Exclude<SizeClass, 'not-sme'>, Limits>> = {
  'agriculture-industry-construction': {
    micro: { employees: 10, revenueVnd: 3 * BN, capitalVnd: 3 * BN },
    small: { employees: 100, revenueVnd: 50 * BN, capitalVnd: 20 * BN },
    medium: { employees: 200, revenueVnd: 200 * BN, capitalVnd: 100 * BN },
  },
  'trade-services': {
    micro: { employees: 10, revenueVnd: 10 * BN, capitalVnd: 3 * BN },
    small: { employees: 50, revenueVnd: 100 * BN, capitalVnd: 50 * BN },
    medium: { employees: 100, revenueVnd: 300 * BN, capitalVnd: 100 * BN },
  },
};

// One formatter for the module: toLocaleString with options builds a new one per call (~0.1 ms),
// which a 200,000-row import would pay on every row.
const BN_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const bn = (vnd: number) => `${BN_FORMAT.format(vnd / BN)} bn VND`;

export interface SizeInputs {
  mainVsic: string;
  employees: number;
  revenueVnd: number;
  totalCapitalVnd: number;
}

export function classifySize(input: SizeInputs): SizeClassResult {
  const group = sectorGroup(input.mainVsic);
  const groupName = group === 'trade-services' ? 'trade-services' : 'agriculture/industry-construction';
  const reasons = [`sector group ${groupName} (main business line ${input.mainVsic})`];
  for (const cls of ['micro', 'small', 'medium'] as const) {
    const l = LIMITS[group][cls];
    const employeesOk = input.employees <= l.employees;
    const revenueOk = input.revenueVnd <= l.revenueVnd;
    const capitalOk = input.totalCapitalVnd <= l.capitalVnd;
    if (employeesOk && (revenueOk || capitalOk)) {
      reasons.push(`${input.employees} employees ≤ ${l.employees}`);
      if (revenueOk) reasons.push(`revenue ${bn(input.revenueVnd)} ≤ ${bn(l.revenueVnd)}`);
      if (capitalOk) reasons.push(`total capital ${bn(input.totalCapitalVnd)} ≤ ${bn(l.capitalVnd)}`);
      reasons.push(`Decree 80/2021 Art. 5: ${cls}`);
      return { class: cls, sectorGroup: group, reasons };
    }
  }
  const m = LIMITS[group].medium;
  if (input.employees > m.employees) reasons.push(`${input.employees} employees > ${m.employees} (medium limit)`);
  else
    reasons.push(
      `revenue ${bn(input.revenueVnd)} > ${bn(m.revenueVnd)} and total capital ${bn(input.totalCapitalVnd)} > ${bn(m.capitalVnd)} (medium limits)`,
    );
  reasons.push('Decree 80/2021 Art. 5: above medium, not an SME');
  return { class: 'not-sme', sectorGroup: group, reasons };
}
