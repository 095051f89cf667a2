/**
 * Vietnamese by default, English on request: every string lives in the catalogues (vi.ts is the
 * reference; en.ts must have every key, or tsc fails), and numbers, VND amounts and dates are
 * formatted by Intl in the chosen locale, in Hanoi's time zone.
 */
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import type { LabelledFigure, Localized } from '../../../shared/i18n/localized.ts';
import { en } from './en.ts';
import { vi } from './vi.ts';

export type Lang = 'vi' | 'en';
export type Key = keyof typeof vi;
export const catalogues: Record<Lang, Record<Key, string>> = { vi, en };

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const STORED = 'sme-console.lang';

export type Translate = (key: Key, vars?: Record<string, string | number>) => string;

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** A label for an enum value (`status.draft`), or the value itself when the catalogue has none. */
  label: (prefix: string, value: string) => string;
  vnd: (n: number | null | undefined) => string;
  num: (n: number | null | undefined, digits?: number) => string;
  pct: (n: number | null | undefined) => string;
  date: (iso: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  /** Hours and minutes in Hanoi time. */
  time: (iso: string | null | undefined) => string;
  /**
   * A service's `{ vi, en }` text in this language; `fallback` (the service's one-language field)
   * only where the answer has no text in both (data stored before it was kept).
   */
  text: (both: Localized | null | undefined, fallback?: string) => string;
  /** A labelled figure's value, formatted by its unit (VND, %, date, number, words). */
  figure: (f: Pick<LabelledFigure, 'value' | 'unit'>) => string;
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void = () => undefined): I18n {
  const cat = catalogues[lang];
  const locale = LOCALES[lang];
  const t: Translate = (key, vars) => {
    const text: string = cat[key] ?? String(key);
    return vars ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)) : text;
  };
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'VND', maximumFractionDigits: 0 });
  const dash = '—';
  const date = (iso: string | null | undefined) =>
    iso
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE }).format(
          new Date(iso.length === 10 ? `${iso}T12:00:00+07:00` : iso),
        )
      : dash;
  const num = (n: number | null | undefined, digits = 0) =>
    n === null || n === undefined ? dash : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
  const pct = (n: number | null | undefined) =>
    n === null || n === undefined ? dash : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(n / 100);
  const vnd = (n: number | null | undefined) => (n === null || n === undefined ? dash : money.format(n));
  const text = (both: Localized | null | undefined, fallback = dash) => both?.[lang] ?? fallback;
  return {
    lang,
    setLang,
    t,
    label: (prefix, value) => (cat as Record<string, string>)[`${prefix}.${value}`] ?? value,
    vnd,
    num,
    pct,
    date,
    dateTime: (iso) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso)) : dash,
    time: (iso) => (iso ? new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso)) : dash),
    text,
    figure: ({ value, unit }) => {
      if (typeof value === 'object') return text(value);
      if (typeof value === 'string') return unit === 'date' ? date(value) : value;
      if (unit === 'vnd') return vnd(value);
      if (unit === 'pct') return pct(value);
      return num(value, 2);
    },
  };
}

const I18nContext = createContext<I18n>(makeI18n('vi'));

export function initialLang(): Lang {
  try {
    return sessionStorage.getItem(STORED) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(fixed ?? initialLang);
  const value = useMemo(
    () =>
      makeI18n(lang, (l) => {
        setLangState(l);
        try {
          sessionStorage.setItem(STORED, l);
        } catch {
          // storage unavailable: the choice lasts for this page only
        }
        document.documentElement.lang = l;
      }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
