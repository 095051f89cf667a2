import { describe, it, expect } from 'vitest';
import { checkVsic, section2018, sectorGroup } from '../../../../services/registry/domain/vsic.ts';

describe('checkVsic — VSIC 2018', () => {
  it('accepts a 4-digit class and derives its division and section', () => {
    expect(checkVsic('2592', '2018')).toEqual({ ok: true, division: '25', section: 'C' });
  });

  it('accepts a 5-digit sub-class', () => {
    expect(checkVsic('46510', '2018')).toEqual({ ok: true, division: '46', section: 'G' });
  });

  it.each(['00', '04', '34', '40', '44', '48', '54', '57', '67', '76', '83', '89'])(
    'rejects a code in %s, which is not a VSIC 2018 division',
    (division) => {
      const result = checkVsic(`${division}10`, '2018');

      expect(result.ok).toBe(false);
      expect(result.reason).toContain(`${division} is not a VSIC 2018 division`);
    },
  );

  it.each([
    ['3 digits', '259'],
    ['6 digits', '259201'],
    ['a letter', '25A2'],
    ['a section letter prefix', 'C2592'],
    ['an empty string', ''],
  ])('rejects %s: a code is 4 or 5 digits', (_label, code) => {
    const result = checkVsic(code, '2018');

    expect(result.ok).toBe(false);
    expect(result.reason).toContain('4 digits (class) or 5 (sub-class)');
  });
});

describe('section2018 — divisions to sections (domain.md §4)', () => {
  it.each([
    [1, 'A'],
    [3, 'A'],
    [5, 'B'],
    [25, 'C'],
    [33, 'C'],
    [35, 'D'],
    [43, 'F'],
    [45, 'G'],
    [46, 'G'],
    [62, 'J'],
    [68, 'L'],
    [84, 'O'],
    [99, 'U'],
  ])('puts division %i in section %s', (division, section) => {
    expect(section2018(division)).toBe(section);
    expect(checkVsic(`${String(division).padStart(2, '0')}00`, '2018').section).toBe(section);
  });

  it('knows no section for a number that is not a division', () => {
    expect(section2018(4)).toBeUndefined();
    expect(section2018(100)).toBeUndefined();
  });
});

describe('checkVsic — VSIC 2025 (list not verified: checked by form only)', () => {
  it('accepts a well-formed 2025 code without deriving a section', () => {
    expect(checkVsic('6210', '2025')).toEqual({ ok: true, division: '62' });
    expect(checkVsic('58201', '2025')).toEqual({ ok: true, division: '58' });
  });

  it('accepts a 2025 code in a division VSIC 2018 does not have', () => {
    expect(checkVsic('8910', '2025').ok).toBe(true);
    expect(checkVsic('8910', '2018').ok).toBe(false);
  });

  it('rejects division 00 and malformed codes', () => {
    expect(checkVsic('0010', '2025').ok).toBe(false);
    expect(checkVsic('621', '2025').ok).toBe(false);
    expect(checkVsic('62A0', '2025').ok).toBe(false);
  });
});

describe('sectorGroup — Decree 80 group of the main business line', () => {
  it.each([
    ['0111', 'agriculture-industry-construction'],
    ['0322', 'agriculture-industry-construction'],
    ['2592', 'agriculture-industry-construction'],
    ['4390', 'agriculture-industry-construction'],
    ['4520', 'trade-services'],
    ['4651', 'trade-services'],
    ['6201', 'trade-services'],
    ['99000', 'trade-services'],
  ])('puts %s in %s', (code, group) => {
    expect(sectorGroup(code)).toBe(group);
  });
});
