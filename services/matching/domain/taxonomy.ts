/**
 * The supporting-industry vocabulary matching works with, as data (domain.md §5): process
 * capabilities, certifications buyers ask for, CNHT sectors (Decree 111/2015, amended by Decree
 * 205/2025), and which support categories of the scheme close which gap (the categories of
 * services/intake/domain/programme.ts).
 */
import type { Localized } from '../../../shared/i18n/localized.ts';

export interface ProcessDefinition {
  id: string;
  name: string;
  /** Its name in Vietnamese. */
  vi: string;
  /** A narrower process covers a need for its parent (anodising covers "surface treatment"). */
  parent?: string;
}

/** Process capabilities used for matching: the working taxonomy of domain.md §5. */
export const PROCESSES = [
  { id: 'cnc-machining', name: 'CNC machining', vi: 'Gia công CNC' },
  { id: 'stamping-deep-drawing', name: 'Stamping / deep drawing', vi: 'Dập / dập vuốt sâu' },
  { id: 'sheet-metal-welding', name: 'Sheet metal & welding', vi: 'Gia công kim loại tấm và hàn' },
  { id: 'casting', name: 'Die casting / casting', vi: 'Đúc áp lực / đúc' },
  { id: 'forging', name: 'Forging', vi: 'Rèn' },
  { id: 'plastic-injection', name: 'Plastic injection', vi: 'Ép phun nhựa' },
  { id: 'rubber-moulding', name: 'Rubber moulding', vi: 'Đúc cao su' },
  { id: 'mould-die-making', name: 'Mould & die making', vi: 'Chế tạo khuôn mẫu' },
  { id: 'heat-treatment', name: 'Heat treatment', vi: 'Nhiệt luyện' },
  { id: 'surface-treatment', name: 'Surface treatment', vi: 'Xử lý bề mặt' },
  { id: 'plating', name: 'Plating', vi: 'Mạ', parent: 'surface-treatment' },
  { id: 'anodising', name: 'Anodising', vi: 'Anode hóa', parent: 'surface-treatment' },
  { id: 'painting', name: 'Painting', vi: 'Sơn', parent: 'surface-treatment' },
  { id: 'powder-coating', name: 'Powder coating', vi: 'Sơn tĩnh điện', parent: 'surface-treatment' },
  { id: 'pcb-fabrication', name: 'PCB fabrication', vi: 'Chế tạo bảng mạch in (PCB)' },
  { id: 'pcb-assembly', name: 'PCB assembly (SMT / THT)', vi: 'Lắp ráp bảng mạch (SMT / THT)' },
  { id: 'cable-harness', name: 'Cable harness', vi: 'Bó dây cáp' },
  { id: 'box-build-assembly', name: 'Box-build assembly', vi: 'Lắp ráp hoàn chỉnh (box-build)' },
  { id: 'packaging-printing', name: 'Packaging & printing', vi: 'Bao bì và in ấn' },
] as const satisfies readonly ProcessDefinition[];

export type ProcessId = (typeof PROCESSES)[number]['id'];
export const PROCESS_IDS = PROCESSES.map((p) => p.id) as [ProcessId, ...ProcessId[]];
const processById = new Map<string, ProcessDefinition>(PROCESSES.map((p) => [p.id, p]));
export const processName = (id: string): string => processById.get(id)?.name ?? id;
/** A process's name in Vietnamese and English. */
export function processText(id: string): Localized {
  const p = processById.get(id);
  return p ? { vi: p.vi, en: p.name } : { vi: id, en: id };
}

/** The processes a supplier's declared ones cover: each one and its parent. */
export function coveredProcesses(declared: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const id of declared) {
    out.add(id);
    const parent = processById.get(id)?.parent;
    if (parent) out.add(parent);
  }
  return out;
}

/** Certifications and declarations buyers ask for (domain.md §5). */
export const CERTIFICATIONS = [
  'ISO 9001',
  'IATF 16949',
  'ISO 14001',
  'ISO 45001',
  'ISO 13485',
  'RoHS',
  'REACH',
  'chemSHERPA',
  'green-procurement',
] as const;
export type Certification = (typeof CERTIFICATIONS)[number];

/** Quality-management systems: when a need names no certification, holding one still counts. */
export const QUALITY_SYSTEMS: readonly Certification[] = ['ISO 9001', 'IATF 16949', 'ISO 13485'];

/** CNHT sectors (Decree 111/2015/NĐ-CP as amended). */
export const CNHT_SECTORS = [
  'textile-garment',
  'leather-footwear',
  'electronics',
  'automobile',
  'mechanical-engineering',
  'high-tech',
] as const;

/** The scheme's support categories (intake's CATEGORIES) that close a gap. */
export type SupportCategory =
  | 'productivity-quality'
  | 'green-circular'
  | 'technology-innovation'
  | 'credit-access'
  | 'value-chain'
  | 'consulting';

export type Gap = { kind: 'certification'; standard: Certification } | { kind: 'tolerance' } | { kind: 'part-size' };

/**
 * Gap → support categories, as data. A missing or expiring quality-system certificate is what the
 * productivity & quality programmes fund (domain.md §1: Sở KH&CN's consulting toward ISO / IATF);
 * environmental and chemical declarations are the green-economy programmes' ground; finer
 * tolerances and larger parts need equipment: technology innovation, and credit to buy it.
 */
export const GAP_PROGRAMMES: Record<Certification | 'tolerance' | 'part-size', readonly SupportCategory[]> = {
  'ISO 9001': ['productivity-quality'],
  'IATF 16949': ['productivity-quality'],
  'ISO 13485': ['productivity-quality'],
  'ISO 45001': ['productivity-quality'],
  'ISO 14001': ['green-circular', 'productivity-quality'],
  RoHS: ['green-circular'],
  REACH: ['green-circular'],
  chemSHERPA: ['green-circular'],
  'green-procurement': ['green-circular'],
  tolerance: ['technology-innovation'],
  'part-size': ['technology-innovation', 'credit-access'],
};

export const programmesFor = (gap: Gap): readonly SupportCategory[] =>
  GAP_PROGRAMMES[gap.kind === 'certification' ? gap.standard : gap.kind];

/** Where an agency finds the programmes of a category (intake's catalogue). */
export const programmeLink = (category: SupportCategory): string => `/programmes?category=${category}`;
