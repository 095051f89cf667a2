import { describe, it, expect } from 'vitest';
import { screen, yearsBetween, type EnterpriseFacts } from '../../../../services/intake/domain/eligibility.ts';
import { eligibilitySchema, type Eligibility } from '../../../../services/intake/domain/programme.ts';
import { COMMUNE, OTHER_COMMUNE, enterprise } from './fixtures.ts';

const TODAY = '2026-03-11';

/** Rules as a programme stores them (defaults applied). */
const rules = (r: Record<string, unknown>): Eligibility => eligibilitySchema.parse(r);
const facts = (overrides: Partial<EnterpriseFacts> = {}): EnterpriseFacts => ({ ...enterprise(), ...overrides });
const rulesOf = (reasons: { rule: string }[]) => reasons.map((r) => r.rule);

describe('screen', () => {
  it('passes an active enterprise when the programme has no other rule', () => {
    expect(screen(rules({}), facts(), TODAY)).toEqual([]);
  });

  describe('status', () => {
    it.each(['suspended', 'dissolved'])('refuses a %s enterprise, saying so', (status) => {
      expect(screen(rules({}), facts({ status }), TODAY)).toMatchObject([
        { rule: 'status', message: `the enterprise is ${status} in the registry; only active enterprises are eligible` },
      ]);
    });

    it('lets any status through when the programme does not require an active enterprise', () => {
      expect(screen(rules({ requireActive: false }), facts({ status: 'suspended' }), TODAY)).toEqual([]);
    });
  });

  describe('sizeClasses', () => {
    it('passes a size class among those named', () => {
      expect(screen(rules({ sizeClasses: ['micro', 'small'] }), facts(), TODAY)).toEqual([]);
    });

    it('refuses another size class, naming it and the allowed ones', () => {
      expect(screen(rules({ sizeClasses: ['micro', 'medium'] }), facts(), TODAY)).toMatchObject([
        { rule: 'sizeClasses', message: 'size class small is not among micro, medium' },
      ]);
    });
  });

  describe('legalForms', () => {
    it('passes a legal form among those named', () => {
      expect(screen(rules({ legalForms: ['jsc', 'llc'] }), facts(), TODAY)).toEqual([]);
    });

    it('refuses another legal form', () => {
      expect(screen(rules({ legalForms: ['jsc', 'private'] }), facts({ legalForm: 'household' }), TODAY)).toMatchObject([
        { rule: 'legalForms', message: 'legal form household is not among jsc, private' },
      ]);
    });
  });

  describe('vsicSections', () => {
    it('passes when the main business line is in a named section (2592 is manufacturing, C)', () => {
      expect(screen(rules({ vsicSections: ['C'] }), facts(), TODAY)).toEqual([]);
    });

    it('passes on an "other" business line in a named section (4651 is wholesale, G)', () => {
      expect(screen(rules({ vsicSections: ['G'] }), facts({ vsic: { version: '2018', main: '2592', others: ['4651'] } }), TODAY)).toEqual(
        [],
      );
    });

    it('refuses when no business line is in a named section, listing the lines', () => {
      expect(
        screen(rules({ vsicSections: ['A', 'F'] }), facts({ vsic: { version: '2018', main: '2592', others: ['4651'] } }), TODAY),
      ).toMatchObject([{ rule: 'vsicSections', message: 'no registered business line (2592, 4651) is in VSIC section A, F' }]);
    });

    it('refuses VSIC 2025 codes, whose section is not derived, even when the digits would match in 2018', () => {
      const reasons = screen(rules({ vsicSections: ['C'] }), facts({ vsic: { version: '2025', main: '2592', others: [] } }), TODAY);

      expect(reasons).toMatchObject([
        { rule: 'vsicSections', message: 'registered business lines are coded in VSIC 2025; sections are checked on VSIC 2018 codes only' },
      ]);
    });

    it('ignores a line whose division is no VSIC 2018 division', () => {
      expect(
        rulesOf(screen(rules({ vsicSections: ['C'] }), facts({ vsic: { version: '2018', main: '0410', others: [] } }), TODAY)),
      ).toEqual(['vsicSections']);
    });
  });

  describe('vsicDivisions', () => {
    it('passes on the main line', () => {
      expect(screen(rules({ vsicDivisions: ['25'] }), facts(), TODAY)).toEqual([]);
    });

    it('passes on an "other" line', () => {
      expect(screen(rules({ vsicDivisions: ['10', '46'] }), facts(), TODAY)).toEqual([]);
    });

    it('refuses when no line is in a named division', () => {
      expect(screen(rules({ vsicDivisions: ['10', '11'] }), facts(), TODAY)).toMatchObject([
        { rule: 'vsicDivisions', message: 'no registered business line (2592, 4651) is in division 10, 11' },
      ]);
    });
  });

  describe('communes', () => {
    it("passes an enterprise registered in one of the programme's communes", () => {
      expect(screen(rules({ communes: [OTHER_COMMUNE, COMMUNE] }), facts(), TODAY)).toEqual([]);
    });

    it('refuses one registered elsewhere, naming its commune', () => {
      expect(screen(rules({ communes: [OTHER_COMMUNE] }), facts(), TODAY)).toMatchObject([
        { rule: 'communes', message: "the enterprise is registered in Phường Ba Đình (00004), outside the programme's communes" },
      ]);
    });
  });

  describe('minYearsActive', () => {
    const founded = facts({ foundedOn: '2021-03-11' });

    it('passes on the exact anniversary day', () => {
      expect(screen(rules({ minYearsActive: 5 }), founded, '2026-03-11')).toEqual([]);
    });

    it('refuses the day before the anniversary, giving the years counted', () => {
      expect(screen(rules({ minYearsActive: 5 }), founded, '2026-03-10')).toMatchObject([
        { rule: 'minYearsActive', message: 'founded on 2021-03-11: 4 year(s) active, the programme requires 5' },
      ]);
    });

    it('refuses an enterprise the registry has no founding date for', () => {
      expect(screen(rules({ minYearsActive: 1 }), facts({ foundedOn: undefined }), TODAY)).toMatchObject([
        { rule: 'minYearsActive', message: 'the registry has no founding date for the enterprise' },
      ]);
    });

    it('asks nothing of the founding date when the minimum is zero years', () => {
      expect(screen(rules({ minYearsActive: 0 }), facts({ foundedOn: undefined }), TODAY)).toEqual([]);
    });

    it('asks nothing of the founding date when the programme sets no minimum', () => {
      expect(screen(rules({}), facts({ foundedOn: undefined }), TODAY)).toEqual([]);
    });
  });

  it('gives every failed rule its own reason, in rule order', () => {
    const reasons = screen(
      rules({
        sizeClasses: ['micro'],
        legalForms: ['jsc'],
        vsicSections: ['A'],
        vsicDivisions: ['01'],
        communes: [OTHER_COMMUNE],
        minYearsActive: 10,
      }),
      facts({ status: 'dissolved' }),
      TODAY,
    );

    expect(rulesOf(reasons)).toEqual([
      'status',
      'sizeClasses',
      'legalForms',
      'vsicSections',
      'vsicDivisions',
      'communes',
      'minYearsActive',
    ]);
  });
});

