/**
 * Rendering a template: each `{name}` replaced by its parameter, formatted for the language —
 * dates as Vietnamese write them (07/12/2026) or in words in English (7 December 2026), amounts in
 * đồng with dots between thousands or as VND with commas, lists joined. Rendering refuses a
 * parameter the template does not declare and a declared one that is missing, so a message never
 * goes out with a hole in it.
 */
import type { MailLanguage } from './language.ts';
import { TEMPLATES, type TemplateKind } from './templates.ts';

/** A parameter: text as is, or a value formatted per language. */
export type ParamValue = string | number | { date: string } | { vnd: number } | { list: readonly string[] } | null;

export type Params = Readonly<Record<string, ParamValue>>;

export interface Rendered {
  subject: string;
  text: string;
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A calendar day `YYYY-MM-DD` as the language writes it. */
export function formatDate(date: string, lang: MailLanguage): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new TemplateError(`not a date: ${date}`);
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  return lang === 'vi' ? `${d}/${mo}/${y}` : `${Number(d)} ${MONTHS_EN[Number(mo) - 1]} ${y}`;
}

/** An amount in VND (integer đồng). */
export function formatVnd(amount: number, lang: MailLanguage): string {
  return lang === 'vi' ? `${new Intl.NumberFormat('vi-VN').format(amount)} đồng` : `VND ${new Intl.NumberFormat('en-GB').format(amount)}`;
}

const NONE: Record<MailLanguage, string> = { vi: '(không nêu)', en: '(none given)' };

function format(value: ParamValue, lang: MailLanguage): string {
  if (value === null || value === '') return NONE[lang];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(value);
  if ('date' in value) return formatDate(value.date, lang);
  if ('vnd' in value) return formatVnd(value.vnd, lang);
  return value.list.length ? value.list.join(', ') : NONE[lang];
}

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

/** The placeholders a piece of template text uses. */
export const placeholdersOf = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);

export function render(kind: TemplateKind, lang: MailLanguage, params: Params): Rendered {
  const template = TEMPLATES[kind];
  const declared: readonly string[] = template.params;
  const unknown = Object.keys(params).filter((p) => !declared.includes(p));
  if (unknown.length) throw new TemplateError(`${kind} takes no parameter ${unknown.join(', ')}`);
  const missing = declared.filter((p) => !(p in params));
  if (missing.length) throw new TemplateError(`${kind} needs ${missing.join(', ')}`);
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: string) => format(params[name] ?? null, lang));
  // A subject is one line: a parameter (a fair's name) may not break it.
  return { subject: fill(template.subject[lang]).replace(/\s+/g, ' ').trim(), text: fill(template.text[lang]) };
}
