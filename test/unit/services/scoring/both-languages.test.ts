import { describe, expect, it } from 'vitest';
import { CNHT_V1, GENERIC_V1 } from '../../../../services/scoring/domain/built-in-rubrics.ts';
import { type CriterionResult, scoreAutomatic, type ScoringInput } from '../../../../services/scoring/domain/criteria.ts';
import { evidenceItems } from '../../../../services/scoring/domain/evidence.ts';
import { finalScore } from '../../../../services/scoring/domain/panel.ts';
import { describeCriterion, nameString, nameText, nextVersion, rubricInput } from '../../../../services/scoring/domain/rubric.ts';

const BN = 1_000_000_000;
const figures = {
  current: { revision: 2, occurredAt: '2026-03-02T01:00:00.000Z', employees: 45, revenueVnd: 40 * BN },
  history: [
    { revision: 1, occurredAt: '2025-03-02T01:00:00.000Z', employees: 40, revenueVnd: 30 * BN },
    { revision: 2, occurredAt: '2026-03-02T01:00:00.000Z', employees: 45, revenueVnd: 40 * BN },
  ],
  submittedAt: '2026-04-01T00:00:00.000Z',
};
const answered: ScoringInput = {
  ...figures,
  answers: {
    qualitySystem: 'ISO 9001',
    profitMarginPct: 8.5,
    technologyInvestmentVnd: 1.2 * BN,
    environmentalStandard: 'unlisted-standard',
    exportSharePct: 0,
    trainedWorkersPct: 25,
    producesPriorityCnhtProduct: true,
    producesKeyIndustrialProduct: false,
  },
};
// Nothing answered and no history: every "missing" reason.
const bare: ScoringInput = { ...figures, answers: {}, history: [] };

/** Vietnamese letters that English never has. */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

function expectBoth(c: CriterionResult) {
  expect(c.reasonText, c.id).toBeDefined();
  expect(c.reason, c.id).toBe(c.reasonText!.en);
  expect(c.reasonText!.vi, c.id).toMatch(VIETNAMESE);
  expect(c.reasonText!.en, c.id).not.toMatch(VIETNAMESE);
  expect(c.nameText!.vi, c.id).toMatch(VIETNAMESE);
  expect(c.name, c.id).toBe(c.nameText!.en);
}

describe('scores in Vietnamese and English', () => {
  it('gives every cnht criterion its name and reason in both languages, the old fields being the English', () => {
    for (const c of [...scoreAutomatic(CNHT_V1, answered), ...scoreAutomatic(CNHT_V1, bare)]) expectBoth(c);
  });

  it('writes numbers the Vietnamese way in Vietnamese and as before in English', () => {
    const c = scoreAutomatic(CNHT_V1, answered).find((r) => r.id === 'labour-productivity')!;
    expect(c.reasonText).toEqual({
      vi: 'doanh thu trên mỗi lao động thay đổi +18,52 % (mức ≥ 10 %): 15/15 điểm',
      en: 'revenue per employee changed +18.52 % (≥ 10 %): 15 of 15',
    });
    const missing = scoreAutomatic(CNHT_V1, bare).find((r) => r.id === 'business-efficiency')!;
    expect(missing.reasonText).toEqual({
      vi: 'thiếu dữ liệu: câu hỏi profitMarginPct chưa được trả lời; bộ tiêu chí cho 0 điểm khi thiếu dữ liệu',
      en: 'missing: question profitMarginPct was not answered; the rubric scores missing data 0',
    });
  });

  it("gives the panel's criteria their reasons in both languages, waiting and combined", () => {
    const automatic = scoreAutomatic(GENERIC_V1, answered);
    for (const c of automatic) expectBoth(c);
    const reviews = [
      { sub: 'r1', criteria: [{ id: 'proposal-quality', points: 20 }] },
      { sub: 'r2', criteria: [{ id: 'proposal-quality', points: 25 }] },
    ];
    const final = finalScore(automatic, reviews as never, GENERIC_V1.combination);
    const combined = final.criteria.find((c) => c.id === 'proposal-quality')!;
    expectBoth(combined);
    expect(combined.reasonText!.en).toBe("mean of 2 reviewers' marks: 22.5 of 30");
    expect(combined.reasonText!.vi).toBe('trung bình điểm của 2 thành viên hội đồng: 22,5/30 điểm');
    expectBoth(final.criteria.find((c) => c.id === 'feasibility')!);
  });
});

