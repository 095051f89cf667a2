/**
 * No accepted input can make an item DynamoDB refuses (400 KB): every string and array of a
 * programme and of a draft is bounded, and so are their sums.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_KEYS, MAX_ANSWERS_BYTES, MAX_TEXT_ANSWER } from '../../../../services/intake/domain/answers.ts';
import { MAX_PROGRAMME_BYTES, programmeInput } from '../../../../services/intake/domain/programme.ts';
import { routes } from '../../../../services/intake/routes.ts';
import { MAX_TRAINEES } from '../../../../shared/contracts/application.ts';
import { AGENCY_CODE_MAX } from '../../../../shared/reference/agency.ts';
import { contact } from './fixtures.ts';

const DYNAMODB_ITEM_BYTES = 400 * 1024;
const draftBody = routes.createApplication.request.body;
const draft = (answers: Record<string, unknown>) => ({
  programmeId: '00000000-0000-4000-8000-000000000001',
  taxCode: '0101234567',
  requestedAmountVnd: 1,
  answers,
  contact,
});
const base = {
  code: 'BIG-2026',
  name: 'Chương trình lớn',
  category: 'consulting',
  ownerAgency: 'so-cong-thuong',
  opensOn: '2026-01-01',
  closesOn: '2026-12-31',
  budgetVnd: 1_000_000,
  processingDays: 30,
  rubric: null,
  supportContents: ['consulting/management'],
};
/** Vietnamese text: three UTF-8 bytes a character at worst. */
const text = (n: number) => 'ệ'.repeat(n);

describe('programme bounds', () => {
  it('refuses a programme whose bounded fields add up to more than its cap, naming the size', () => {
    const questions = Array.from({ length: 50 }, (_, i) => ({
      id: `q${i}`,
      label: text(300),
      type: 'choice',
      options: Array.from({ length: 30 }, (_, j) => `${j}${text(190)}`),
    }));
    const r = programmeInput.safeParse({ ...base, questions });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join()).toContain(`a programme may take at most ${MAX_PROGRAMME_BYTES}`);
    expect(MAX_PROGRAMME_BYTES).toBeLessThan(DYNAMODB_ITEM_BYTES / 3);
  });

  it('bounds every list: options, questions, communes, divisions', () => {
    const tooMany = [
      { questions: Array.from({ length: 51 }, (_, i) => ({ id: `q${i}`, label: 'x', type: 'number' })) },
      { questions: [{ id: 'q', label: 'x', type: 'choice', options: Array.from({ length: 31 }, (_, i) => `o${i}`) }] },
      { questions: [{ id: 'q', label: 'x', type: 'choice', options: [text(201)] }] },
      { eligibility: { vsicDivisions: Array.from({ length: 101 }, () => '25') } },
      { eligibility: { communes: Array.from({ length: 127 }, () => '00004') } },
      { ownerAgency: 'a'.repeat(AGENCY_CODE_MAX + 1) },
    ];
    for (const o of tooMany) expect(programmeInput.safeParse({ ...base, ...o }).success, JSON.stringify(o).slice(0, 80)).toBe(false);
  });
});

describe('draft bounds', () => {
  it(`takes at most ${MAX_ANSWER_KEYS} answers of at most ${MAX_TEXT_ANSWER} characters, ${MAX_ANSWERS_BYTES} bytes in all`, () => {
    const many = Object.fromEntries(Array.from({ length: MAX_ANSWER_KEYS + 1 }, (_, i) => [`q${i}`, 1]));
    expect(draftBody.safeParse(draft(many)).success).toBe(false);
    expect(draftBody.safeParse(draft({ q: text(MAX_TEXT_ANSWER + 1) })).success).toBe(false);
    const heavy = Object.fromEntries(Array.from({ length: MAX_ANSWER_KEYS }, (_, i) => [`q${i}`, text(MAX_TEXT_ANSWER)]));
    expect(draftBody.safeParse(draft(heavy)).success).toBe(false);
    expect(draftBody.safeParse(draft({ q: { nested: 'object' } })).success).toBe(false);
    expect(draftBody.safeParse(draft({ q: text(MAX_TEXT_ANSWER), n: 12.5, b: true })).success).toBe(true);
    expect(MAX_ANSWERS_BYTES).toBeLessThan(DYNAMODB_ITEM_BYTES / 4);
  });
});

describe('decision bounds', () => {
  const body = routes.decide.request.body;
  it(`takes head counts of a training grant as whole numbers from 0 to ${MAX_TRAINEES}, only on an approval`, () => {
    const approve = { outcome: 'approved', amountVnd: 1 };
    expect(body.safeParse({ ...approve, workersTrained: 40, ceosTrained: 0 }).success).toBe(true);
    expect(body.safeParse(approve).success).toBe(true);
    expect(body.safeParse({ ...approve, workersTrained: MAX_TRAINEES + 1 }).success).toBe(false);
    expect(body.safeParse({ ...approve, workersTrained: -1 }).success).toBe(false);
    expect(body.safeParse({ ...approve, ceosTrained: 1.5 }).success).toBe(false);
    expect(body.safeParse({ outcome: 'rejected', reason: 'no', workersTrained: 3 }).success).toBe(false);
  });
});
