import { describe, it, expect } from 'vitest';
import { checkAnswers, missingAnswers } from '../../../../services/intake/domain/answers.ts';
import { questionSchema, type Question } from '../../../../services/intake/domain/programme.ts';

const q = (raw: Record<string, unknown>): Question => questionSchema.parse({ label: 'A question', ...raw });

const QUESTIONS: Question[] = [
  q({ id: 'margin', type: 'number', min: -100, max: 100 }),
  q({ id: 'rdStaff', type: 'integer', min: 0, max: 500 }),
  q({ id: 'exportShare', type: 'percent', required: true }),
  q({ id: 'iso', type: 'boolean', required: true }),
  q({ id: 'tools', type: 'text', max: 10 }),
  q({ id: 'system', type: 'choice', options: ['none', 'ISO 9001'] }),
  q({ id: 'unbounded', type: 'number' }),
  q({ id: 'notes', type: 'text' }),
  q({ id: 'summary', type: 'text', min: 20 }),
];

const errorsFor = (answers: Record<string, unknown>) => checkAnswers(QUESTIONS, answers);
const pathsOf = (answers: Record<string, unknown>) => errorsFor(answers).map((e) => e.path);

describe('checkAnswers', () => {
  it('accepts valid answers to every type of question', () => {
    expect(
      errorsFor({
        margin: -12.5,
        rdStaff: 3,
        exportShare: 40,
        iso: false,
        tools: '5S, Lean',
        system: 'ISO 9001',
        unbounded: 1e12,
        notes: 'x'.repeat(2000),
      }),
    ).toEqual([]);
  });

  it('accepts an empty set of answers (a draft may leave everything open)', () => {
    expect(errorsFor({})).toEqual([]);
  });

  it.each([
    ['number: a string', { margin: '12' }],
    ['number: below min', { margin: -100.01 }],
    ['number: above max', { margin: 101 }],
    ['integer: a fraction', { rdStaff: 2.5 }],
    ['integer: below min', { rdStaff: -1 }],
    ['integer: above max', { rdStaff: 501 }],
    ['percent: below 0', { exportShare: -0.1 }],
    ['percent: above 100', { exportShare: 100.5 }],
    ['percent: a string', { exportShare: '40%' }],
    ['boolean: a string', { iso: 'yes' }],
    ['boolean: a number', { iso: 1 }],
    ['text: empty', { tools: '' }],
    ['text: only spaces', { tools: '   ' }],
    ['text: longer than its max', { tools: 'x'.repeat(11) }],
    ['text: longer than the default 2000', { notes: 'x'.repeat(2001) }],
    ['text: a number', { notes: 7 }],
    ['text: shorter than its min', { summary: 'too short' }],
    ['choice: not an option', { system: 'ISO 14001' }],
    ['choice: the wrong case', { system: 'iso 9001' }],
  ])('refuses %s, on the answer path', (_label, answers) => {
    const [id] = Object.keys(answers);

    expect(pathsOf(answers)).toEqual([`answers.${id}`]);
  });

  it('accepts the bounds themselves', () => {
    expect(errorsFor({ margin: -100, rdStaff: 500, exportShare: 0, tools: 'x'.repeat(10) })).toEqual([]);
    expect(errorsFor({ margin: 100, rdStaff: 0, exportShare: 100 })).toEqual([]);
  });

  it('refuses answers to questions the programme does not ask', () => {
    expect(errorsFor({ iso: true, turnover: 5 })).toEqual([{ path: 'answers.turnover', message: 'is not a question of this programme' }]);
  });

  it('lists every error at once, under the given path prefix', () => {
    const errors = checkAnswers(QUESTIONS, { margin: 'high', iso: 'no', ghost: 1 }, 'body.answers');

    expect(errors.map((e) => e.path)).toEqual(['body.answers.margin', 'body.answers.iso', 'body.answers.ghost']);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
  });
});

describe('missingAnswers', () => {
  it('lists the required questions left unanswered', () => {
    expect(missingAnswers(QUESTIONS, { margin: 3 })).toEqual(['exportShare', 'iso']);
  });

  it('counts null as unanswered', () => {
    expect(missingAnswers(QUESTIONS, { exportShare: null, iso: true })).toEqual(['exportShare']);
  });

  it('counts false and 0 as answers', () => {
    expect(missingAnswers(QUESTIONS, { exportShare: 0, iso: false })).toEqual([]);
  });

  it('does not ask for optional questions', () => {
    expect(missingAnswers([q({ id: 'optional', type: 'text' })], {})).toEqual([]);
  });
});
