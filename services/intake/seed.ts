/**
 * Demo data for the local runtime: one programme per support category, for the current year, of the city's scheme
 * (domain.md §1), each owned by the department that typically runs it and counting toward the
 * city targets it serves. Created through the API's own use case (createProgramme, as the owning
 * agency's officer), so each is checked and announced (programme.changed) exactly as one created
 * over HTTP; a code already present is left alone (409), so seeding twice changes nothing.
 */
import { ConflictError } from '../../shared/errors.ts';
import { createProgramme } from './app/programmes.ts';
import type { Actor, IntakeDeps } from './app/ports.ts';
import { buildDeps } from './deps.ts';
import { programmeInput, type ProgrammeInput } from './domain/programme.ts';
import { hanoiDay, yearOf } from '../../shared/time/hanoi.ts';

const BN = 1_000_000_000;

/** Supporting-industry criteria: the published 7 general + 2 priority criteria, as far as known (domain.md §1). */
const CNHT_QUESTIONS = [
  {
    id: 'labourProductivityGrowthPct',
    label: 'Labour productivity improvement over the last year',
    type: 'percent',
    required: true,
    unit: '%',
  },
  {
    id: 'qualitySystem',
    label: 'Quality management system in place',
    type: 'choice',
    required: true,
    options: ['none', 'ISO 9001', 'IATF 16949', 'ISO 13485', 'other'],
  },
  { id: 'defectRatePct', label: 'Defect rate of delivered products', type: 'percent', required: false, unit: '%' },
  {
    id: 'profitMarginPct',
    label: 'Operating margin (production and business efficiency)',
    type: 'number',
    required: false,
    min: -100,
    max: 100,
    unit: '%',
  },
  { id: 'exportSharePct', label: 'Share of revenue from exports or FDI customers', type: 'percent', required: false, unit: '%' },
  {
    id: 'technologyInvestmentVnd',
    label: 'Investment in production technology over the last two years',
    type: 'integer',
    required: false,
    min: 0,
    unit: 'VND',
  },
  {
    id: 'environmentalStandard',
    label: 'Environment and clean technology',
    type: 'choice',
    required: false,
    options: ['ISO 14001', 'cleaner-production', 'in-progress', 'none'],
  },
  { id: 'trainedWorkersPct', label: 'Share of workers trained in the last year', type: 'percent', required: false, unit: '%' },
  {
    id: 'producesPriorityCnhtProduct',
    label: 'Invests in producing prioritised supporting-industry products',
    type: 'boolean',
    required: true,
  },
  { id: 'producesKeyIndustrialProduct', label: "Produces one of the city's key industrial products", type: 'boolean', required: true },
] as const;

const PRODUCTIVITY_QUESTIONS = [
  {
    id: 'labourProductivityGrowthPct',
    label: 'Labour productivity improvement over the last year',
    type: 'percent',
    required: true,
    unit: '%',
  },
  {
    id: 'qualitySystem',
    label: 'Quality management system in place',
    type: 'choice',
    required: true,
    options: ['none', 'ISO 9001', 'ISO 14001', 'ISO 22000', 'other'],
  },
  { id: 'improvementTools', label: 'Productivity tools applied (5S, Kaizen, Lean, …)', type: 'text', required: false },
] as const;

const INNOVATION_QUESTIONS = [
  { id: 'technologyInvestmentVnd', label: 'Planned investment in new technology', type: 'integer', required: true, min: 0, unit: 'VND' },
  { id: 'rdStaff', label: 'Staff working on research and development', type: 'integer', required: false, min: 0 },
  { id: 'exportSharePct', label: 'Share of revenue from exports', type: 'percent', required: false, unit: '%' },
] as const;

/**
 * One programme per support category, open the whole of `year`, each naming the support contents
 * it funds (shared/reference/support-contents.ts). The trade-promotion and workforce-training
 * programmes used to allow stacking: they now simply share no content with another programme.
 */
