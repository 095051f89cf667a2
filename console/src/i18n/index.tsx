/**
 * Vietnamese by default, English on request: every string lives in the catalogues (vi.ts is the
 * reference; en.ts must have every key, or tsc fails), and numbers, VND amounts and dates are
 * formatted by Intl in the chosen locale, in Hanoi's time zone.
 */
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
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
  return {
    lang,
    setLang,
    t,
    label: (prefix, value) => (cat as Record<string, string>)[`${prefix}.${value}`] ?? value,
    vnd: (n) => (n === null || n === undefined ? dash : money.format(n)),
    num: (n, digits = 0) =>
      n === null || n === undefined ? dash : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
    pct: (n) =>
      n === null || n === undefined ? dash : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(n / 100),
    date: (iso) =>
      iso
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE }).format(
            new Date(iso.length === 10 ? `${iso}T12:00:00+07:00` : iso),
          )
        : dash,
    dateTime: (iso) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso)) : dash,
    time: (iso) => (iso ? new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso)) : dash),
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
