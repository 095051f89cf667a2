import { describe, expect, it } from 'vitest';
import { CNHT_V1, GENERIC_V1 } from '../../../../services/scoring/domain/built-in-rubrics.ts';
import {
  registryGrowth,
  scoreAutomatic,
  scoreByBands,
  scoreCriterion,
  type ScoringInput,
} from '../../../../services/scoring/domain/criteria.ts';

const BN = 1_000_000_000;
const criterion = (id: string) => CNHT_V1.criteria.find((c) => c.id === id)!;

function input(o: Partial<ScoringInput> = {}): ScoringInput {
  return {
    answers: {},
    current: { revision: 2, occurredAt: '2026-03-02T01:00:00.000Z', employees: 45, revenueVnd: 40 * BN },
    history: [
      { revision: 1, occurredAt: '2025-03-02T01:00:00.000Z', employees: 40, revenueVnd: 30 * BN },
      { revision: 2, occurredAt: '2026-03-02T01:00:00.000Z', employees: 45, revenueVnd: 40 * BN },
    ],
    submittedAt: '2026-04-01T00:00:00.000Z',
    ...o,
  };
}

describe('bands', () => {
  it('gives the first band the value falls in, inclusive, and 0 below every band', () => {
    const bands = [
      { atLeast: 10, points: 15 },
      { atLeast: 5, points: 11 },
      { atLeast: 0, points: 7 },
    ];
    expect(scoreByBands(10, bands)).toEqual({ points: 15, band: '≥ 10' });
    expect(scoreByBands(9.99, bands).points).toBe(11);
    expect(scoreByBands(0, bands).points).toBe(7);
    expect(scoreByBands(-0.01, bands)).toEqual({ points: 0 });
    expect(
      scoreByBands(3, [
        { atMost: 1, points: 5 },
        { atLeast: 1, atMost: 4, points: 2 },
      ]),
    ).toEqual({ points: 2, band: '1–4' });
  });
});

describe('labour productivity (registry figures and their history)', () => {
  it('compares revenue per employee with the latest revision at least six months older', () => {
    const r = scoreCriterion(criterion('labour-productivity'), input());
    expect(r).toMatchObject({ points: 15, status: 'scored', source: 'registry' });
    expect(r.evidence).toMatchObject({
      growthPct: 18.52,
      base: { revision: 1, value: 750_000_000 },
      current: { revision: 2, value: 888_888_888.89 },
    });
    expect(r.reason).toContain('+18.52 %');
  });

  it('skips revisions too recent to compare with', () => {
    const history = [...input().history, { revision: 3, occurredAt: '2026-05-01T00:00:00.000Z', employees: 46, revenueVnd: 41 * BN }];
    const r = registryGrowth(
      'labour-productivity',
      6,
      input({ current: { revision: 3, employees: 46, revenueVnd: 41 * BN }, history, submittedAt: '2026-06-01T00:00:00.000Z' }),
    );
    // Revision 3 is dated 2026-05-01; revision 2 (2026-03-02) is too recent, revision 1 is the base.
    expect(r).toMatchObject({ evidence: { base: { revision: 1 }, current: { revision: 3, asOf: '2026-05-01T00:00:00.000Z' } } });
  });

  it('scores a fall in productivity by the bands (negative growth)', () => {
    const history = [{ revision: 1, occurredAt: '2025-01-01T00:00:00.000Z', employees: 40, revenueVnd: 40 * BN }];
    const down3 = scoreCriterion(
      criterion('labour-productivity'),
      input({ current: { revision: 2, employees: 40, revenueVnd: 38.8 * BN }, history }),
    );
    expect(down3).toMatchObject({ points: 3, status: 'scored', evidence: { growthPct: -3 } });
    const down20 = scoreCriterion(
      criterion('labour-productivity'),
      input({ current: { revision: 2, employees: 40, revenueVnd: 32 * BN }, history }),
    );
    expect(down20).toMatchObject({ points: 0, status: 'scored', evidence: { growthPct: -20 } });
    expect(down20.reason).toContain('below every band');
  });

  it('shows a first-year enterprise (no figures old enough) as missing, scored as the rubric says', () => {
    const r = scoreCriterion(
      criterion('labour-productivity'),
      input({
        current: { revision: 1, employees: 10, revenueVnd: 2 * BN },
        history: [{ revision: 1, occurredAt: '2026-02-01T00:00:00.000Z', employees: 10, revenueVnd: 2 * BN }],
      }),
    );
    expect(r).toMatchObject({ points: 0, status: 'missing' });
    expect(r.reason).toContain('first year');
  });

  it('shows zero employees as missing, never dividing by zero', () => {
    const now = scoreCriterion(criterion('labour-productivity'), input({ current: { revision: 2, employees: 0, revenueVnd: 1 * BN } }));
    expect(now).toMatchObject({ points: 0, status: 'missing' });
    expect(now.reason).toContain('0 employees at revision 2');
    const then = scoreCriterion(
      criterion('labour-productivity'),
      input({ history: [{ revision: 1, occurredAt: '2025-01-01T00:00:00.000Z', employees: 0, revenueVnd: 0 }] }),
    );
    expect(then).toMatchObject({ status: 'missing' });
    expect(then.reason).toContain('0 employees at revision 1');
  });

  it('scores missing data with the points the rubric gives it', () => {
    const lenient = { ...criterion('labour-productivity'), whenMissing: { points: 5 } };
    expect(scoreCriterion(lenient, input({ history: [] }))).toMatchObject({ points: 5, status: 'missing' });
  });

  it('shows revenue growth from a zero base as missing', () => {
    const revenue = GENERIC_V1.criteria.find((c) => c.id === 'revenue-growth')!;
    const r = scoreCriterion(
      revenue,
      input({ history: [{ revision: 1, occurredAt: '2025-01-01T00:00:00.000Z', employees: 3, revenueVnd: 0 }] }),
    );
    expect(r).toMatchObject({ status: 'missing', points: 0 });
  });
});

