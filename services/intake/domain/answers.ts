/**
 * Answers to a programme's rubric questions (labour productivity, quality measures, export share,
 * technology investment, …), validated against the programme's own question list: a draft may
 * leave questions open, a submitted application must answer every required one.
 */
import * as z from 'zod';
import type { FieldError } from '../../../shared/errors.ts';
import type { Question } from './programme.ts';

/** Bounds on what a draft may carry (routes.ts), far under DynamoDB's 400 KB item. */
export const MAX_ANSWER_KEYS = 50;
export const MAX_TEXT_ANSWER = 2000;
export const MAX_ANSWERS_BYTES = 64 * 1024;

function answerSchema(q: Question): z.ZodType {
  const bounded = (s: z.ZodNumber) => {
    let b = s;
    if (q.min !== undefined) b = b.min(q.min);
    if (q.max !== undefined) b = b.max(q.max);
    return b;
  };
  switch (q.type) {
    case 'number':
      return bounded(z.number());
    case 'integer':
      return bounded(z.number().int());
    case 'percent':
      return bounded(z.number().min(0).max(100));
    case 'boolean':
      return z.boolean();
    case 'text':
      return z
        .string()
        .trim()
        .min(Math.max(1, q.min ?? 1))
        .max(Math.min(q.max ?? MAX_TEXT_ANSWER, MAX_TEXT_ANSWER));
    case 'choice':
      return z.enum(q.options as [string, ...string[]]);
  }
}

/** Type and range errors, and answers to questions the programme does not ask. */
export function checkAnswers(questions: readonly Question[], answers: Record<string, unknown>, path = 'answers'): FieldError[] {
  const errors: FieldError[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [id, value] of Object.entries(answers)) {
    const q = byId.get(id);
    if (!q) {
      errors.push({ path: `${path}.${id}`, message: 'is not a question of this programme' });
      continue;
    }
    const r = answerSchema(q).safeParse(value);
    if (!r.success) errors.push(...r.error.issues.map((i) => ({ path: `${path}.${id}`, message: i.message })));
  }
  return errors;
}

/** Required questions left unanswered. */
export const missingAnswers = (questions: readonly Question[], answers: Record<string, unknown>): string[] =>
  questions.filter((q) => q.required && (answers[q.id] === undefined || answers[q.id] === null)).map((q) => q.id);
