/**
 * A rubric: the criteria an application is scored on, as data. Each criterion says what it is worth,
 * its scale (bands of a measured value, points per choice, yes/no) and where its value comes from —
 * the applicant's answers, the registry figures scoring keeps with their history, or the review
 * panel — and what a missing value scores. The `combination` is the rule joining automatic and
 * panel points. A rubric version is never edited once stored: a change is a new version, so a
 * programme that names `{ id, version }` is always judged by the same rules.
 */
import * as z from 'zod';
import { ValidationError, type FieldError } from '../../../shared/errors.ts';
import { type Localized, localizedInput, same } from '../../../shared/i18n/localized.ts';

const id = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes');
const answerId = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a question id');
const points = z.number().min(0).max(1000);

/** `atLeast` / `atMost` bound the measured value (inclusive); the first band that holds gives its points. */
export const band = z
  .strictObject({ atLeast: z.number().optional(), atMost: z.number().optional(), points })
  .refine((b) => b.atLeast !== undefined || b.atMost !== undefined, 'a band needs atLeast or atMost');
export type Band = z.infer<typeof band>;
const bands = z.array(band).min(1).max(20);
/** Options a choice criterion may score: as many as a programme's choice question may offer (intake). */
export const MAX_CHOICE_OPTIONS = 30;
const choicePoints = z
  .record(z.string().min(1).max(100), points)
  .refine((o) => Object.keys(o).length >= 1, 'name at least one option')
  .refine((o) => Object.keys(o).length <= MAX_CHOICE_OPTIONS, `at most ${MAX_CHOICE_OPTIONS} options`);

export const computation = z.discriminatedUnion('kind', [
  /** A number the applicant answered, scored by bands. */
  z.strictObject({ kind: z.literal('answer-number'), answer: answerId, bands }),
  /** One option of a choice question, points per option (an option not listed scores 0). */
  z.strictObject({ kind: z.literal('answer-choice'), answer: answerId, points: choicePoints }),
  z.strictObject({ kind: z.literal('answer-boolean'), answer: answerId, yes: points, no: points }),
  /** An answered amount in VND as a percentage of the registry's annual revenue, scored by bands. */
  z.strictObject({ kind: z.literal('answer-share-of-revenue'), answer: answerId, bands }),
  /**
   * Growth (%) of a registry figure between the revision the application was judged on and the
   * latest earlier revision at least `minMonthsBetween` months older, scored by bands.
   * `labour-productivity` is revenue ÷ employees.
   */
  z.strictObject({
    kind: z.literal('registry-growth'),
    metric: z.enum(['labour-productivity', 'revenue', 'employees']),
    minMonthsBetween: z.number().int().min(1).max(60),
    bands,
  }),
  /** Scored by the programme's review panel. */
  z.strictObject({ kind: z.literal('panel') }),
]);
export type Computation = z.infer<typeof computation>;

export const SOURCES = ['answers', 'registry', 'panel'] as const;
export type Source = (typeof SOURCES)[number];

/** Where a criterion's value comes from, implied by how it is computed. */
export function sourceOf(c: Computation): Source {
  if (c.kind === 'panel') return 'panel';
  if (c.kind === 'registry-growth') return 'registry';
  return 'answers';
}

/** A name in Vietnamese and English, or (as before) one text that serves both. */
const nameInput = z.union([z.string().trim().min(2).max(200), localizedInput(200)]);
export type Name = z.infer<typeof nameInput>;

/** A name in both languages (one text given: the same in both). */
export const nameText = (n: Name): Localized => (typeof n === 'string' ? same(n) : { vi: n.vi, en: n.en });
/** The one-language `name` answers have always carried: the text given, or the English of a name given in both. */
export const nameString = (n: Name): string => (typeof n === 'string' ? n : n.en);

export const criterionInput = z.strictObject({
  id,
  name: nameInput,
  group: z.enum(['general', 'priority']),
  /** What the criterion is worth: its weight, in points. */
  maxPoints: points.refine((p) => p > 0, 'must be positive'),
  description: z.string().trim().max(1000).optional(),
  computation,
  /** What a missing value scores (shown as missing, never guessed). */
  whenMissing: z.strictObject({ points }).default({ points: 0 }),
});
export type CriterionInput = z.input<typeof criterionInput>;
export type Criterion = z.infer<typeof criterionInput>;

export const combination = z.strictObject({
  /** How the reviewers' marks for a panel criterion are joined. */
  panelAggregate: z.enum(['mean', 'median']),
  /** When reviewers' panel totals differ by more than this, one more review is asked for (once). */
  disagreementThresholdPoints: points,
});
export type Combination = z.infer<typeof combination>;

