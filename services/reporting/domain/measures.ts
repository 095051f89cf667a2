/**
 * What each domain event adds to the aggregates: the counter mapping, as a table. A new event type
 * is one entry in {@link EVENT_MEASURES}; the consumer subscribes to exactly its keys.
 *
 * A counter lives in a cell — (year, dimension, value) — and holds one number per measure. An
 * effect adds an amount to a measure in some cells. An effect with a `once` key counts only the
 * first time that key is seen (a marker written in the same transaction): that is how "distinct
 * enterprises supported this year" stays distinct however many grants an enterprise gets.
 *
 * Events not yet in shared/contracts, and so not mapped here until they are: match.proposed /
 * match.progressed (funnel steps; step `contracted` → target cnht-direct-suppliers, distinct per
 * enterprise over the period), selection.completed, and fair meetings. Each will be one entry.
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../shared/contracts/enterprise.ts';
import type { applicationDecided, applicationScored, applicationSubmitted, supportGranted } from '../../../shared/contracts/application.ts';
import { section2018 } from '../../../shared/reference/vsic-sections.ts';
import { targetById } from '../../../shared/reference/targets.ts';
import type { z } from 'zod';
import { hanoiDate, monthOf, quarterOf, yearOf } from './time.ts';

export const DIMENSIONS = [
  'all',
  'month',
  'agency',
  'programme',
  'category',
  'section',
  'division',
  'size',
  'commune',
  /** `YYYY-MM-DD#agency`: administrative files per day and agency (weekly reports, any date range). */
  'day-agency',
  /** `YYYY-MM-DD#agency` of the DUE date: open applications by due day ("overdue as of today" without a scan). */
  'due',
  /** `Q<n>#<commune>#<section>`: the quarterly open-data cells. */
  'quarter-cell',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The value of the one cell of the `all` dimension. */
export const ALL = '*';

export const M = {
  received: 'received',
  completed: 'completed',
  completedOnTime: 'completedOnTime',
  approved: 'approved',
  rejected: 'rejected',
  requestedVnd: 'requestedVnd',
  /** Applications still open, by due day (submitted +1, decided −1). */
  open: 'open',
  scored: 'scored',
  grants: 'grants',
  supportVnd: 'supportVnd',
  /** Distinct enterprises given support in the year (or, in quarter cells, in the quarter). */
  supportedSmes: 'supportedSmes',
  newEnterprises: 'newEnterprises',
  householdConversions: 'householdConversions',
  closures: 'closures',
} as const;

/** The measure that holds a city target's actual. */
export const targetMeasure = (targetId: string): string => `target:${targetId}`;

/** First and last year of the 2026–2030 scheme: targets given `per: 'period'` count across it. */
export const PERIOD = { from: 2026, to: 2030 } as const;

export interface Cell {
  year: number;
  dim: Dimension;
  value: string;
}

export interface Effect {
  measure: string;
  amount: number;
  cells: readonly Cell[];
  /** Count only the first time this key is seen (a distinct count). */
  once?: string;
}

export interface Label {
  cell: Cell;
  text: string;
}

export interface PlannedEvent {
  id: string;
  effects: Effect[];
  /** Display names for cells whose value is an id (programme id → its code). */
  labels: Label[];
}

const division = (vsic: string): string => vsic.slice(0, 2);
const sectionOf = (vsic: string): string => section2018(Number(division(vsic))) ?? '?';

/** The cells that describe an enterprise at a date (its own facts). */
function enterpriseCells(date: string, e: { communeCode: string; vsicMain?: string; sizeClass?: string }): Cell[] {
  const year = yearOf(date);
  const cells: Cell[] = [
    { year, dim: 'all', value: ALL },
    { year, dim: 'month', value: monthOf(date) },
    { year, dim: 'commune', value: e.communeCode },
  ];
  if (e.vsicMain)
    cells.push({ year, dim: 'section', value: sectionOf(e.vsicMain) }, { year, dim: 'division', value: division(e.vsicMain) });
  if (e.sizeClass) cells.push({ year, dim: 'size', value: e.sizeClass });
  return cells;
}