describe('evidence as labelled figures', () => {
  it('labels registry figures in both languages with VND, dates and percentages', () => {
    const c = scoreAutomatic(CNHT_V1, answered).find((r) => r.id === 'labour-productivity')!;
    const items = evidenceItems(c);
    expect(items.map((i) => i.unit)).toEqual(['date', 'vnd', 'vnd', 'count', 'date', 'vnd', 'vnd', 'count', 'pct']);
    expect(items[0]).toEqual({
      label: { vi: 'Ngày của lần cập nhật 1', en: 'Date of revision 1' },
      value: '2025-03-02T01:00:00.000Z',
      unit: 'date',
    });
    expect(items.at(-1)).toEqual({ label: { vi: 'Mức thay đổi', en: 'Change' }, value: 18.52, unit: 'pct' });
    for (const i of items) expect(i.label.vi).not.toBe(i.label.en);
  });

  it('labels an amount answered against revenue as VND with its share', () => {
    const c = scoreAutomatic(CNHT_V1, answered).find((r) => r.id === 'technology-innovation')!;
    expect(evidenceItems(c)).toEqual([
      { label: { vi: 'Trả lời câu technologyInvestmentVnd', en: 'Answer to technologyInvestmentVnd' }, value: 1.2 * BN, unit: 'vnd' },
      { label: { vi: 'Doanh thu (lần cập nhật 2)', en: 'Revenue (revision 2)' }, value: 40 * BN, unit: 'vnd' },
      { label: { vi: 'Tỷ lệ trên doanh thu', en: 'Share of revenue' }, value: 3, unit: 'pct' },
    ]);
  });

  it('gives a yes/no answer as words in both languages', () => {
    const c = scoreAutomatic(CNHT_V1, answered).find((r) => r.id === 'priority-cnht-product')!;
    expect(evidenceItems(c)[0]!.value).toEqual({ vi: 'có', en: 'yes' });
  });
});

describe('rubric names', () => {
  const base = {
    id: 'bilingual',
    combination: { panelAggregate: 'mean', disagreementThresholdPoints: 10 },
    criteria: [
      {
        id: 'exports',
        name: { vi: 'Xuất khẩu', en: 'Exports' },
        group: 'general',
        maxPoints: 10,
        computation: { kind: 'answer-number', answer: 'exportSharePct', bands: [{ atLeast: 30, points: 10 }] },
      },
    ],
  };

  it('accepts a name in Vietnamese and English, and still a name given once', () => {
    const both = rubricInput.parse({ ...base, name: { vi: 'Hỗ trợ xuất khẩu', en: 'Export support' } });
    expect(nameText(both.name)).toEqual({ vi: 'Hỗ trợ xuất khẩu', en: 'Export support' });
    expect(nameString(both.name)).toBe('Export support');
    const once = rubricInput.parse({ ...base, name: 'Hỗ trợ xuất khẩu' });
    expect(nameText(once.name)).toEqual({ vi: 'Hỗ trợ xuất khẩu', en: 'Hỗ trợ xuất khẩu' });
    const v1 = nextVersion(both, undefined, { sub: 'o', agency: 'so-cong-thuong' }, '2026-01-01T00:00:00.000Z');
    expect(describeCriterion(v1.criteria[0]!, 10)).toMatchObject({ name: 'Exports', nameText: { vi: 'Xuất khẩu', en: 'Exports' } });
  });

  it('refuses a name missing one language or too short in one', () => {
    expect(rubricInput.safeParse({ ...base, name: { vi: 'Hỗ trợ xuất khẩu' } }).success).toBe(false);
    expect(rubricInput.safeParse({ ...base, name: { vi: 'Hỗ trợ', en: 'E' } }).success).toBe(false);
  });

  it('names every built-in rubric and criterion in Vietnamese', () => {
    for (const r of [CNHT_V1, GENERIC_V1]) {
      expect(nameText(r.name).vi).toMatch(VIETNAMESE);
      for (const c of r.criteria) expect(nameText(c.name).vi, c.id).toMatch(VIETNAMESE);
    }
  });
});
