/**
 * The eligibility screen at submission: the programme's rules (data) against the enterprise's
 * current registry data. Every failed rule gives its own reason, so an officer can tell the
 * enterprise everything that is wrong at once.
 */
import { communeByCode } from '../../../shared/reference/hanoi-communes.ts';
import { section2018 } from '../../../shared/reference/vsic-sections.ts';
import type { Eligibility } from './programme.ts';

/** What the screen needs to know of an enterprise (from intake's registry projection). */
export interface EnterpriseFacts {
  taxCode: string;
  legalForm: string;
  communeCode: string;
  status: string;
  foundedOn?: string | undefined;
  vsic: { version: string; main: string; others: string[] };
  sizeClass: { class: string };
}

export interface Reason {
  rule: string;
  message: string;
}

/** Whole years between two YYYY-MM-DD dates. */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

export function screen(rules: Eligibility, e: EnterpriseFacts, today: string): Reason[] {
  const reasons: Reason[] = [];
  const lines = [e.vsic.main, ...e.vsic.others];
  if (rules.requireActive && e.status !== 'active') {
    reasons.push({ rule: 'status', message: `the enterprise is ${e.status} in the registry; only active enterprises are eligible` });
  }
  if (rules.sizeClasses && !rules.sizeClasses.includes(e.sizeClass.class as never)) {
    reasons.push({ rule: 'sizeClasses', message: `size class ${e.sizeClass.class} is not among ${rules.sizeClasses.join(', ')}` });
  }
  if (rules.legalForms && !rules.legalForms.includes(e.legalForm as never)) {
    reasons.push({ rule: 'legalForms', message: `legal form ${e.legalForm} is not among ${rules.legalForms.join(', ')}` });
  }
  if (rules.vsicSections) {
    // Sections are those of VSIC 2018; a VSIC 2025 code's section is not derived (see registry).
    const sections = e.vsic.version === '2018' ? lines.map((c) => section2018(Number(c.slice(0, 2)))) : [];
    if (!sections.some((s) => s && rules.vsicSections!.includes(s as never))) {
      reasons.push({
        rule: 'vsicSections',
        message:
          e.vsic.version === '2018'
            ? `no registered business line (${lines.join(', ')}) is in VSIC section ${rules.vsicSections.join(', ')}`
            : `registered business lines are coded in VSIC ${e.vsic.version}; sections are checked on VSIC 2018 codes only`,
      });
    }
  }
  if (rules.vsicDivisions && !lines.some((c) => rules.vsicDivisions!.includes(c.slice(0, 2)))) {
    reasons.push({
      rule: 'vsicDivisions',
      message: `no registered business line (${lines.join(', ')}) is in division ${rules.vsicDivisions.join(', ')}`,
    });
  }
  if (rules.communes && !rules.communes.includes(e.communeCode)) {
    const name = communeByCode(e.communeCode)?.name ?? e.communeCode;
    reasons.push({
      rule: 'communes',
      message: `the enterprise is registered in ${name} (${e.communeCode}), outside the programme's communes`,
    });
  }
  if (rules.minYearsActive !== undefined && rules.minYearsActive > 0) {
    if (!e.foundedOn) {
      reasons.push({ rule: 'minYearsActive', message: 'the registry has no founding date for the enterprise' });
    } else if (yearsBetween(e.foundedOn, today) < rules.minYearsActive) {
      reasons.push({
        rule: 'minYearsActive',
        message: `founded on ${e.foundedOn}: ${yearsBetween(e.foundedOn, today)} year(s) active, the programme requires ${rules.minYearsActive}`,
      });
    }
  }
  return reasons;
}