export const rubricInput = z.strictObject({
  id,
  name: nameInput,
  description: z.string().trim().max(2000).optional(),
  criteria: z.array(criterionInput).min(1).max(30),
  combination,
  /**
   * The least total an application needs to be eligible for funding (at most the rubric's points).
   * Every path to approval holds it: a selection may raise it, never lower it, and intake refuses
   * to approve an application scored below it. 0, the default, sets no pass mark.
   */
  passMark: points.default(0),
});
export type RubricInput = z.input<typeof rubricInput>;

export interface Rubric extends z.infer<typeof rubricInput> {
  version: number;
  /** The agency that publishes its versions. */
  ownerAgency: string;
  createdAt: string;
  createdBy: string;
  /** Shipped with the service (never stored, never changed). */
  builtIn: boolean;
}

/** Rule checks zod cannot express: unique ids, points within each criterion's worth, a reachable pass mark. */
export function rubricProblems(r: z.infer<typeof rubricInput>, path = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  if (r.passMark > maxPointsOf(r))
    errors.push({ path: `${path}.passMark`, message: `${r.passMark} is above the rubric's ${maxPointsOf(r)} points` });
  const seen = new Set<string>();
  r.criteria.forEach((c, i) => {
    const at = `${path}.criteria.${i}`;
    if (seen.has(c.id)) errors.push({ path: `${at}.id`, message: `criterion ${c.id} is listed twice` });
    seen.add(c.id);
    if (c.whenMissing.points > c.maxPoints)
      errors.push({ path: `${at}.whenMissing.points`, message: `is above the criterion's ${c.maxPoints} points` });
    const comp = c.computation;
    const worth = (p: number, where: string) => {
      if (p > c.maxPoints)
        errors.push({ path: `${at}.computation.${where}`, message: `${p} is above the criterion's ${c.maxPoints} points` });
    };
    if ('bands' in comp) comp.bands.forEach((b, j) => worth(b.points, `bands.${j}.points`));
    if (comp.kind === 'answer-choice') Object.entries(comp.points).forEach(([k, p]) => worth(p, `points.${k}`));
    if (comp.kind === 'answer-boolean') {
      worth(comp.yes, 'yes');
      worth(comp.no, 'no');
    }
  });
  return errors;
}

/** A rubric version's pass mark (versions stored before it was kept have none: 0). */
export const passMarkOf = (r: Pick<Rubric, 'passMark'>): number => r.passMark ?? 0;

export const maxPointsOf = (r: Pick<Rubric, 'criteria'>): number => r.criteria.reduce((s, c) => s + c.maxPoints, 0);

/** A criterion as listed: its weight is its share of the rubric's points. */
export function describeCriterion(c: Criterion, total: number) {
  return {
    id: c.id,
    name: nameString(c.name),
    nameText: nameText(c.name),
    group: c.group,
    weight: Math.round((c.maxPoints / total) * 10_000) / 10_000,
    maxPoints: c.maxPoints,
    source: sourceOf(c.computation),
    computation: c.computation,
    whenMissing: c.whenMissing,
    ...(c.description ? { description: c.description } : {}),
  };
}

export const hasPanelCriteria = (r: Pick<Rubric, 'criteria'>): boolean => r.criteria.some((c) => c.computation.kind === 'panel');

/**
 * The next version of a rubric: versions are never edited, a change is version n + 1. The first
 * version of a new id belongs to the creator's agency; later ones only to that owner.
 */
export function nextVersion(
  input: z.infer<typeof rubricInput>,
  latest: Rubric | undefined,
  by: { sub: string; agency: string },
  at: string,
): Rubric {
  const problems = rubricProblems(input);
  if (problems.length) throw new ValidationError(`${problems.length} field(s) of the rubric are invalid`, { errors: problems });
  return {
    ...input,
    version: (latest?.version ?? 0) + 1,
    ownerAgency: latest?.ownerAgency ?? by.agency,
    createdAt: at,
    createdBy: by.sub,
    builtIn: false,
  };
}

/** Parse and check a built-in rubric definition (at import: a wrong one stops start-up). */
export function builtIn(def: RubricInput & { version: number; ownerAgency: string }): Rubric {
  const { version, ownerAgency, ...rest } = def;
  const parsed = rubricInput.parse(rest);
  const problems = rubricProblems(parsed, def.id);
  if (problems.length)
    throw new Error(`built-in rubric ${def.id} v${version}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  return { ...parsed, version, ownerAgency, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'built-in', builtIn: true };
}
