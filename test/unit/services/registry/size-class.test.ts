import { describe, it, expect } from 'vitest';
import { classifySize, type SizeClass, type SizeInputs } from '../../../../services/registry/domain/size-class.ts';

const BN = 1_000_000_000;
/** Main business lines: 2592 (section C, manufacturing) and 4651 (section G, wholesale). */
const INDUSTRY = '2592';
const TRADE = '4651';
/** Far above every capital (or revenue) limit, so the other money figure alone decides. */
const HUGE = 10_000 * BN;

const classOf = (input: SizeInputs): SizeClass => classifySize(input).class;

describe('classifySize — agriculture / industry-construction (Decree 80/2021 Art. 5)', () => {
  const at = (employees: number, revenueVnd: number, totalCapitalVnd: number) => ({
    mainVsic: INDUSTRY,
    employees,
    revenueVnd,
    totalCapitalVnd,
  });

  it.each([
    [10, 'micro'],
    [11, 'small'],
    [100, 'small'],
    [101, 'medium'],
    [200, 'medium'],
    [201, 'not-sme'],
  ] as const)('puts %i employees (money within the micro limits) in %s', (employees, expected) => {
    expect(classOf(at(employees, 1 * BN, 1 * BN))).toBe(expected);
  });

  it.each([
    [3 * BN, 'micro'],
    [3 * BN + 1, 'small'],
    [50 * BN, 'small'],
    [50 * BN + 1, 'medium'],
    [200 * BN, 'medium'],
    [200 * BN + 1, 'not-sme'],
  ] as const)('puts revenue %i VND (capital over every limit) in %s', (revenueVnd, expected) => {
    expect(classOf(at(5, revenueVnd, HUGE))).toBe(expected);
  });

  it.each([
    [3 * BN, 'micro'],
    [3 * BN + 1, 'small'],
    [20 * BN, 'small'],
    [20 * BN + 1, 'medium'],
    [100 * BN, 'medium'],
    [100 * BN + 1, 'not-sme'],
  ] as const)('puts total capital %i VND (revenue over every limit) in %s', (totalCapitalVnd, expected) => {
    expect(classOf(at(5, HUGE, totalCapitalVnd))).toBe(expected);
  });

  it('classifies the api.md example (45 employees, 40 bn revenue, 15 bn capital) as small', () => {
    expect(classifySize(at(45, 40 * BN, 15 * BN))).toMatchObject({ class: 'small', sectorGroup: 'agriculture-industry-construction' });
  });

  it('applies the same limits to agriculture (section A)', () => {
    expect(classOf({ mainVsic: '0111', employees: 10, revenueVnd: 3 * BN, totalCapitalVnd: 3 * BN })).toBe('micro');
    expect(classOf({ mainVsic: '0111', employees: 10, revenueVnd: 3 * BN + 1, totalCapitalVnd: 3 * BN + 1 })).toBe('small');
  });
});

describe('classifySize — trade-services (Decree 80/2021 Art. 5)', () => {
  const at = (employees: number, revenueVnd: number, totalCapitalVnd: number) => ({
    mainVsic: TRADE,
    employees,
    revenueVnd,
    totalCapitalVnd,
  });

  it.each([
    [10, 'micro'],
    [11, 'small'],
    [50, 'small'],
    [51, 'medium'],
    [100, 'medium'],
    [101, 'not-sme'],
  ] as const)('puts %i employees (money within the micro limits) in %s', (employees, expected) => {
    expect(classOf(at(employees, 1 * BN, 1 * BN))).toBe(expected);
  });

  it.each([
    [10 * BN, 'micro'],
    [10 * BN + 1, 'small'],
    [100 * BN, 'small'],
    [100 * BN + 1, 'medium'],
    [300 * BN, 'medium'],
    [300 * BN + 1, 'not-sme'],
  ] as const)('puts revenue %i VND (capital over every limit) in %s', (revenueVnd, expected) => {
    expect(classOf(at(5, revenueVnd, HUGE))).toBe(expected);
  });

  it.each([
    [3 * BN, 'micro'],
    [3 * BN + 1, 'small'],
    [50 * BN, 'small'],
    [50 * BN + 1, 'medium'],
    [100 * BN, 'medium'],
    [100 * BN + 1, 'not-sme'],
  ] as const)('puts total capital %i VND (revenue over every limit) in %s', (totalCapitalVnd, expected) => {
    expect(classOf(at(5, HUGE, totalCapitalVnd))).toBe(expected);
  });

  it('uses the trade-services limits where they differ: 60 employees is medium in trade, small in industry', () => {
    expect(classOf(at(60, 1 * BN, 1 * BN))).toBe('medium');
    expect(classOf({ mainVsic: INDUSTRY, employees: 60, revenueVnd: 1 * BN, totalCapitalVnd: 1 * BN })).toBe('small');
  });
});

