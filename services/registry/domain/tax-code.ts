/**
 * Enterprise codes (mã số doanh nghiệp = tax code) — domain.md §3.
 * - head office: 10 digits; the 10th is a check digit over the first nine, weights
 *   31 29 23 19 17 13 7 5 3; check = 10 − (Σ mod 11), and a result of 10 means invalid;
 * - dependent unit (branch): the head office code, a dash, 001–999;
 * - since 1 July 2025 household businesses and individuals use their 12-digit personal id.
 */
export type TaxCodeKind = 'enterprise' | 'branch' | 'personal';

export interface TaxCode {
  value: string;
  kind: TaxCodeKind;
  /** The head office's 10-digit code (for a branch, its parent). */
  headOffice?: string;
}

export type TaxCodeResult = { ok: true; code: TaxCode } | { ok: false; reason: string };

const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/** The check digit for the first nine digits, or undefined when none exists (Σ mod 11 = 0). */
export function checkDigit(nine: string): number | undefined {
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(nine[i]), 0);
  const check = 10 - (sum % 11);
  return check === 10 ? undefined : check;
}

function headOffice(ten: string): TaxCodeResult {
  const expected = checkDigit(ten.slice(0, 9));
  if (expected === undefined) return { ok: false, reason: `${ten}: its first nine digits admit no valid check digit` };
  if (expected !== Number(ten[9])) return { ok: false, reason: `${ten}: check digit should be ${expected}, not ${ten[9]}` };
  return { ok: true, code: { value: ten, kind: 'enterprise' } };
}

export function parseTaxCode(raw: string): TaxCodeResult {
  const value = raw.trim();
  if (/^\d{10}$/.test(value)) return headOffice(value);
  const branch = /^(\d{10})-(\d{3})$/.exec(value);
  if (branch) {
    const parent = headOffice(branch[1]!);
    if (!parent.ok) return { ok: false, reason: `branch of an invalid code: ${parent.reason}` };
    if (branch[2] === '000') return { ok: false, reason: `${value}: a branch suffix runs 001–999, 000 is invalid` };
    return { ok: true, code: { value, kind: 'branch', headOffice: branch[1]! } };
  }
  if (/^\d{12}$/.test(value)) return { ok: true, code: { value, kind: 'personal' } };
  if (/^\d{13}$/.test(value)) return { ok: false, reason: `${value}: write a branch code as 10 digits, a dash and 3 digits` };
  return { ok: false, reason: `${value}: an enterprise code has 10 digits, a branch 10-3 digits, a household's personal id 12` };
}
