import { describe, it, expect } from 'vitest';
import { checkDigit, parseTaxCode } from '../../../../services/registry/domain/tax-code.ts';

/** domain.md §3, computed here independently of the code under test. */
const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];
const weightedSum = (nine: string) => WEIGHTS.reduce((acc, w, i) => acc + w * Number(nine[i]), 0);

/** The first nine-digit prefix (counting up from `from`) whose weighted sum is a multiple of 11. */
function prefixWithoutCheckDigit(from = 100_000_000): string {
  for (let n = from; n < from + 10_000; n++) {
    const nine = String(n).padStart(9, '0');
    if (weightedSum(nine) % 11 === 0) return nine;
  }
  throw new Error('no such prefix in range');
}

describe('parseTaxCode — head office (10 digits)', () => {
  it('accepts 0100233488, the first example of domain.md §3', () => {
    expect(parseTaxCode('0100233488')).toEqual({ ok: true, code: { value: '0100233488', kind: 'enterprise' } });
  });

  it('accepts 0314409058, the second example of domain.md §3', () => {
    expect(parseTaxCode('0314409058')).toEqual({ ok: true, code: { value: '0314409058', kind: 'enterprise' } });
  });

  it('rejects 0100233480 and names the check digit it expected (8)', () => {
    const result = parseTaxCode('0100233480');

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('check digit should be 8, not 0');
  });

  it('computes the check digit as 10 − (Σ mod 11)', () => {
    expect(weightedSum('010023348') % 11).toBe(2);
    expect(checkDigit('010023348')).toBe(8);
    expect(checkDigit('031440905')).toBe(8);
  });

  it('rejects every code on a prefix whose weighted sum is a multiple of 11 (no valid check digit)', () => {
    const nine = prefixWithoutCheckDigit();

    expect(checkDigit(nine)).toBeUndefined();
    for (let d = 0; d <= 9; d++) {
      const result = parseTaxCode(`${nine}${d}`);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toContain('admit no valid check digit');
    }
  });

  it('ignores surrounding whitespace', () => {
    expect(parseTaxCode(' 0100233488\n')).toEqual({ ok: true, code: { value: '0100233488', kind: 'enterprise' } });
  });
});

describe('parseTaxCode — branch (10 digits, dash, 001–999)', () => {
  it('accepts 0100233488-001 and names its head office', () => {
    expect(parseTaxCode('0100233488-001')).toEqual({
      ok: true,
      code: { value: '0100233488-001', kind: 'branch', headOffice: '0100233488' },
    });
  });

  it('accepts the last suffix, 999', () => {
    expect(parseTaxCode('0100233488-999').ok).toBe(true);
  });

  it('rejects the suffix 000', () => {
    const result = parseTaxCode('0100233488-000');

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('000 is invalid');
  });

  it('rejects a branch of a head office whose check digit is wrong', () => {
    const result = parseTaxCode('0100233480-001');

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('branch of an invalid code');
    expect(!result.ok && result.reason).toContain('check digit should be 8');
  });

  it('rejects 13 digits written without the dash', () => {
    const result = parseTaxCode('0100233488001');

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('10 digits, a dash and 3 digits');
  });

  it('rejects a suffix of two or four digits', () => {
    expect(parseTaxCode('0100233488-01').ok).toBe(false);
    expect(parseTaxCode('0100233488-0001').ok).toBe(false);
  });
});

describe('parseTaxCode — household business (12-digit personal id)', () => {
  it('accepts a 12-digit personal id without any check digit', () => {
    expect(parseTaxCode('001085012345')).toEqual({ ok: true, code: { value: '001085012345', kind: 'personal' } });
  });
});

describe('parseTaxCode — malformed', () => {
  it.each([
    ['9 digits', '010023348'],
    ['11 digits', '01002334881'],
    ['letters in place of digits', '01002334AB'],
    ['a letter prefix', 'MST0100233488'],
    ['an empty string', ''],
    ['spaces inside', '0100 233 488'],
  ])('rejects %s', (_label, raw) => {
    const result = parseTaxCode(raw);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/10 digits/);
  });
});
