import { describe, expect, it } from 'vitest';
import { catalogues, makeI18n } from '../src/i18n/index.tsx';

describe('the catalogues', () => {
  it('have the same keys in Vietnamese and English, none empty', () => {
    expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.vi).sort());
    for (const lang of ['vi', 'en'] as const) expect(Object.values(catalogues[lang]).filter((v) => !v.trim())).toEqual([]);
  });

  it('fill in variables and fall back to the value for an unknown enum', () => {
    const { t, label } = makeI18n('en');
    expect(t('dashboard.title', { year: 2026 })).toBe('Targets for 2026');
    expect(label('status', 'approved')).toBe('Approved');
    expect(label('status', 'something-new')).toBe('something-new');
  });

  it('formats VND and dates in the chosen locale, in Hanoi time', () => {
    const vi = makeI18n('vi');
    const en = makeI18n('en');
    expect(vi.vnd(150_000_000).replace(/\s/g, ' ')).toBe('150.000.000 ₫');
    expect(en.vnd(150_000_000)).toMatch(/^₫150,000,000$|^VND 150,000,000$/);
    // 23:30 UTC is already the next day in Hanoi (UTC+7).
    expect(en.date('2026-12-09T23:30:00Z')).toBe('10 Dec 2026');
    expect(vi.date('2026-12-10')).toMatch(/10.*12.*2026/);
    expect(vi.date(undefined)).toBe('—');
  });
});
