/**
 * The programmes open to an enterprise (GET /me/programmes, issue 21): each pre-checked against its
 * registry record, with every reason it is not eligible in both languages, as a submission's refusal
 * gives them — the console shows the reader's language.
 */
import { describe, expect, it } from 'vitest';
import { programmesOpenTo } from '../../../../services/intake/app/online.ts';
import type { Actor } from '../../../../services/intake/app/ports.ts';
import { NotFoundError } from '../../../../shared/errors.ts';
import { COMMUNE, OTHER_COMMUNE, OTHER_TAX_CODE, setup, TAX_CODE } from './fixtures.ts';
import { givenEnterprise, givenProgramme, rejection } from './flows.ts';

const applicant: Actor = { sub: 'ent-own', agency: '', roles: ['enterprise'], enterprises: [TAX_CODE] };

describe('programmes open to an enterprise', () => {
  it('says eligible, or gives every reason not in Vietnamese and English', async () => {
    const ctx = setup();
    givenEnterprise(ctx, { communeCode: COMMUNE, legalForm: 'jsc' });
    const open = await givenProgramme(ctx, { code: 'MO-2026' });
    const closedToIt = await givenProgramme(ctx, {
      code: 'HAN-CHE-2026',
      eligibility: { requireActive: true, communes: [OTHER_COMMUNE], legalForms: ['llc'] },
    });

    const { items } = await programmesOpenTo(ctx.deps, applicant, TAX_CODE);

    expect(items.find((i) => i.programme.id === open.id)).toMatchObject({ eligible: true, reasons: [] });
    const refused = items.find((i) => i.programme.id === closedToIt.id)!;
    expect(refused.eligible).toBe(false);
    expect(refused.reasons.map((r) => r.rule).sort()).toEqual(['communes', 'legalForms']);
    for (const r of refused.reasons) {
      expect(r.messageText.en).toBe(r.message);
      expect(r.messageText.vi).not.toBe(r.messageText.en);
      expect(r.messageText.vi.length).toBeGreaterThan(0);
    }
  });

  it('is a 404 for an enterprise the person does not act for', async () => {
    const ctx = setup();
    givenEnterprise(ctx, { taxCode: OTHER_TAX_CODE });
    expect(await rejection(programmesOpenTo(ctx.deps, applicant, OTHER_TAX_CODE))).toBeInstanceOf(NotFoundError);
  });
});