describe('yearsBetween', () => {
  it.each([
    ['2020-05-15', '2025-05-15', 5],
    ['2020-05-15', '2025-05-14', 4],
    ['2020-05-15', '2025-04-30', 4],
    ['2020-05-15', '2025-06-01', 5],
    ['2020-12-31', '2021-01-01', 0],
    ['2026-03-11', '2026-03-11', 0],
    ['2024-02-29', '2025-02-28', 0],
    ['2024-02-29', '2025-03-01', 1],
  ])('%s → %s is %i whole year(s)', (from, to, years) => {
    expect(yearsBetween(from, to)).toBe(years);
  });
});

describe('reasons in Vietnamese and English', () => {
  it('says every reason in both languages, the message being the English', () => {
    const reasons = screen(
      rules({ requireActive: true, sizeClasses: ['medium'], legalForms: ['jsc'], vsicDivisions: ['10'], minYearsActive: 50 }),
      facts({ status: 'suspended' }),
      TODAY,
    );
    expect(reasons.length).toBeGreaterThanOrEqual(5);
    for (const r of reasons) {
      expect(r.messageText.en, r.rule).toBe(r.message);
      expect(r.messageText.vi, r.rule).not.toBe(r.messageText.en);
    }
    expect(reasons.find((r) => r.rule === 'status')!.messageText.vi).toContain('"tạm ngừng kinh doanh"');
  });
});