const quarterCell = (date: string, communeCode: string, vsicMain: string): Cell => ({
  year: yearOf(date),
  dim: 'quarter-cell',
  value: `Q${quarterOf(date)}#${communeCode}#${sectionOf(vsicMain)}`,
});

const add = (measure: string, cells: Cell[], amount = 1, once?: string): Effect => ({ measure, amount, cells, ...(once ? { once } : {}) });

/**
 * A distinct count in each cell on its own: one marker per cell, so an enterprise counts once in
 * every cell it belongs to, whatever order the events arrive in. (One marker shared by several
 * cells would credit only the cells of whichever event got there first — a month or commune
 * breakdown that changed with delivery order.)
 */
const distinct = (measure: string, cells: Cell[], key: string): Effect[] =>
  cells.map((c) => add(measure, [c], 1, `${key}#${c.dim}#${c.value}`));

type Data<C extends { schema: z.ZodType }> = z.infer<C['schema']>;

function applicationSubmittedEffects(d: Data<typeof applicationSubmitted>): Effect[] {
  const date = hanoiDate(d.submittedAt);
  const year = yearOf(date);
  const cells = [
    ...enterpriseCells(date, { communeCode: d.communeCode, vsicMain: d.enterprise.vsicMain, sizeClass: d.enterprise.sizeClass }),
    { year, dim: 'agency', value: d.agency },
    { year, dim: 'programme', value: d.programmeId },
    { year, dim: 'category', value: d.category },
    { year, dim: 'day-agency', value: `${date}#${d.agency}` },
  ] satisfies Cell[];
  return [
    add(M.received, cells),
    add(M.requestedVnd, cells, d.requestedAmountVnd),
    add(M.open, [{ year: yearOf(d.dueOn), dim: 'due', value: `${d.dueOn}#${d.agency}` }]),
  ];
}

function applicationDecidedEffects(d: Data<typeof applicationDecided>): Effect[] {
  const date = hanoiDate(d.decidedAt);
  const year = yearOf(date);
  // The decided event names no sector or size class: completions are counted on what it names.
  const cells = [
    { year, dim: 'all', value: ALL },
    { year, dim: 'month', value: monthOf(date) },
    { year, dim: 'commune', value: d.communeCode },
    { year, dim: 'agency', value: d.agency },
    { year, dim: 'programme', value: d.programmeId },
    { year, dim: 'category', value: d.category },
    { year, dim: 'day-agency', value: `${date}#${d.agency}` },
  ] satisfies Cell[];
  return [
    add(M.completed, cells),
    ...(d.onTime ? [add(M.completedOnTime, cells)] : []),
    add(d.outcome === 'approved' ? M.approved : M.rejected, cells),
    add(M.open, [{ year: yearOf(d.dueOn), dim: 'due', value: `${d.dueOn}#${d.agency}` }], -1),
  ];
}

function supportGrantedEffects(d: Data<typeof supportGranted>): Effect[] {
  const date = hanoiDate(d.grantedOn);
  const year = d.year;
  const own = enterpriseCells(date, { communeCode: d.communeCode, vsicMain: d.vsicMain }).map((c) => ({ ...c, year }));
  const agency: Cell = { year, dim: 'agency', value: d.agency };
  const programme: Cell = { year, dim: 'programme', value: d.programmeId };
  const category: Cell = { year, dim: 'category', value: d.category };
  const perGrant = [...own, agency, programme, category];
  const cityAndCommune = own.filter((c) => c.dim === 'all' || c.dim === 'commune');
  const y = `Y${year}#${d.taxCode}`;
  const effects: Effect[] = [
    add(M.grants, [...perGrant, quarterCell(date, d.communeCode, d.vsicMain)]),
    add(M.supportVnd, perGrant, d.amountVnd),
    // Distinct per year in each cell: an SME supported twice is one for the city, one in each month
    // it was supported in, one for each agency that supported it (so months or agencies do not add up
    // to the city's figure). The quarter cells are distinct per quarter.
    ...distinct(M.supportedSmes, [...own, agency, programme, category], `${y}#sme`),
    add(M.supportedSmes, [quarterCell(date, d.communeCode, d.vsicMain)], 1, `Q${year}-${quarterOf(date)}#${d.taxCode}#sme`),
  ];
  for (const id of new Set(d.targets)) {
    const target = targetById(id);
    if (!target) continue;
    const measure = targetMeasure(id);
    if (target.unit !== 'enterprises') {
      // Participations, trainees: each grant is one. (The contract carries no head count yet.)
      effects.push(add(measure, [...cityAndCommune, agency]));
      continue;
    }
    const scope = target.per === 'year' ? `Y${year}` : `P${PERIOD.from}-${PERIOD.to}`;
    effects.push(...distinct(measure, [...cityAndCommune, agency], `${scope}#${d.taxCode}#${id}`));
  }
  return effects;
}

