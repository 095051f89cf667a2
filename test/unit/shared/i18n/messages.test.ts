import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber } from '../../../../shared/i18n/localized.ts';
import { fill, joinLocalized, MESSAGES, type MessageKey, say, wordFor } from '../../../../shared/i18n/messages.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const entries = Object.entries(MESSAGES) as [MessageKey, { vi: string; en: string }][];

describe('the message catalogue', () => {
  it('has every message in Vietnamese and English, neither empty', () => {
    for (const [key, m] of entries) {
      expect(m.vi.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
    }
  });

  it('gives both languages of a message the same placeholders', () => {
    for (const [key, m] of entries) expect(placeholders(m.vi), key).toEqual(placeholders(m.en));
  });

  it('has a Vietnamese text apart from the English one wherever there are words to translate', () => {
    // Messages made only of placeholders and signs ("{answer}: {value}") read the same in both.
    const words = (s: string) => s.replace(/\{\w+\}/g, '').replace(/[^\p{L}]+/gu, '');
    for (const [key, m] of entries) if (words(m.en)) expect(m.vi, key).not.toBe(m.en);
  });

  it('fills every placeholder of every message, leaving no brace', () => {
    for (const [key, m] of entries) {
      const params = Object.fromEntries(placeholders(m.en).map((p) => [p, `«${p}»`]));
      const out = { vi: fill(m.vi, params, 'vi'), en: fill(m.en, params, 'en') };
      for (const lang of ['vi', 'en'] as const) {
        expect(out[lang], `${key} ${lang}`).not.toMatch(/[{}]/);
        for (const p of placeholders(m.en)) expect(out[lang], `${key} ${lang}`).toContain(`«${p}»`);
      }
    }
  });

  it('writes numbers, dates and nested texts in each language', () => {
    const t = say('score.scored', { detail: say('score.unanswered', { answer: 'q1' }), points: 12.5, max: 1500 });
    expect(t.vi).toBe('câu hỏi q1 chưa được trả lời: 12,5/1.500 điểm');
    expect(t.en).toBe('question q1 was not answered: 12.5 of 1500');
    const d = say('match.certExpires', { standard: 'ISO 9001', until: { date: '2026-03-05' }, deadline: { date: '2026-12-31' } });
    expect(d.vi).toBe('ISO 9001 hết hạn ngày 05/03/2026, trước hạn 31/12/2026');
    expect(d.en).toBe('ISO 9001 expires on 2026-03-05, before the deadline 2026-12-31');
  });

  it('names a value by its catalogue word, or by itself when it has none', () => {
    expect(wordFor('sizeClass', 'micro')).toEqual({ vi: 'siêu nhỏ', en: 'micro' });
    expect(wordFor('sizeClass', 'huge')).toEqual({ vi: 'huge', en: 'huge' });
    expect(joinLocalized([wordFor('sizeClass', 'micro'), 'X'])).toEqual({ vi: 'siêu nhỏ, X', en: 'micro, X' });
  });

  it('formats numbers and dates per language, English as the one-language fields always did', () => {
    expect(formatNumber(1234567.891, 'vi')).toBe('1.234.567,89');
    expect(formatNumber(1234567.891, 'en')).toBe('1234567.89');
    expect(formatDate('2026-01-09T03:00:00Z', 'vi')).toBe('09/01/2026');
    expect(formatDate('2026-01-09', 'en')).toBe('2026-01-09');
  });
});
