/**
 * Facts of business registration every service uses the same way (domain.md §3): the legal forms
 * the registry knows, and the shape of an enterprise code (mã số doanh nghiệp) in a request —
 * 10 digits, 10-3 for a dependent unit, or 12 for a household business or an individual. The
 * registry checks the check digit itself (services/registry/domain/tax-code.ts).
 */
import * as z from 'zod';

export const LEGAL_FORMS = ['llc', 'jsc', 'private', 'partnership', 'household', 'branch'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export const TAX_CODE_SHAPE = /^(\d{10}(-\d{3})?|\d{12})$/;

/** An enterprise code in a path or query: its shape only. */
export const taxCodeSchema = z.string().regex(TAX_CODE_SHAPE, 'must be 10 digits, 10-3 digits, or 12 digits');