function applicationScoredEffects(d: Data<typeof applicationScored>): Effect[] {
  const date = hanoiDate(d.scoredAt);
  return [
    add(M.scored, [
      { year: yearOf(date), dim: 'all', value: ALL },
      { year: yearOf(date), dim: 'month', value: monthOf(date) },
    ]),
  ];
}

/** Registry causes that bring a new enterprise into being (a bulk import's `registered` included). */
const NEW_ENTERPRISE_CAUSES = new Set(['registered', 'converted-from-household']);

function enterpriseRegisteredEffects(d: EnterpriseSnapshot): Effect[] {
  if (!NEW_ENTERPRISE_CAUSES.has(d.cause) || d.vsic.main.length < 2) return [];
  // The year it was founded, not the year the registry told us: an import of old enterprises must
  // not count as this year's new ones.
  const date = d.foundedOn ?? hanoiDate(d.occurredAt);
  const cells = [
    ...enterpriseCells(date, { communeCode: d.communeCode, vsicMain: d.vsic.main, sizeClass: d.sizeClass.class }),
    quarterCell(date, d.communeCode, d.vsic.main),
  ];
  const effects = [add(M.newEnterprises, cells)];
  // hộ kinh doanh chuyển đổi: a household business converting to an enterprise.
  if (d.cause === 'converted-from-household') effects.push(add(M.householdConversions, cells));
  if (d.sizeClass.class !== 'not-sme')
    effects.push(
      add(
        targetMeasure('new-smes'),
        cells.filter((c) => c.dim === 'all' || c.dim === 'commune'),
      ),
    );
  return effects;
}

function enterpriseClosedEffects(d: EnterpriseSnapshot): Effect[] {
  const date = hanoiDate(d.occurredAt);
  return [add(M.closures, enterpriseCells(date, { communeCode: d.communeCode, vsicMain: d.vsic.main, sizeClass: d.sizeClass.class }))];
}

type Mapper = (data: never) => Effect[];

/** Event type → its effects. The consumer subscribes to these keys and nothing else. */
export const EVENT_MEASURES = {
  'application.submitted': applicationSubmittedEffects,
  'application.decided': applicationDecidedEffects,
  'application.scored': applicationScoredEffects,
  'support.granted': supportGrantedEffects,
  'enterprise.registered': enterpriseRegisteredEffects,
  'enterprise.closed': enterpriseClosedEffects,
} satisfies Record<string, Mapper>;

export const SUBSCRIBED_EVENTS = Object.keys(EVENT_MEASURES);

/** Plan one (already validated) event: its effects and labels. Unknown types plan nothing. */
export function planEvent(event: Envelope): PlannedEvent {
  const map = (EVENT_MEASURES as Record<string, (d: unknown) => Effect[]>)[event.type];
  const effects = map ? map(event.data) : [];
  const labels: Label[] = [];
  const d = event.data as { programmeId?: string; programmeCode?: string };
  if (d.programmeId && d.programmeCode) {
    const programmeCell = effects.flatMap((e) => e.cells).find((c) => c.dim === 'programme');
    if (programmeCell) labels.push({ cell: programmeCell, text: d.programmeCode });
  }
  return { id: event.id, effects, labels };
}
