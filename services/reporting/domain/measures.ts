/**
 * What each domain event adds to the aggregates: the counter mapping, as a table. A new event type
 * is one entry in {@link EVENT_MEASURES}; the consumer subscribes to exactly its keys.
 *
 * A counter lives in a cell — (year, dimension, value) — and holds one number per measure. An
 * effect adds an amount to a measure in some cells. An effect with a `once` key counts only the
 * first time that key is seen (a marker written in the same transaction): that is how "distinct
 * enterprises supported this year" stays distinct however many grants an enterprise gets.
 *
 * Events it does not count, on purpose: `selection.completed` and `selection.applied` (a
 * selection's decisions reach the counters as intake's `application.decided`, one per application;
 * counting the selection too would count them twice).
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../shared/contracts/enterprise.ts';
import type {
  applicationDecided,
  applicationScored,
  applicationSubmitted,
  applicationWithdrawn,
  supportGranted,
} from '../../../shared/contracts/application.ts';
import type { fairScheduled } from '../../../shared/contracts/fairs.ts';
import type { FUNNEL_STEPS, matchProgressed, matchProposed, matchStepUndone } from '../../../shared/contracts/matching.ts';
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
  /** Applications still open, by due day (submitted +1, decided −1, withdrawn −1). */
  open: 'open',
  /** Submitted applications withdrawn by the applicant (drafts withdrawn are not counted). */
  withdrawn: 'withdrawn',
  scored: 'scored',
  grants: 'grants',
  supportVnd: 'supportVnd',
  /** Distinct enterprises given support in the year (or, in quarter cells, in the quarter). */
  supportedSmes: 'supportedSmes',
  newEnterprises: 'newEnterprises',
  householdConversions: 'householdConversions',
  closures: 'closures',
  /** Head counts of training grants (when intake recorded them). */
  workersTrained: 'workersTrained',
  ceosTrained: 'ceosTrained',
  /** Meetings at trade fairs: the schedule runs' meetings added minus removed, in the month the fair is held. */
  fairMeetings: 'fairMeetings',
} as const;

export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** The measure that counts matches reaching a funnel step (`funnel:proposed`, …, `funnel:declined`). */
export const funnelMeasure = (step: FunnelStep): string => `funnel:${step}`;

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
  /**
   * Count only the first time this key is seen (a distinct count). `<scope>|<member>`: the keys of
   * one scope (an enterprise in a year, say, with one member per cell) may be kept together.
   */
  once?: string;
}

/** Separates a distinct key's scope from its member (see {@link Effect.once}). */
export const ONCE_MEMBER = '|';

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

/** The cells of an administrative file's outcome (decided, withdrawn) on a date: what the file's events name. */
function fileCells(date: string, d: { communeCode: string; agency: string; programmeId: string; category: string }): Cell[] {
  const year = yearOf(date);
  return [
    { year, dim: 'all', value: ALL },
    { year, dim: 'month', value: monthOf(date) },
    { year, dim: 'commune', value: d.communeCode },
    { year, dim: 'agency', value: d.agency },
    { year, dim: 'programme', value: d.programmeId },
    { year, dim: 'category', value: d.category },
    { year, dim: 'day-agency', value: `${date}#${d.agency}` },
  ];
}

/** The open-applications cell of a due day and agency. */
const dueCell = (dueOn: string, agency: string): Cell => ({ year: yearOf(dueOn), dim: 'due', value: `${dueOn}#${agency}` });

const add = (measure: string, cells: Cell[], amount = 1, once?: string): Effect => ({ measure, amount, cells, ...(once ? { once } : {}) });

/**
 * A distinct count in each cell on its own: one marker per cell, so an enterprise counts once in
 * every cell it belongs to, whatever order the events arrive in. (One marker shared by several
 * cells would credit only the cells of whichever event got there first — a month or commune
 * breakdown that changed with delivery order.)
 */
const distinct = (measure: string, cells: Cell[], key: string): Effect[] =>
  cells.map((c) => add(measure, [c], 1, `${key}${ONCE_MEMBER}${c.dim}#${c.value}`));

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
  return [add(M.received, cells), add(M.requestedVnd, cells, d.requestedAmountVnd), add(M.open, [dueCell(d.dueOn, d.agency)])];
}

function applicationDecidedEffects(d: Data<typeof applicationDecided>): Effect[] {
  const date = hanoiDate(d.decidedAt);
  // The decided event names no sector or size class: completions are counted on what it names.
  const cells = fileCells(date, d);
  return [
    add(M.completed, cells),
    ...(d.onTime ? [add(M.completedOnTime, cells)] : []),
    add(d.outcome === 'approved' ? M.approved : M.rejected, cells),
    add(M.open, [dueCell(d.dueOn, d.agency)], -1),
  ];
}

/**
 * What counting toward the city targets `ids` adds: distinct enterprises per year (or per
 * 2026–2030 for `per: 'period'` targets) when the target's unit is enterprises, `amountOf` the
 * unit otherwise (a participation, a head count). In the city, commune and agency cells.
 */
