/**
 * Text in both of the system's languages. Services answer with `{ vi, en }` beside the field they
 * always had (a reason, a name), so the console, the reports, the e-mails and the agendas show the
 * reader's language without a catalogue of their own; what services say comes from the one
 * catalogue (messages.ts), so every message exists in both languages.
 */
import * as z from 'zod';

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface Localized {
  vi: string;
  en: string;
}

/** A `{ vi, en }` text in an answer. */
export const localizedSchema = z.object({ vi: z.string(), en: z.string() });

/** A name an agency gives in both languages (input): each 2–`max` characters. */
export const localizedInput = (max: number) =>
  z.strictObject({ vi: z.string().trim().min(2).max(max), en: z.string().trim().min(2).max(max) });

/** The same words in both languages (a proper name, a code, text given in one language only). */
export const same = (text: string): Localized => ({ vi: text, en: text });

export const isLocalized = (v: unknown): v is Localized =>
  typeof v === 'object' && v !== null && typeof (v as Localized).vi === 'string' && typeof (v as Localized).en === 'string';

/** `?lang=` of a request: Vietnamese unless English is asked for. */
export const langOf = (v: unknown): Lang => (v === 'en' ? 'en' : 'vi');

/*
 * English keeps the way the services' one-language fields have always written numbers and dates
 * (`1500`, `12.5`, `2026-03-05`), so that a field's English text and the old field are the same
 * words; Vietnamese is written as Vietnamese readers expect (`1.500`, `12,5`, `05/03/2026`).
 */
const vi = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** A number as the language writes it (vi `1.234,5`, en `1234.5`), at most two decimals. */
export function formatNumber(n: number, lang: Lang): string {
  return lang === 'vi' ? vi.format(n) : String(Math.round(n * 100) / 100);
}

/** A calendar date (`YYYY-MM-DD`, or the date part of an ISO instant) as the language writes it: `07/12/2026`, `2026-12-07`. */
export function formatDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return lang === 'vi' ? `${m[3]}/${m[2]}/${m[1]}` : m[0];
}

/** How a labelled figure is written: an amount in VND, a percentage, a date, a plain number, or words. */
export const FIGURE_UNITS = ['vnd', 'pct', 'date', 'count', 'text'] as const;
export type FigureUnit = (typeof FIGURE_UNITS)[number];

/** A figure with its label in both languages, for a reader's locale to format (a score's evidence). */
export interface LabelledFigure {
  label: Localized;
  value: number | string | Localized;
  unit: FigureUnit;
}

export const labelledFigureSchema = z.object({
  label: localizedSchema,
  value: z.union([z.number(), z.string(), localizedSchema]),
  unit: z.enum(FIGURE_UNITS),
});