describe('classifySize — employees AND (revenue OR capital)', () => {
  it('moves up a class when employees are within the limit but both revenue and capital are over', () => {
    expect(classOf({ mainVsic: INDUSTRY, employees: 8, revenueVnd: 5 * BN, totalCapitalVnd: 5 * BN })).toBe('small');
  });

  it('keeps the class when revenue is over but capital is within', () => {
    expect(classOf({ mainVsic: INDUSTRY, employees: 8, revenueVnd: 5 * BN, totalCapitalVnd: 2 * BN })).toBe('micro');
  });

  it('keeps the class when capital is over but revenue is within', () => {
    expect(classOf({ mainVsic: INDUSTRY, employees: 8, revenueVnd: 2 * BN, totalCapitalVnd: 5 * BN })).toBe('micro');
  });

  it('moves up a class when revenue and capital are within but employees are over', () => {
    expect(classOf({ mainVsic: TRADE, employees: 11, revenueVnd: 1 * BN, totalCapitalVnd: 1 * BN })).toBe('small');
  });
});

describe('classifySize — reasons', () => {
  it('names the sector group, the limits met and the class', () => {
    const result = classifySize({ mainVsic: INDUSTRY, employees: 8, revenueVnd: 2 * BN, totalCapitalVnd: 5 * BN });

    expect(result).toEqual({
      class: 'micro',
      sectorGroup: 'agriculture-industry-construction',
      reasons: [
        'sector group agriculture/industry-construction (main business line 2592)',
        '8 employees ≤ 10',
        'revenue 2 bn VND ≤ 3 bn VND',
        'Decree 80/2021 Art. 5: micro',
      ],
    });
  });

  it('names both money limits when both are met', () => {
    const result = classifySize({ mainVsic: TRADE, employees: 30, revenueVnd: 80 * BN, totalCapitalVnd: 40 * BN });

    expect(result.reasons).toEqual([
      'sector group trade-services (main business line 4651)',
      '30 employees ≤ 50',
      'revenue 80 bn VND ≤ 100 bn VND',
      'total capital 40 bn VND ≤ 50 bn VND',
      'Decree 80/2021 Art. 5: small',
    ]);
  });

  it('names only the capital limit when revenue is over it', () => {
    const result = classifySize({ mainVsic: TRADE, employees: 30, revenueVnd: 120 * BN, totalCapitalVnd: 40 * BN });

    expect(result.class).toBe('small');
    expect(result.reasons).toContain('total capital 40 bn VND ≤ 50 bn VND');
    expect(result.reasons.some((r) => r.startsWith('revenue'))).toBe(false);
  });

  it('says not an SME, and why, when there are more employees than the medium limit', () => {
    const result = classifySize({ mainVsic: INDUSTRY, employees: 250, revenueVnd: 1 * BN, totalCapitalVnd: 1 * BN });

    expect(result.class).toBe('not-sme');
    expect(result.reasons).toEqual([
      'sector group agriculture/industry-construction (main business line 2592)',
      '250 employees > 200 (medium limit)',
      'Decree 80/2021 Art. 5: above medium, not an SME',
    ]);
  });

  it('says not an SME, and why, when revenue and capital are both over the medium limits', () => {
    const result = classifySize({ mainVsic: TRADE, employees: 80, revenueVnd: 350 * BN, totalCapitalVnd: 150 * BN });

    expect(result.class).toBe('not-sme');
    expect(result.sectorGroup).toBe('trade-services');
    expect(result.reasons).toContain('revenue 350 bn VND > 300 bn VND and total capital 150 bn VND > 100 bn VND (medium limits)');
    expect(result.reasons.at(-1)).toBe('Decree 80/2021 Art. 5: above medium, not an SME');
  });
});
