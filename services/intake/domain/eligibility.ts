/**
 * The eligibility screen at submission: the programme's rules (data) against the enterprise's
 * current registry data. Every failed rule gives its own reason, so an officer can tell the
 * enterprise everything that is wrong at once.
 */
import { communeByCode } from '../../../shared/reference/hanoi-communes.ts';
import { section2018 } from '../../../shared/reference/vsic-sections.ts';
import type { Localized } from '../../../shared/i18n/localized.ts';
import { joinLocalized, say, wordFor } from '../../../shared/i18n/messages.ts';
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
  /** In English, as it has always been said. */
  message: string;
  /** The same in Vietnamese and English. */
  messageText: Localized;
}

/** Whole years between two YYYY-MM-DD dates. */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

const reason = (rule: string, text: Localized): Reason => ({ rule, message: text.en, messageText: text });
const words = (prefix: string, values: readonly string[]) => joinLocalized(values.map((v) => wordFor(prefix, v)));

export function screen(rules: Eligibility, e: EnterpriseFacts, today: string): Reason[] {
  const reasons: Reason[] = [];
  const lines = [e.vsic.main, ...e.vsic.others].join(', ');
  if (rules.requireActive && e.status !== 'active') {
    reasons.push(reason('status', say('eligibility.status', { status: wordFor('enterpriseStatus', e.status) })));
  }
  if (rules.sizeClasses && !rules.sizeClasses.includes(e.sizeClass.class as never)) {
    const text = say('eligibility.sizeClass', {
      actual: wordFor('sizeClass', e.sizeClass.class),
      allowed: words('sizeClass', rules.sizeClasses),
    });
    reasons.push(reason('sizeClasses', text));
  }
  if (rules.legalForms && !rules.legalForms.includes(e.legalForm as never)) {
    const text = say('eligibility.legalForm', { actual: wordFor('legalForm', e.legalForm), allowed: words('legalForm', rules.legalForms) });
    reasons.push(reason('legalForms', text));
  }
  if (rules.vsicSections) {
    // Sections are those of VSIC 2018; a VSIC 2025 code's section is not derived (see registry).
    const codes = [e.vsic.main, ...e.vsic.others];
    const sections = e.vsic.version === '2018' ? codes.map((c) => section2018(Number(c.slice(0, 2)))) : [];
    if (!sections.some((s) => s && rules.vsicSections!.includes(s as never))) {
      reasons.push(
        reason(
          'vsicSections',
          e.vsic.version === '2018'
            ? say('eligibility.vsicSection', { lines, allowed: rules.vsicSections.join(', ') })
            : say('eligibility.vsicVersion', { version: e.vsic.version }),
        ),
      );
    }
  }
  if (rules.vsicDivisions && ![e.vsic.main, ...e.vsic.others].some((c) => rules.vsicDivisions!.includes(c.slice(0, 2)))) {
    reasons.push(reason('vsicDivisions', say('eligibility.vsicDivision', { lines, allowed: rules.vsicDivisions.join(', ') })));
  }
  if (rules.communes && !rules.communes.includes(e.communeCode)) {
    const name = communeByCode(e.communeCode)?.name ?? e.communeCode;
    reasons.push(reason('communes', say('eligibility.commune', { name, code: e.communeCode })));
  }
  if (rules.minYearsActive !== undefined && rules.minYearsActive > 0) {
    if (!e.foundedOn) {
      reasons.push(reason('minYearsActive', say('eligibility.noFoundingDate')));
    } else if (yearsBetween(e.foundedOn, today) < rules.minYearsActive) {
      const years = yearsBetween(e.foundedOn, today);
      reasons.push(
        reason('minYearsActive', say('eligibility.tooYoung', { foundedOn: { date: e.foundedOn }, years, required: rules.minYearsActive })),
      );
    }
  }
  return reasons;
}
