import { describe, expect, it } from 'vitest';
import { BUILT_IN_RUBRICS, CNHT_V1 } from '../../../../services/scoring/domain/built-in-rubrics.ts';
import {
  builtIn,
  MAX_CHOICE_OPTIONS,
  maxPointsOf,
  nextVersion,
  rubricInput,
  rubricProblems,
} from '../../../../services/scoring/domain/rubric.ts';
import { ValidationError } from '../../../../shared/errors.ts';

const by = { sub: 'officer-1', agency: 'so-cong-thuong' };
const input = (o: Record<string, unknown> = {}) =>
  rubricInput.parse({
    id: 'cnht',
    name: 'Supporting industry, revised',
    combination: { panelAggregate: 'median', disagreementThresholdPoints: 10 },
    criteria: [
      {
        id: 'exports',
        name: 'Exports',
        group: 'general',
        maxPoints: 10,
        computation: { kind: 'answer-number', answer: 'exportSharePct', bands: [{ atLeast: 30, points: 10 }] },
      },
    ],
    ...o,
  });

describe('rubrics as versioned data', () => {
  it('ships cnht with 7 general and 2 priority criteria worth 100 points, and a generic rubric', () => {
    expect(CNHT_V1.criteria.filter((c) => c.group === 'general')).toHaveLength(7);
    expect(CNHT_V1.criteria.filter((c) => c.group === 'priority')).toHaveLength(2);
    expect(maxPointsOf(CNHT_V1)).toBe(100);
    expect(BUILT_IN_RUBRICS.map((r) => `${r.id}@${r.version}`)).toEqual(['cnht@1', 'generic@1']);
  });

  it('makes a change a new version, owned by the first version’s agency, and leaves the old one untouched', () => {
    const before = structuredClone(CNHT_V1);
    const v2 = nextVersion(input(), CNHT_V1, { sub: 'x', agency: 'so-khcn' }, '2026-11-30T00:00:00.000Z');
    expect(v2).toMatchObject({ id: 'cnht', version: 2, ownerAgency: 'so-cong-thuong', createdBy: 'x', builtIn: false });
    expect(CNHT_V1).toEqual(before);
  });

  it('gives a new rubric id version 1, owned by its creator’s agency', () => {
    expect(nextVersion(input({ id: 'new-one' }), undefined, by, '2026-11-30T00:00:00.000Z')).toMatchObject({
      version: 1,
      ownerAgency: 'so-cong-thuong',
    });
  });

  it('refuses criteria listed twice and points above what a criterion is worth, naming each field', () => {
    const bad = input({
      criteria: [
        {
          id: 'a',
          name: 'A criterion',
          group: 'general',
          maxPoints: 5,
          computation: { kind: 'answer-boolean', answer: 'x', yes: 6, no: 0 },
          whenMissing: { points: 7 },
        },
        { id: 'a', name: 'Again', group: 'priority', maxPoints: 5, computation: { kind: 'panel' } },
      ],
    });
    expect(rubricProblems(bad).map((e) => e.path)).toEqual([
      'body.criteria.0.whenMissing.points',
      'body.criteria.0.computation.yes',
      'body.criteria.1.id',
    ]);
    expect(() => nextVersion(bad, undefined, by, '2026-11-30T00:00:00.000Z')).toThrow(ValidationError);
  });

  it('bounds the options of a choice criterion', () => {
    const choice = (n: number) =>
      rubricInput.safeParse({
        id: 'choices',
        name: 'Choices',
        combination: { panelAggregate: 'mean', disagreementThresholdPoints: 10 },
        criteria: [
          {
            id: 'quality',
            name: 'Quality system',
            group: 'general',
            maxPoints: 10,
            computation: {
              kind: 'answer-choice',
              answer: 'qualitySystem',
              points: Object.fromEntries(Array.from({ length: n }, (_, i) => [`option-${i}`, 1])),
            },
          },
        ],
      });
    expect(choice(MAX_CHOICE_OPTIONS).success).toBe(true);
    const over = choice(MAX_CHOICE_OPTIONS + 1);
    expect(over.success).toBe(false);
    expect(over.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['criteria.0.computation.points', `at most ${MAX_CHOICE_OPTIONS} options`],
    ]);
    expect(choice(0).success).toBe(false);
  });

  it('refuses an unknown way of computing a criterion', () => {
    const r = rubricInput.safeParse({
      ...input(),
      criteria: [{ id: 'x', name: 'Xx', group: 'general', maxPoints: 1, computation: { kind: 'astrology' } }],
    });
    expect(r.success).toBe(false);
  });

  it('refuses a broken built-in rubric at start-up', () => {
    expect(() =>
      builtIn({
        ...input(),
        version: 1,
        ownerAgency: 'x',
        criteria: [
          { id: 'a', name: 'Aa', group: 'general', maxPoints: 1, computation: { kind: 'answer-boolean', answer: 'q', yes: 2, no: 0 } },
        ],
      }),
    ).toThrow(/above the criterion/);
  });
});
