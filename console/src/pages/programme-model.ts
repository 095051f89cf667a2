/** Programmes as the console edits them: the input fields of POST/PUT /programmes, nothing else. */
import type { components, paths } from '../api/schema';
import { DEFAULT_CONTENTS_BY_CATEGORY, SUPPORT_CONTENTS, SUPPORT_GROUPS } from '../../../shared/reference/support-contents.ts';

export type ProgrammeInput = NonNullable<paths['/programmes']['post']['requestBody']>['content']['application/json'];

export type ProgrammeView = ProgrammeInput & {
  id: string;
  version: number;
  committedVnd: number;
  createdAt?: string;
  updatedAt?: string;
};

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
] as const satisfies readonly ProgrammeInput['category'][];

export const DOCUMENT_TYPES = [
  'business-registration',
  'financial-statements',
  'project-proposal',
  'quotation',
  'quality-certificate',
  'training-plan',
  'product-dossier',
  'other',
] as const satisfies readonly NonNullable<ProgrammeInput['requiredDocuments']>[number][];

const INPUT_KEYS = [
  'code',
  'name',
  'category',
  'ownerAgency',
  'opensOn',
  'closesOn',
  'budgetVnd',
  'processingDays',
  'requiredDocuments',
  'eligibility',
  'rubric',
  'questions',
  'annualTargets',
  'supportContents',
  'maxAmountVnd',
  'fourEyesAboveVnd',
] as const satisfies readonly (keyof ProgrammeInput)[];

/** The input part of a programme read back (the API refuses unknown fields on PUT). */
export function inputOf(p: ProgrammeView): ProgrammeInput {
  const out: Record<string, unknown> = {};
  for (const k of INPUT_KEYS) if (p[k] !== undefined) out[k] = p[k];
  return out as ProgrammeInput;
}

export type Problem = components['schemas']['Problem'];

/** A support content the programme form offers (the shared data file; GET /support-contents serves the same). */
export type ContentId = ProgrammeInput['supportContents'][number];

/** The contents by group, in the data's order: the form shows one group per line. */
export const CONTENT_GROUPS = SUPPORT_GROUPS.map((group) => ({
  group,
  contents: SUPPORT_CONTENTS.filter((c) => c.group === group) as readonly {
    id: ContentId;
    name: { vi: string; en: string };
    direct: boolean;
  }[],
})).filter((g) => g.contents.length > 0);

/** What a new programme of this category funds unless the officer says otherwise. */
export const defaultContentsOf = (category: ProgrammeInput['category']): ContentId[] => [
  ...((DEFAULT_CONTENTS_BY_CATEGORY[category] ?? []) as readonly ContentId[]),
];