function targetEffects(
  ids: Iterable<string>,
  o: { year: number; taxCode: string; cells: Cell[]; amountOf?: (unit: string) => number },
): Effect[] {
  const effects: Effect[] = [];
  for (const id of new Set(ids)) {
    const target = targetById(id);
    if (!target) continue;
    const measure = targetMeasure(id);
    if (target.unit !== 'enterprises') {
      const amount = o.amountOf?.(target.unit) ?? 1;
      if (amount !== 0) effects.push(add(measure, o.cells, amount));
      continue;
    }
    const scope = target.per === 'year' ? `Y${o.year}` : `P${PERIOD.from}-${PERIOD.to}`;
    effects.push(...distinct(measure, o.cells, `${scope}#${o.taxCode}#${id}`));
  }
  return effects;
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
    // Per quarter cell too: one marker for the quarter would credit only the commune and sector of
    // whichever grant got there first, when an enterprise's commune or sector changed in between.
    ...distinct(M.supportedSmes, [quarterCell(date, d.communeCode, d.vsicMain)], `Q${year}-${quarterOf(date)}#${d.taxCode}#sme`),
  ];
  if (d.workersTrained) effects.push(add(M.workersTrained, perGrant, d.workersTrained));
  if (d.ceosTrained) effects.push(add(M.ceosTrained, perGrant, d.ceosTrained));
  // Trainee targets count the head count the grant recorded; a grant recorded without one counts
  // as one (as before head counts existed). Participations: each grant is one.
  const heads: Record<string, number | undefined> = { workers: d.workersTrained, ceos: d.ceosTrained };
  effects.push(
    ...targetEffects(d.targets, { year, taxCode: d.taxCode, cells: [...cityAndCommune, agency], amountOf: (unit) => heads[unit] ?? 1 }),
  );
  return effects;
}

function applicationWithdrawnEffects(d: Data<typeof applicationWithdrawn>): Effect[] {
  // A draft was never received nor open: nothing to take back.
  if (d.previousStatus === 'draft' || !d.dueOn) return [];
  const cells = fileCells(hanoiDate(d.withdrawnAt), d);
  return [add(M.withdrawn, cells), add(M.open, [dueCell(d.dueOn, d.agency)], -1)];
}

/** A match's cells: when the step happened, the owning agency, the supplier's commune and sector. */
function matchCells(date: string, d: { agency: string; communeCode: string; vsicMain: string }): Cell[] {
  const year = yearOf(date);
  const cells: Cell[] = [
    { year, dim: 'all', value: ALL },
    { year, dim: 'month', value: monthOf(date) },
    { year, dim: 'agency', value: d.agency },
    { year, dim: 'commune', value: d.communeCode },
  ];
  if (d.vsicMain.length >= 2) cells.push({ year, dim: 'section', value: sectionOf(d.vsicMain) });
  return cells;
}

/**
 * A proposal is the supplier's participation in the supporting-industry connection programme
 * (`cnht-connection`): the city's matching network is that programme's connection activity. One
 * participation per supplier and buyer over 2026–2030 — a supplier proposed for three needs of
 * the same buyer took part in one connection, not three.
 */
function matchProposedEffects(d: Data<typeof matchProposed>): Effect[] {
  const date = hanoiDate(d.proposedAt);
  const cells = matchCells(date, d);
  const targetCells = cells.filter((c) => c.dim === 'all' || c.dim === 'commune' || c.dim === 'agency');
  return [
    add(funnelMeasure('proposed'), cells),
    ...distinct(targetMeasure('cnht-connection'), targetCells, `P${PERIOD.from}-${PERIOD.to}#${d.taxCode}#${d.buyerId}#cnht-connection`),
  ];
}

/** Each step a match reaches; the targets it names (`contracted` → direct suppliers, distinct per enterprise). */
function matchProgressedEffects(d: Data<typeof matchProgressed>): Effect[] {
  const date = hanoiDate(d.at);
  const cells = matchCells(date, d);
  const targetCells = cells.filter((c) => c.dim === 'all' || c.dim === 'commune' || c.dim === 'agency');
  return [add(funnelMeasure(d.step), cells), ...targetEffects(d.targets, { year: yearOf(date), taxCode: d.taxCode, cells: targetCells })];
}

/**
 * A step taken back (a fair's `scheduled-at-fair` whose meeting a later run removed): its count
 * comes off the cells it went into, those of the day the step was recorded.
 */
function matchStepUndoneEffects(d: Data<typeof matchStepUndone>): Effect[] {
  return [add(funnelMeasure(d.step), matchCells(hanoiDate(d.stepAt), d), -1)];
}

/**
 * A schedule run's change to a fair's meetings, in the month the fair is held: the fair's total
 * in the city, month and agency cells; each registered enterprise's own difference in its commune
 * and sector (a meeting between two registered enterprises counts in each one's commune, so
 * communes add up to more than the city). Runs carry differences, so a fair rescheduled three
 * times is counted once; a re-delivered run is stopped by its processed marker.
 */
function fairScheduledEffects(d: Data<typeof fairScheduled>): Effect[] {
  const year = yearOf(d.heldOn);
  const effects: Effect[] = [
    add(
      M.fairMeetings,
      [
        { year, dim: 'all', value: ALL },
        { year, dim: 'month', value: monthOf(d.heldOn) },
        { year, dim: 'agency', value: d.agency },
      ],
      d.meetingsAdded - d.meetingsRemoved,
    ),
  ];
  for (const e of d.enterprises) {
    const net = e.added - e.removed;
    if (net === 0) continue;
    const cells: Cell[] = e.communeCode ? [{ year, dim: 'commune', value: e.communeCode }] : [];
    if (e.vsicMain.length >= 2) cells.push({ year, dim: 'section', value: sectionOf(e.vsicMain) });
    if (cells.length) effects.push(add(M.fairMeetings, cells, net));
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
  'application.withdrawn': applicationWithdrawnEffects,
  'application.decided': applicationDecidedEffects,
  'application.scored': applicationScoredEffects,
  'support.granted': supportGrantedEffects,
  'enterprise.registered': enterpriseRegisteredEffects,
  'enterprise.closed': enterpriseClosedEffects,
  'match.proposed': matchProposedEffects,
  'match.progressed': matchProgressedEffects,
  'match.step-undone': matchStepUndoneEffects,
  'fair.scheduled': fairScheduledEffects,
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
