/**
 * Support programmes: what an agency offers, to whom, when, with how much money, and how
 * applications are judged. Eligibility rules, the rubric's questions and required documents are
 * data on the programme, never code, so an agency can run a new programme without a deploy.
 */
import * as z from 'zod';
import { agencyCodeSchema as agencyCode } from '../../../shared/reference/agency.ts';
import { TARGET_IDS } from '../../../shared/reference/targets.ts';
import { CONTENT_IDS, type ContentId, defaultContents, MAX_CONTENTS_PER_PROGRAMME } from '../../../shared/reference/support-contents.ts';
import { communeByCode } from '../../../shared/reference/hanoi-communes.ts';
import { LEGAL_FORMS } from '../../../shared/reference/registration.ts';
import { VSIC_SECTIONS } from '../../../shared/reference/vsic-sections.ts';

/** Support categories named by the scheme (domain.md §1). */
export const CATEGORIES = [
  'credit-access',
  'trade-promotion',
  'digital-transformation',
  'technology-innovation',
  'premises-rental',
  'innovative-startup',
  'value-chain',
  'green-circular',
  'productivity-quality',
  'worker-training',
  'ceo-training',
  'consulting',
  'supporting-industry',
  'key-industrial-products',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const DOCUMENT_TYPES = [
  'business-registration',
  'financial-statements',
  'project-proposal',
  'quotation',
  'quality-certificate',
  'training-plan',
  'product-dossier',
  'other',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const SIZE_CLASSES = ['micro', 'small', 'medium', 'not-sme'] as const;

const isoDate = z.iso.date();

export const eligibilitySchema = z
  .strictObject({
    sizeClasses: z.array(z.enum(SIZE_CLASSES)).min(1).max(SIZE_CLASSES.length).optional(),
    /** Any registered business line (main or other) in one of these VSIC 2018 sections. */
    vsicSections: z.array(z.enum(VSIC_SECTIONS)).min(1).max(VSIC_SECTIONS.length).optional(),
    /** Any registered business line in one of these 2-digit divisions. */
    vsicDivisions: z
      .array(z.string().regex(/^\d{2}$/, 'a division is 2 digits'))
      .min(1)
      .max(100)
      .optional(),
    communes: z
      .array(z.string().refine((c) => communeByCode(c) !== undefined, "is not one of Hanoi's 126 commune codes"))
      .min(1)
      // Hanoi has 126 communes and wards.
      .max(126)
      .optional(),
    legalForms: z.array(z.enum(LEGAL_FORMS)).min(1).max(LEGAL_FORMS.length).optional(),
    minYearsActive: z.number().int().min(0).max(100).optional(),
    /** The enterprise must be active in the registry (default true). */
    requireActive: z.boolean().default(true),
  })
  .default({ requireActive: true });
export type Eligibility = z.infer<typeof eligibilitySchema>;

/** One question of the rubric; answers are validated against these. */
export const questionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-zA-Z0-9]{0,59}$/, 'camelCase identifier of at most 60 characters'),
    label: z.string().min(1).max(300),
    type: z.enum(['number', 'integer', 'percent', 'boolean', 'text', 'choice']),
    required: z.boolean().default(false),
    min: z.number().optional(),
    max: z.number().optional(),
    options: z.array(z.string().min(1).max(200)).min(1).max(30).optional(),
    unit: z.string().max(30).optional(),
  })
  .refine((q) => q.type !== 'choice' || q.options, { message: 'a choice question needs options', path: ['options'] })
  .refine((q) => q.min === undefined || q.max === undefined || q.min <= q.max, { message: 'min is above max', path: ['min'] });
export type Question = z.infer<typeof questionSchema>;

export const MAX_PROGRAMME_BYTES = 100 * 1024;

