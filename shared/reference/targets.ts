/**
 * The city's annual targets for SME support (Hanoi 2026–2030 scheme, Decision 5418/QĐ-UBND, and
 * the plans it builds on) — domain.md §1. A programme names the targets its approvals count
 * toward; reporting compares actuals against these figures. Figures marked "period" are for the
 * whole 2026–2030 plan, the others per year.
 */
export interface TargetDefinition {
  id: string;
  name: string;
  /** What one unit is: an enterprise supported, a worker trained, … */
  unit: 'enterprises' | 'workers' | 'ceos' | 'participations' | 'bodies' | 'experts' | 'products';
  figure: number;
  per: 'year' | 'period';
  /** The agency that usually owns it (so-* codes as in tokens' `agency` claim), when the plans name one. */
  owner?: string;
}

export const TARGETS: readonly TargetDefinition[] = [
  { id: 'direct-capacity-support', name: 'SMEs given direct capacity support', unit: 'enterprises', figure: 5_000, per: 'year' },
  { id: 'indirect-support', name: 'SMEs supported indirectly', unit: 'enterprises', figure: 40_000, per: 'year' },
  { id: 'new-smes', name: 'New SMEs formed', unit: 'enterprises', figure: 40_000, per: 'year', owner: 'so-tai-chinh' },
  {
    id: 'workers-trained',
    name: 'Workers trained (innovation, digital, management, export)',
    unit: 'workers',
    figure: 15_000,
    per: 'year',
  },
  { id: 'ceos-trained', name: 'CEOs trained', unit: 'ceos', figure: 1_000, per: 'year' },
  // ~1,500 in 2021–25, +50 % in 2026–30.
  {
    id: 'productivity-quality',
    name: 'Enterprises supported on productivity & quality',
    unit: 'enterprises',
    figure: 2_250,
    per: 'period',
    owner: 'so-khcn',
  },
  {
    id: 'productivity-model-enterprises',
    name: 'Pilot "model" enterprises for productivity & quality',
    unit: 'enterprises',
    figure: 20,
    per: 'period',
    owner: 'so-khcn',
  },
  {
    id: 'conformity-bodies',
    name: 'Conformity-assessment bodies strengthened',
    unit: 'bodies',
    figure: 5,
    per: 'period',
    owner: 'so-khcn',
  },
  { id: 'productivity-experts', name: 'Productivity experts certified', unit: 'experts', figure: 40, per: 'period', owner: 'so-khcn' },
  {
    id: 'cnht-connection',
    name: 'Supporting-industry connection programme participations',
    unit: 'participations',
    figure: 700,
    per: 'period',
    owner: 'so-cong-thuong',
  },
  {
    id: 'cnht-direct-suppliers',
    name: 'Supporting-industry firms becoming direct suppliers',
    unit: 'enterprises',
    figure: 100,
    per: 'period',
    owner: 'so-cong-thuong',
  },
  {
    id: 'cnht-consulting',
    name: 'Supporting-industry management consulting participations',
    unit: 'participations',
    figure: 500,
    per: 'period',
    owner: 'so-cong-thuong',
  },
  {
    id: 'cnht-training',
    name: 'Supporting-industry training participations',
    unit: 'participations',
    figure: 300,
    per: 'period',
    owner: 'so-cong-thuong',
  },
  // 100–120 a year: the lower bound is the target.
  {
    id: 'key-industrial-products',
    name: 'Enterprises supported with key industrial products (SPCNCL)',
    unit: 'enterprises',
    figure: 100,
    per: 'year',
    owner: 'so-cong-thuong',
  },
];

export const TARGET_IDS = TARGETS.map((t) => t.id) as [string, ...string[]];

export const targetById = (id: string): TargetDefinition | undefined => TARGETS.find((t) => t.id === id);