export const demoProgrammes = (year: number): ProgrammeInput[] => {
  const YEAR = { opensOn: `${year}-01-01`, closesOn: `${year}-12-31` };
  return [
    {
      code: `CNHT-${year}`,
      name: `Supporting-industry development programme ${year} (Chương trình phát triển công nghiệp hỗ trợ)`,
      category: 'supporting-industry',
      ownerAgency: 'so-cong-thuong',
      ...YEAR,
      budgetVnd: 30 * BN,
      processingDays: 30,
      requiredDocuments: ['business-registration', 'financial-statements'],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], vsicSections: ['C'], minYearsActive: 1, requireActive: true },
      rubric: { id: 'cnht', version: 1 },
      questions: [...CNHT_QUESTIONS],
      annualTargets: [
        { target: 'cnht-connection', count: 140 },
        { target: 'direct-capacity-support', count: 140 },
      ],
      supportContents: ['cnht/technology'],
      maxAmountVnd: 500_000_000,
    },
    {
      code: `SPCNCL-${year}`,
      name: `Key industrial products recognition and support ${year} (xét chọn SPCNCL)`,
      category: 'key-industrial-products',
      ownerAgency: 'so-cong-thuong',
      ...YEAR,
      budgetVnd: 20 * BN,
      processingDays: 45,
      requiredDocuments: ['business-registration', 'product-dossier'],
      eligibility: { vsicSections: ['C'], requireActive: true },
      rubric: { id: 'generic', version: 1 },
      questions: [...INNOVATION_QUESTIONS],
      annualTargets: [{ target: 'key-industrial-products', count: 100 }],
      supportContents: ['cnht/key-products'],
      maxAmountVnd: 300_000_000,
    },
    {
      code: `XTTM-${year}`,
      name: `Trade promotion: booths at domestic and international trade fairs ${year}`,
      category: 'trade-promotion',
      ownerAgency: 'so-cong-thuong',
      ...YEAR,
      budgetVnd: 15 * BN,
      processingDays: 10,
      requiredDocuments: ['business-registration'],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], requireActive: true },
      rubric: null,
      questions: [],
      annualTargets: [{ target: 'indirect-support', count: 2_000 }],
      supportContents: ['trade-promotion/fair-booth', 'trade-promotion/market-survey'],
      maxAmountVnd: 50_000_000,
    },
    {
      code: `CGT-${year}`,
      name: `Joining value chains of multinational manufacturers ${year}`,
      category: 'value-chain',
      ownerAgency: 'so-cong-thuong',
      ...YEAR,
      budgetVnd: 10 * BN,
      processingDays: 30,
      requiredDocuments: ['business-registration', 'quality-certificate'],
      eligibility: { sizeClasses: ['small', 'medium'], vsicSections: ['C'], requireActive: true },
      rubric: { id: 'cnht', version: 1 },
      questions: [...CNHT_QUESTIONS],
      annualTargets: [{ target: 'cnht-direct-suppliers', count: 20 }],
      supportContents: ['value-chain/supplier-readiness', 'value-chain/business-matching'],
      maxAmountVnd: 400_000_000,
    },
    {
      code: `XANH-${year}`,
      name: `Green and circular economy transition ${year}`,
      category: 'green-circular',
      ownerAgency: 'so-nong-nghiep-moi-truong',
      ...YEAR,
      budgetVnd: 8 * BN,
      processingDays: 30,
      requiredDocuments: ['business-registration', 'project-proposal'],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], requireActive: true },
      rubric: { id: 'generic', version: 1 },
      questions: [...INNOVATION_QUESTIONS],
      annualTargets: [{ target: 'direct-capacity-support', count: 60 }],
      supportContents: ['green/cleaner-production', 'green/circular'],
      maxAmountVnd: 300_000_000,
    },
    {
      code: `NSCL-${year}`,
      name: `Productivity and quality improvement ${year} (nâng cao năng suất chất lượng)`,
      category: 'productivity-quality',
      ownerAgency: 'so-khcn',
      ...YEAR,
      budgetVnd: 12 * BN,
      processingDays: 30,
      requiredDocuments: ['business-registration', 'project-proposal'],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], minYearsActive: 2, requireActive: true },
      rubric: { id: 'generic', version: 1 },
      questions: [...PRODUCTIVITY_QUESTIONS],
      annualTargets: [{ target: 'productivity-quality', count: 450 }],
      supportContents: ['productivity-quality/management-systems', 'productivity-quality/model-enterprise'],
      maxAmountVnd: 200_000_000,
    },
    {
      code: `DMCN-${year}`,
      name: `Technology innovation and transfer ${year}`,
      category: 'technology-innovation',
      ownerAgency: 'so-khcn',
      ...YEAR,
      budgetVnd: 15 * BN,
      processingDays: 30,
      requiredDocuments: ['business-registration', 'project-proposal', 'quotation'],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], requireActive: true },
      rubric: { id: 'generic', version: 1 },
      questions: [...INNOVATION_QUESTIONS],
      annualTargets: [{ target: 'direct-capacity-support', count: 80 }],
      supportContents: ['tech-innovation/technology-transfer', 'tech-innovation/equipment'],
      maxAmountVnd: 500_000_000,
    },
    {
      code: `CDS-${year}`,
      name: `Digital transformation for SMEs ${year}`,
      category: 'digital-transformation',
      ownerAgency: 'so-khcn',
      ...YEAR,
      budgetVnd: 10 * BN,
      processingDays: 20,
      requiredDocuments: ['business-registration', 'quotation'],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], requireActive: true },
      rubric: { id: 'generic', version: 1 },
      questions: [...INNOVATION_QUESTIONS],
      annualTargets: [{ target: 'direct-capacity-support', count: 300 }],
      supportContents: ['digital/consulting', 'digital/software'],
      maxAmountVnd: 100_000_000,
    },
    {
      code: `DMST-${year}`,
      name: `Innovative start-ups ${year}`,
      category: 'innovative-startup',
      ownerAgency: 'so-khcn',
      ...YEAR,
      budgetVnd: 8 * BN,
      processingDays: 30,
      requiredDocuments: ['business-registration', 'project-proposal'],
      eligibility: { sizeClasses: ['micro', 'small'], requireActive: true },
      rubric: { id: 'generic', version: 1 },
      questions: [...INNOVATION_QUESTIONS],
      annualTargets: [{ target: 'direct-capacity-support', count: 50 }],
      supportContents: ['startup/incubation', 'startup/commercialisation'],
      maxAmountVnd: 200_000_000,
    },
    {
      code: `TDV-${year}`,
      name: `Credit access: guarantees through the city SME development fund ${year}`,
      category: 'credit-access',
      ownerAgency: 'so-tai-chinh',
      ...YEAR,
      budgetVnd: 50 * BN,
      processingDays: 20,
      requiredDocuments: ['business-registration', 'financial-statements', 'project-proposal'],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], minYearsActive: 1, requireActive: true },
      rubric: { id: 'generic', version: 1 },
      questions: [...INNOVATION_QUESTIONS],
      annualTargets: [{ target: 'direct-capacity-support', count: 200 }],
      supportContents: ['credit/interest-subsidy'],
      maxAmountVnd: 2 * BN,
    },
    {
      code: `MB-${year}`,
      name: `Production premises rental support ${year}`,
      category: 'premises-rental',
      ownerAgency: 'so-tai-chinh',
      ...YEAR,
      budgetVnd: 10 * BN,
      processingDays: 20,
      requiredDocuments: ['business-registration', 'quotation'],
      eligibility: { sizeClasses: ['micro', 'small'], vsicSections: ['A', 'C', 'F'], requireActive: true },
      rubric: { id: 'generic', version: 1 },
      questions: [],
      annualTargets: [{ target: 'direct-capacity-support', count: 100 }],
      supportContents: ['premises/rent'],
      maxAmountVnd: 300_000_000,
    },
    {
      code: `TV-${year}`,
      name: `Consulting support for SMEs ${year} (Decree 80, Article 13)`,
      category: 'consulting',
      ownerAgency: 'so-tai-chinh',
      ...YEAR,
      budgetVnd: 6 * BN,
      processingDays: 15,
      requiredDocuments: ['business-registration'],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], requireActive: true },
      rubric: null,
      questions: [],
      annualTargets: [{ target: 'indirect-support', count: 1_500 }],
      supportContents: ['consulting/management', 'consulting/legal'],
      maxAmountVnd: 100_000_000,
    },
    {
      code: `CEO-${year}`,
      name: `CEO and management training ${year}`,
      category: 'ceo-training',
      ownerAgency: 'so-tai-chinh',
      ...YEAR,
      budgetVnd: 5 * BN,
      processingDays: 10,
      requiredDocuments: [],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], requireActive: true },
      rubric: null,
      questions: [],
      annualTargets: [{ target: 'ceos-trained', count: 1_000 }],
      supportContents: ['training/ceo'],
      maxAmountVnd: 10_000_000,
    },
    {
      code: `DTNL-${year}`,
      name: `Worker training: innovation, digital skills, management and export ${year}`,
      category: 'worker-training',
      ownerAgency: 'so-noi-vu',
      ...YEAR,
      budgetVnd: 15 * BN,
      processingDays: 10,
      requiredDocuments: ['training-plan'],
      eligibility: { sizeClasses: ['micro', 'small', 'medium'], requireActive: true },
      rubric: null,
      questions: [{ id: 'trainees', label: 'Workers to be trained', type: 'integer', required: true, min: 1, max: 500 }],
      annualTargets: [{ target: 'workers-trained', count: 15_000 }],
      supportContents: ['training/workforce'],
      maxAmountVnd: 200_000_000,
    },
  ].map((p) => programmeInput.parse(p));
};

/** Seeds as the owning agency's officer would, through the API's use case (its access check included). */
const seedActor = (agency: string): Actor => ({ sub: 'seed-intake', agency, roles: ['officer'] });

export async function seedProgrammes(deps: IntakeDeps): Promise<string> {
  const programmes = demoProgrammes(yearOf(hanoiDay(deps.now())));
  let created = 0;
  for (const input of programmes) {
    try {
      await createProgramme(deps, seedActor(input.ownerAgency), input);
      created++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return `${created} demo programmes (${programmes.length - created} already there)`;
}

export const seed = (): Promise<string> => seedProgrammes(buildDeps());