describe('answer criteria', () => {
  it('scores a quality system by its option, and an unlisted option as 0 with the reason', () => {
    expect(scoreCriterion(criterion('product-quality'), input({ answers: { qualitySystem: 'IATF 16949' } }))).toMatchObject({
      points: 15,
      evidence: { value: 'IATF 16949' },
    });
    expect(scoreCriterion(criterion('product-quality'), input({ answers: { qualitySystem: 'ISO 22000' } }))).toMatchObject({
      points: 0,
      status: 'scored',
      reason: expect.stringContaining('gives no points'),
    });
  });

  it('shows an unanswered or mistyped answer as missing', () => {
    expect(scoreCriterion(criterion('business-efficiency'), input())).toMatchObject({
      points: 0,
      status: 'missing',
      reason: expect.stringContaining('not answered'),
    });
    expect(scoreCriterion(criterion('business-efficiency'), input({ answers: { profitMarginPct: 'high' } }))).toMatchObject({
      status: 'missing',
      reason: expect.stringContaining('not a number'),
    });
    expect(scoreCriterion(criterion('priority-cnht-product'), input({ answers: { producesPriorityCnhtProduct: 'yes' } }))).toMatchObject({
      status: 'missing',
    });
  });

  it('scores a negative operating margin below every band', () => {
    expect(scoreCriterion(criterion('business-efficiency'), input({ answers: { profitMarginPct: -4 } }))).toMatchObject({
      points: 0,
      status: 'scored',
    });
  });

  it('relates technology investment to the revenue at the judged revision, and shows no revenue as missing', () => {
    expect(scoreCriterion(criterion('technology-innovation'), input({ answers: { technologyInvestmentVnd: 2 * BN } }))).toMatchObject({
      points: 10,
      evidence: { sharePct: 5, registryRevision: 2 },
    });
    const noRevenue = input({ answers: { technologyInvestmentVnd: BN }, current: { revision: 1, employees: 3, revenueVnd: 0 } });
    expect(scoreCriterion(criterion('technology-innovation'), noRevenue)).toMatchObject({
      status: 'missing',
      reason: expect.stringContaining('no revenue'),
    });
  });

  it('scores the priority criteria yes / no', () => {
    const r = scoreAutomatic(CNHT_V1, input({ answers: { producesPriorityCnhtProduct: true, producesKeyIndustrialProduct: false } }));
    expect(r.find((c) => c.id === 'priority-cnht-product')).toMatchObject({ points: 10, group: 'priority' });
    expect(r.find((c) => c.id === 'key-industrial-product')).toMatchObject({ points: 0, status: 'scored' });
  });

  it('scores every criterion of the cnht rubric, each with evidence and a reason', () => {
    const all = scoreAutomatic(
      CNHT_V1,
      input({
        answers: {
          qualitySystem: 'ISO 9001',
          profitMarginPct: 8,
          technologyInvestmentVnd: 1.2 * BN,
          environmentalStandard: 'cleaner-production',
          exportSharePct: 35,
          trainedWorkersPct: 25,
          producesPriorityCnhtProduct: true,
          producesKeyIndustrialProduct: true,
        },
      }),
    );
    expect(all.map((c) => [c.id, c.points])).toEqual([
      ['labour-productivity', 15],
      ['product-quality', 10],
      ['business-efficiency', 7],
      ['technology-innovation', 7],
      ['environment-clean-technology', 7],
      ['supply-chain-exports', 10],
      ['workforce-skills', 7],
      ['priority-cnht-product', 10],
      ['key-industrial-product', 10],
    ]);
    for (const c of all) expect(c.reason.length).toBeGreaterThan(5);
  });

  it('leaves panel criteria waiting for the reviewers', () => {
    expect(
      scoreAutomatic(GENERIC_V1, input())
        .filter((c) => c.status === 'awaiting-panel')
        .map((c) => [c.id, c.points]),
    ).toEqual([
      ['proposal-quality', null],
      ['feasibility', null],
    ]);
  });
});
