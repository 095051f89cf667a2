/**
 * Demo data for the local runtime: one 2026 programme per support category of the city's scheme
 * (domain.md §1), each owned by the department that typically runs it and counting toward the
 * city targets it serves. Loaded through the same repository as the API, each announced to the
 * other services (programme.changed) as the API announces a new programme, so scoring knows them
 * and their owners; a code already present is left alone, so seeding twice changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { clients } from '../../shared/aws/clients.ts';
import { ConflictError } from '../../shared/errors.ts';
import { DynamoDbIntakeRepository } from './adapters/outbound/dynamodb-intake-repository.ts';
import { programmeChangedEvent } from './app/programmes.ts';
import { config } from './config.ts';
import { programmeInput, type Programme, type ProgrammeInput } from './domain/programme.ts';

const YEAR = { opensOn: '2026-01-01', closesOn: '2026-12-31' };
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

export const DEMO_PROGRAMMES: ProgrammeInput[] = [
  {
    code: 'CNHT-2026',
    name: 'Supporting-industry development programme 2026 (Chương trình phát triển công nghiệp hỗ trợ)',
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
    allowStacking: false,
    maxAmountVnd: 500_000_000,
  },
  {
    code: 'SPCNCL-2026',
    name: 'Key industrial products recognition and support 2026 (xét chọn SPCNCL)',
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
    allowStacking: false,
    maxAmountVnd: 300_000_000,
  },
  {
    code: 'XTTM-2026',
    name: 'Trade promotion: booths at domestic and international trade fairs 2026',
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
    allowStacking: true,
    maxAmountVnd: 50_000_000,
  },
  {
    code: 'CGT-2026',
    name: 'Joining value chains of multinational manufacturers 2026',
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
    allowStacking: false,
    maxAmountVnd: 400_000_000,
  },
  {
    code: 'XANH-2026',
    name: 'Green and circular economy transition 2026',
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
    allowStacking: false,
    maxAmountVnd: 300_000_000,
  },
  {
    code: 'NSCL-2026',
    name: 'Productivity and quality improvement 2026 (nâng cao năng suất chất lượng)',
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
    allowStacking: false,
    maxAmountVnd: 200_000_000,
  },
  {
    code: 'DMCN-2026',
    name: 'Technology innovation and transfer 2026',
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
    allowStacking: false,
    maxAmountVnd: 500_000_000,
  },
  {
    code: 'CDS-2026',
    name: 'Digital transformation for SMEs 2026',
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
    allowStacking: false,
    maxAmountVnd: 100_000_000,
  },
  {
    code: 'DMST-2026',
    name: 'Innovative start-ups 2026',
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
    allowStacking: false,
    maxAmountVnd: 200_000_000,
  },
  {
    code: 'TDV-2026',
    name: 'Credit access: guarantees through the city SME development fund 2026',
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
    allowStacking: false,
    maxAmountVnd: 2 * BN,
  },
  {
    code: 'MB-2026',
    name: 'Production premises rental support 2026',
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
    allowStacking: false,
    maxAmountVnd: 300_000_000,
  },
  {
    code: 'TV-2026',
    name: 'Consulting support for SMEs 2026 (Decree 80, Article 13)',
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
    allowStacking: false,
    maxAmountVnd: 100_000_000,
  },
  {
    code: 'CEO-2026',
    name: 'CEO and management training 2026',
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
    allowStacking: false,
    maxAmountVnd: 10_000_000,
  },
  {
    code: 'DTNL-2026',
    name: 'Worker training: innovation, digital skills, management and export 2026',
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
    allowStacking: true,
    maxAmountVnd: 200_000_000,
  },
].map((p) => programmeInput.parse(p));

export async function seed(): Promise<string> {
  const c = config();
  const repo = new DynamoDbIntakeRepository(clients.dynamo(), c.recordsTable, c.outboxTable);
  const now = new Date();
  const at = now.toISOString();
  let created = 0;
  for (const input of DEMO_PROGRAMMES) {
    const programme: Programme = {
      ...input,
      id: randomUUID(),
      committedVnd: 0,
      version: 1,
      createdAt: at,
      createdBy: 'seed',
      updatedAt: at,
    };
    try {
      await repo.createProgramme(programme, [programmeChangedEvent(programme, 'created', now)]);
      created++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return `${created} demo programmes (${DEMO_PROGRAMMES.length - created} already there)`;
}
