import { describe, it, expect } from 'vitest';
import {
  programmeInput,
  programmeWithDefaults,
  remainingBudget,
  windowOpen,
  type Programme,
} from '../../../../services/intake/domain/programme.ts';
import { programme } from './fixtures.ts';

/** A valid raw body; each test breaks one thing. */
const body = (overrides: Record<string, unknown> = {}) => ({
  code: 'NSCL-2026',
  name: 'Productivity and quality 2026',
  category: 'productivity-quality',
  ownerAgency: 'so-khcn',
  opensOn: '2026-02-01',
  closesOn: '2026-11-30',
  budgetVnd: 2_000_000_000,
  processingDays: 20,
  eligibility: { sizeClasses: ['micro', 'small'], communes: ['00004'] },
  rubric: { id: 'nscl', version: 2 },
  questions: [{ id: 'labourProductivityGrowthPct', label: 'Labour productivity', type: 'percent', required: true }],
  annualTargets: [{ target: 'productivity-quality', count: 50 }],
  supportContents: ['productivity-quality/management-systems'],
  maxAmountVnd: 200_000_000,
  ...overrides,
});

const issues = (raw: unknown) => {
  const r = programmeInput.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('programmeInput', () => {
  it('accepts a valid programme and fills the defaults', () => {
    const p = programmeInput.parse(body({ questions: undefined, annualTargets: undefined, maxAmountVnd: undefined }));

    expect(p).toMatchObject({
      requiredDocuments: [],
      questions: [],
      annualTargets: [],
      supportContents: ['productivity-quality/management-systems'],
    });
    expect(p.eligibility.requireActive).toBe(true);
    expect(p.maxAmountVnd).toBeUndefined();
  });

  it('requires an active enterprise when the eligibility rules are left out', () => {
    expect(programmeInput.parse(body({ eligibility: undefined })).eligibility).toEqual({ requireActive: true });
  });

  it('accepts a window of one day', () => {
    expect(issues(body({ opensOn: '2026-05-01', closesOn: '2026-05-01' }))).toEqual([]);
  });

  it('refuses closesOn before opensOn', () => {
    expect(issues(body({ opensOn: '2026-05-01', closesOn: '2026-04-30' }))).toEqual([{ path: 'closesOn', message: 'is before opensOn' }]);
  });

  it('refuses a question id used twice, on the second one', () => {
    const q = { id: 'exportShare', label: 'Export share', type: 'percent' };

    expect(issues(body({ questions: [q, { ...q, label: 'Again' }] }))).toEqual([
      { path: 'questions.1.id', message: 'exportShare is used twice' },
    ]);
  });

  it('refuses maxAmountVnd above the budget, and accepts it equal', () => {
    expect(issues(body({ budgetVnd: 100_000_000, maxAmountVnd: 100_000_001 }))).toEqual([
      { path: 'maxAmountVnd', message: 'is above the budget' },
    ]);
    expect(issues(body({ budgetVnd: 100_000_000, maxAmountVnd: 100_000_000 }))).toEqual([]);
  });

  it('refuses a commune code that is not one of Hanoi’s', () => {
    expect(issues(body({ eligibility: { communes: ['00004', '99999'] } }))).toEqual([
      { path: 'eligibility.communes.1', message: "is not one of Hanoi's 126 commune codes" },
    ]);
  });

  it('refuses an unknown target id', () => {
    expect(issues(body({ annualTargets: [{ target: 'happy-enterprises', count: 3 }] })).map((i) => i.path)).toEqual([
      'annualTargets.0.target',
    ]);
  });

  it('refuses a target named twice', () => {
    const t = { target: 'productivity-quality', count: 5 };

    expect(issues(body({ annualTargets: [t, { ...t, count: 6 }] }))).toEqual([{ path: 'annualTargets', message: 'names a target twice' }]);
  });

  it('refuses a choice question without options', () => {
    expect(issues(body({ questions: [{ id: 'system', label: 'Quality system', type: 'choice' }] }))).toEqual([
      { path: 'questions.0.options', message: 'a choice question needs options' },
    ]);
  });

  it('refuses a question whose min is above its max', () => {
    expect(issues(body({ questions: [{ id: 'staff', label: 'Staff', type: 'integer', min: 10, max: 5 }] }))).toEqual([
      { path: 'questions.0.min', message: 'min is above max' },
    ]);
  });

  it('refuses an unknown eligibility rule (rules are a closed set)', () => {
    expect(issues(body({ eligibility: { minEmployees: 10 } })).map((i) => i.path)).toEqual(['eligibility']);
  });

  it('requires the support contents it funds: known ones, each once, at most 8', () => {
    expect(issues(body({ supportContents: undefined })).map((i) => i.path)).toEqual(['supportContents']);
    expect(issues(body({ supportContents: [] })).map((i) => i.path)).toEqual(['supportContents']);
    expect(issues(body({ supportContents: ['productivity-quality/management-systems', 'lottery/tickets'] }))).toEqual([
      { path: 'supportContents.1', message: 'is not a support content (GET /support-contents)' },
    ]);
    expect(issues(body({ supportContents: ['digital/software', 'premises/rent', 'digital/software'] }))).toEqual([
      { path: 'supportContents.2', message: 'digital/software is named twice' },
    ]);
    const nine = [
      'credit/interest-subsidy',
      'credit/guarantee',
      'credit/business-plan',
      'digital/software',
      'digital/consulting',
      'premises/rent',
      'green/circular',
      'green/cleaner-production',
      'startup/incubation',
    ];
    expect(issues(body({ supportContents: nine })).map((i) => i.path)).toEqual(['supportContents']);
  });

  it('refuses allowStacking, which support contents replaced (programmes that may stack share no content)', () => {
    expect(issues(body({ allowStacking: true })).map((i) => i.path)).toEqual(['']);
  });

  it('reports the cross-field problems together with a refused commune', () => {
    const paths = issues(
      body({ opensOn: '2026-05-01', closesOn: '2026-01-01', budgetVnd: 10, maxAmountVnd: 20, eligibility: { communes: ['1'] } }),
    ).map((i) => i.path);

    expect(paths.sort()).toEqual(['closesOn', 'eligibility.communes.0', 'maxAmountVnd']);
  });
});

describe('programmeWithDefaults', () => {
  const stored = (o: Record<string, unknown>) => ({
    ...programme(),
    id: 'p-1',
    committedVnd: 0,
    version: 3,
    createdAt: 'x',
    createdBy: 'y',
    updatedAt: 'x',
    ...o,
  });

  it("gives a programme stored before contents its category's defaults, and drops allowStacking", () => {
    const old = stored({ category: 'digital-transformation', supportContents: undefined, allowStacking: true }) as unknown as Programme;

    const p = programmeWithDefaults(old);

    expect(p.supportContents).toEqual(['digital/consulting', 'digital/software']);
    expect(p).not.toHaveProperty('allowStacking');
    expect(p).toMatchObject({ id: 'p-1', version: 3, category: 'digital-transformation' });
  });

  it('keeps the contents a programme names', () => {
    expect(programmeWithDefaults(stored({ supportContents: ['premises/rent'] }) as Programme).supportContents).toEqual(['premises/rent']);
  });
});

describe('windowOpen', () => {
  const p = { opensOn: '2026-02-01', closesOn: '2026-11-30' };

  it.each([
    ['2026-01-31', false],
    ['2026-02-01', true],
    ['2026-06-15', true],
    ['2026-11-30', true],
    ['2026-12-01', false],
  ])('on %s is %s', (day, open) => {
    expect(windowOpen(p, day)).toBe(open);
  });
});

describe('remainingBudget', () => {
  it('is the budget less what approvals committed', () => {
    const p = { ...programme({ budgetVnd: 1_000_000_000 }), committedVnd: 350_000_000 } as Programme;

    expect(remainingBudget(p)).toBe(650_000_000);
  });
});