/** The body of POST /programmes and PUT /programmes/{id}. */
export const programmeInput = z
  .strictObject({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'upper-case letters, digits and dashes, 2–40'),
    name: z.string().trim().min(3).max(300),
    category: z.enum(CATEGORIES),
    ownerAgency: agencyCode,
    opensOn: isoDate,
    closesOn: isoDate,
    budgetVnd: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    /** Working days from receipt to the due date (public holidays and Tết excluded: shared/time/working-days.ts). */
    processingDays: z.number().int().min(1).max(365),
    requiredDocuments: z.array(z.enum(DOCUMENT_TYPES)).max(DOCUMENT_TYPES.length).default([]),
    eligibility: eligibilitySchema,
    rubric: z.strictObject({ id: z.string().min(1).max(100), version: z.number().int().positive().max(1_000_000) }).nullable(),
    questions: z.array(questionSchema).max(50).default([]),
    /** The city targets each approval counts toward, with this programme's own yearly contribution. */
    annualTargets: z
      .array(z.strictObject({ target: z.enum(TARGET_IDS), count: z.number().int().positive().max(10_000_000) }))
      .max(TARGET_IDS.length)
      .default([]),
    /**
     * The support contents it funds (shared/reference/support-contents.ts; GET /support-contents).
     * An enterprise holds one grant of a content over one period (Law 04/2017/QH14 Art. 5): an
     * approval is refused while another grant of one of these contents covers the period.
     */
    supportContents: z
      .array(z.enum(CONTENT_IDS, { error: 'is not a support content (GET /support-contents)' }))
      .min(1)
      .max(MAX_CONTENTS_PER_PROGRAMME),
    /** Largest amount one application may request (default: the whole budget). */
    maxAmountVnd: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    /**
     * Four eyes: the user who created or submitted an application may not decide it. Up to this
     * amount (approved, or requested for a rejection) one person may; absent, never.
     */
    fourEyesAboveVnd: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .superRefine((p, ctx) => {
    // Each field is bounded; this bounds their sum, so a programme stays far under DynamoDB's 400 KB item.
    const bytes = Buffer.byteLength(JSON.stringify(p), 'utf8');
    if (bytes > MAX_PROGRAMME_BYTES) {
      ctx.addIssue({ code: 'custom', path: [], message: `is ${bytes} bytes; a programme may take at most ${MAX_PROGRAMME_BYTES}` });
    }
    if (p.closesOn < p.opensOn) ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'is before opensOn' });
    const ids = p.questions.map((q) => q.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `${id} is used twice` });
    });
    if (p.maxAmountVnd !== undefined && p.maxAmountVnd > p.budgetVnd) {
      ctx.addIssue({ code: 'custom', path: ['maxAmountVnd'], message: 'is above the budget' });
    }
    if (new Set(p.annualTargets.map((t) => t.target)).size !== p.annualTargets.length) {
      ctx.addIssue({ code: 'custom', path: ['annualTargets'], message: 'names a target twice' });
    }
    // Refinements run on a body with other problems too (every bad field is listed): the field may be missing.
    const contents = p.supportContents ?? [];
    contents.forEach((c, i) => {
      if (contents.indexOf(c) !== i) ctx.addIssue({ code: 'custom', path: ['supportContents', i], message: `${c} is named twice` });
    });
  });
export type ProgrammeInput = z.infer<typeof programmeInput>;

export interface Programme extends ProgrammeInput {
  id: string;
  /** Sum of approved amounts; never above budgetVnd. */
  committedVnd: number;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/**
 * A programme as stored, made current: one stored before support contents existed funds its
 * category's default contents (support-contents.ts), and its retired `allowStacking` flag is
 * dropped (stacking is now programmes naming different contents).
 */
export function programmeWithDefaults(stored: Programme & { allowStacking?: unknown }): Programme {
  const { allowStacking: _retired, ...p } = stored;
  const supportContents: ContentId[] = p.supportContents?.length ? p.supportContents : defaultContents(p.category);
  return { ...p, supportContents };
}

/** Whether `day` (YYYY-MM-DD) is inside the application window. */
export const windowOpen = (p: Pick<Programme, 'opensOn' | 'closesOn'>, day: string): boolean => p.opensOn <= day && day <= p.closesOn;

export const remainingBudget = (p: Programme): number => p.budgetVnd - p.committedVnd;
