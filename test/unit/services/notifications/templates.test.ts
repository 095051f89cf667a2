import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../../services/notifications/domain/language.ts';
import { formatDate, formatVnd, placeholdersOf, render, type Params } from '../../../../services/notifications/domain/render.ts';
import { TEMPLATE_KINDS, TEMPLATES, type TemplateKind } from '../../../../services/notifications/domain/templates.ts';

/** A value of the right kind for every parameter any template declares. */
const SAMPLE: Params = {
  programme: 'CNHT-2026',
  applicationId: '3f2a9c1e-0000-4000-8000-000000000001',
  submittedOn: { date: '2026-03-02' },
  dueOn: { date: '2026-04-14' },
  decidedOn: { date: '2026-04-10' },
  withdrawnOn: { date: '2026-03-20' },
  amount: { vnd: 150_000_000 },
  reason: 'Chưa đáp ứng tiêu chí năng lực sản xuất',
  fair: 'Hội chợ Công nghiệp hỗ trợ Hà Nội 2026',
  heldOn: { date: '2026-12-10' },
  added: 4,
  removed: 1,
  fairId: 'f-1',
  message: 'Bổ sung báo cáo tài chính năm 2025',
  documents: { list: ['financial-statement', 'tax-certificate'] },
  fields: { list: ['answers.labourProductivityGrowthPct'] },
  answeredOn: { date: '2026-03-27' },
  pausedWorkingDays: 4,
};

const paramsOf = (kind: TemplateKind): Params => Object.fromEntries(TEMPLATES[kind].params.map((p) => [p, SAMPLE[p] ?? null]));

describe('notification templates', () => {
  it.each(TEMPLATE_KINDS)('%s has a subject and a text in Vietnamese and English', (kind) => {
    for (const lang of LANGUAGES) {
      expect(TEMPLATES[kind].subject[lang].trim().length).toBeGreaterThan(10);
      expect(TEMPLATES[kind].text[lang].trim().length).toBeGreaterThan(40);
    }
  });

  it.each(TEMPLATE_KINDS)('%s uses exactly its declared parameters in each language', (kind) => {
    const t = TEMPLATES[kind];
    for (const lang of LANGUAGES) {
      const used = new Set([...placeholdersOf(t.subject[lang]), ...placeholdersOf(t.text[lang])]);
      expect([...used].sort()).toEqual([...t.params].sort());
    }
  });

  it.each(TEMPLATE_KINDS)('%s renders in both languages with its parameters, leaving no placeholder', (kind) => {
    for (const lang of LANGUAGES) {
      const sample = SAMPLE;
      expect(
        TEMPLATES[kind].params.every((p) => p in sample),
        `a sample value for every parameter of ${kind}`,
      ).toBe(true);
      const { subject, text } = render(kind, lang, paramsOf(kind));
      expect(subject).not.toMatch(/[{}]/);
      expect(text).not.toMatch(/[{}]/);
      expect(subject).not.toContain('\n');
    }
  });

  it('writes Vietnamese with its dates and amounts as Vietnamese write them', () => {
    const { subject, text } = render('application-approved', 'vi', paramsOf('application-approved'));
    expect(subject).toBe('Hồ sơ được phê duyệt hỗ trợ – chương trình CNHT-2026');
    expect(text).toContain('Ngày 10/04/2026');
    expect(text).toContain('150.000.000 đồng');
  });

  it('writes English dates in words and amounts in VND', () => {
    const { text } = render('application-approved', 'en', paramsOf('application-approved'));
    expect(text).toContain('On 10 April 2026');
    expect(text).toContain('VND 150,000,000');
  });

  it('says a missing reason plainly rather than leaving a gap', () => {
    expect(render('application-rejected', 'vi', { ...paramsOf('application-rejected'), reason: null }).text).toContain(
      'Lý do: (không nêu)',
    );
  });

  it('refuses a missing parameter and one the template does not take', () => {
    const { programme: _, ...without } = paramsOf('application-received');
    expect(() => render('application-received', 'vi', without)).toThrow(/needs programme/);
    expect(() => render('application-received', 'vi', { ...paramsOf('application-received'), amount: 1 })).toThrow(/no parameter amount/);
  });

  it('formats dates and amounts per language', () => {
    expect(formatDate('2026-01-05', 'vi')).toBe('05/01/2026');
    expect(formatDate('2026-01-05', 'en')).toBe('5 January 2026');
    expect(formatVnd(1_234_567, 'vi')).toBe('1.234.567 đồng');
    expect(formatVnd(1_234_567, 'en')).toBe('VND 1,234,567');
    expect(() => formatDate('05/01/2026', 'vi')).toThrow(/not a date/);
  });
});
