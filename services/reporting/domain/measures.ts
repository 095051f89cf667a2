/**
 * What each domain event adds to the aggregates: the counter mapping, as a table. A new event type
 * is one entry in {@link EVENT_MEASURES}; the consumer subscribes to exactly its keys (and to
 * `plan.approved`, which is stored, not counted).
 *
 * A counter lives in a cell — (year, dimension, value) — and holds one number per counter name.
 * An effect adds an amount to a counter in some cells. An effect with a `once` key counts only the
 * first time that key is seen (a marker written in the same transaction): that is how "distinct
 * enterprises supported this year" stays distinct however many grants an enterprise gets. A
 * contribution (./contributions.ts) counts what can go down again: a grant until it is cancelled,
 * an activity's head counts until a correction replaces them.
 *
 * Reporting counts measures (shared/reference/measures.ts), not targets: a plan's targets name
 * the measures that count toward them, and the KPI reads the measures' counters ({@link counters})
 * over the target's period. Each measure is counted in the city, agency and commune cells of its
 * year: distinct per year and per five-year period (2026–2030) where its unit is enterprises,
 * people or organisations, with its occurrences (participations) beside; as a count otherwise.
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
  grantAdjusted,
  supportGranted,
} from '../../../shared/contracts/application.ts';
import type { fairScheduled } from '../../../shared/contracts/fairs.ts';
import type { FUNNEL_STEPS, matchProgressed, matchProposed, matchStepUndone } from '../../../shared/contracts/matching.ts';
import type { activityCompleted } from '../../../shared/contracts/planning.ts';
import { contentMeasure, groupMeasure } from '../../../shared/reference/measures.ts';
import { contentById, defaultContents } from '../../../shared/reference/support-contents.ts';
import { section2018 } from '../../../shared/reference/vsic-sections.ts';
import type * as z from 'zod';
import { hanoiDate, monthOf, quarterOf, yearOf } from '../../../shared/time/hanoi.ts';
import type { Contribution, Member } from './contributions.ts';

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
  /**
   * `YYYY-MM-DD#agency` of the day a file was RECEIVED: the files received that day, and how many of
   * them have since been completed or withdrawn (the city's weekly count, any date range).
   */
  'day-agency',
  /** `Q<n>#<commune>#<section>`: the quarterly open-data cells. */
  'quarter-cell',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The value of the one cell of the `all` dimension. */
export const ALL = '*';

export const M = {
  received: 'received',
  completed: 'completed',
  approved: 'approved',
  rejected: 'rejected',
  requestedVnd: 'requestedVnd',
  /** In a day-agency cell: files received that day that have since been completed (decided). */
  receivedCompleted: 'receivedCompleted',
  /** In a day-agency cell: files received that day that the applicant has since withdrawn. */
  receivedWithdrawn: 'receivedWithdrawn',
  /** Submitted applications withdrawn by the applicant (drafts withdrawn are not counted). */
  withdrawn: 'withdrawn',
  scored: 'scored',
  grants: 'grants',
  supportVnd: 'supportVnd',
  /** Distinct enterprises given support in the year (or, in quarter cells, in the quarter). */
  supportedSmes: 'supportedSmes',
  /** New enterprises (not household businesses, not branches), in the year founded. */
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

/**
 * The counters of a catalogue measure (shared/reference/measures.ts), in the city, agency and
 * commune cells of a year:
 * - `year`: distinct in the year (enterprises, people, organisations), or every occurrence;
 * - `period`: distinct over the five-year period, counted in the year each one first counts;
 * - `occurrences`: every occurrence of a distinct measure (a grant, an attendance): its participations;
 * - `heads`: head counts of a people measure (rows without a person, grants' head counts), kept apart.
 */
export const counters = {
  year: (m: string) => `m:${m}`,
  period: (m: string) => `m:${m}@P`,
  occurrences: (m: string) => `m:${m}#n`,
  heads: (m: string) => `m:${m}#heads`,
} as const;

/** The scheme's five-year periods (2026–2030, 2031–2035, …): distinct counts over a period reset at its start. */
export const SCHEME_START = 2026;
export function schemePeriodOf(year: number): { from: number; to: number } {
  const from = SCHEME_START + Math.floor((year - SCHEME_START) / 5) * 5;
  return { from, to: from + 4 };
}
const periodKey = (year: number) => {
  const p = schemePeriodOf(year);
  return `P${p.from}-${p.to}`;
};

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
   * one scope (an enterprise, a person, an activity) are kept together in one marker item.
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
  /** Counts that can go down again (./contributions.ts): applied against their state items. */
  contributions?: Contribution[];
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
  ];
}

/** The cell of the files received on a (Hanoi) day by an agency. */
const receivedCell = (day: string, agency: string): Cell => ({ year: yearOf(day), dim: 'day-agency', value: `${day}#${agency}` });

/**
 * The cells a catalogue measure counts in: the city, the agency and the commune (each when known)
 * of a year, and the city's month of `date` (when it is in that year) — the monthly counts the
 * KPI projection learns a target's seasonal profile from (domain/projection.ts). A month cell
 * counts a distinct measure distinct in the month (an enterprise supported in March and in June
 * counts in both) and its occurrences; never the five-year period's count ({@link yearlyOnly}).
 */
function measureCells(year: number, o: { agency?: string | undefined; commune?: string | undefined; date?: string | undefined }): Cell[] {
  const cells: Cell[] = [{ year, dim: 'all', value: ALL }];
  if (o.agency) cells.push({ year, dim: 'agency', value: o.agency });
  if (o.commune) cells.push({ year, dim: 'commune', value: o.commune });
  if (o.date && yearOf(o.date) === year) cells.push({ year, dim: 'month', value: monthOf(o.date) });
  return cells;
}

/** The cells of a five-year period's distinct count: not the months (the projection reads a month's own count). */
const yearlyOnly = (cells: readonly Cell[]): Cell[] => cells.filter((c) => c.dim !== 'month');

const add = (measure: string, cells: Cell[], amount = 1, once?: string): Effect => ({ measure, amount, cells, ...(once ? { once } : {}) });

const memberOf = (c: Cell) => `${c.dim}#${c.value}`;

/**
 * A distinct count in each cell on its own: one member per cell, so an entity counts once in
 * every cell it belongs to, whatever order the events arrive in. (One member shared by several
 * cells would credit only the cells of whichever event got there first.) All of an entity's
 * members share its marker item, `scope`.
 */
const distinctIn = (measure: string, cells: Cell[], scope: string, tag: string): Effect[] =>
  cells.map((c) => add(measure, [c], 1, `${scope}${ONCE_MEMBER}${tag}:${memberOf(c)}`));

/**
 * A catalogue measure counted for one entity (an enterprise, a person, an organisation) on one
 * occasion (`occasion`: an activity, a fair, a buyer): distinct in its year, distinct over the
 * five-year period, and one occurrence per occasion — each in the city, agency and commune cells.
 */
function distinctMeasure(measure: string, cells: Cell[], scope: string, occasion: string): Effect[] {
  const year = cells[0]!.year;
  return [
    ...distinctIn(counters.year(measure), cells, scope, `Y${year}:${measure}`),
    ...distinctIn(counters.period(measure), yearlyOnly(cells), scope, `${periodKey(year)}:${measure}`),
    ...distinctIn(counters.occurrences(measure), cells, scope, `${occasion}:${measure}`),
  ];
}

type Data<C extends { schema: z.ZodType }> = z.infer<C['schema']>;

function applicationSubmittedEffects(d: Data<typeof applicationSubmitted>): Effect[] {
  const date = hanoiDate(d.submittedAt);
  const year = yearOf(date);
  const cells = [
    ...enterpriseCells(date, { communeCode: d.communeCode, vsicMain: d.enterprise.vsicMain, sizeClass: d.enterprise.sizeClass }),
    { year, dim: 'agency', value: d.agency },
    { year, dim: 'programme', value: d.programmeId },
    { year, dim: 'category', value: d.category },
    receivedCell(date, d.agency),
  ] satisfies Cell[];
  return [add(M.received, cells), add(M.requestedVnd, cells, d.requestedAmountVnd)];
}

/**
 * A decision: completed (and approved / rejected) on the day it was made; and, in the cell of the
 * day the file was received, one more of that day's files completed — the city's weekly count is
 * of the week's newly received files, how many are completed and how many still in progress.
 * A message without `submittedAt` (before intake sent it) counts in the decision day's cell.
 */
function applicationDecidedEffects(d: Data<typeof applicationDecided>): Effect[] {
  const date = hanoiDate(d.decidedAt);
  // The decided event names no sector or size class: completions are counted on what it names.
  const cells = fileCells(date, d);
  const receivedOn = d.submittedAt ? hanoiDate(d.submittedAt) : date;
  return [
    add(M.completed, cells),
    add(d.outcome === 'approved' ? M.approved : M.rejected, cells),
    add(M.receivedCompleted, [receivedCell(receivedOn, d.agency)]),
  ];
}

function applicationWithdrawnEffects(d: Data<typeof applicationWithdrawn>): Effect[] {
  // A draft was never received: nothing to take back.
  if (d.previousStatus === 'draft' || !d.submittedAt) return [];
  const cells = fileCells(hanoiDate(d.withdrawnAt), d);
  return [add(M.withdrawn, cells), add(M.receivedWithdrawn, [receivedCell(hanoiDate(d.submittedAt), d.agency)])];
}

/** The support contents a grant funds: its own, or (a message from before grants carried them) its category's defaults. */
const contentsOf = (d: { contents?: string[] | undefined; category: string }): string[] => d.contents ?? defaultContents(d.category);

/** The catalogue measures a set of contents counts toward: direct support, each content, each group. */
export function grantMeasures(contents: readonly string[]): string[] {
  const known = contents.map(contentById).filter((c) => c !== undefined);
  return [
    ...(known.some((c) => c.direct) ? ['direct-support'] : []),
    ...new Set(known.map((c) => contentMeasure(c.id))),
    ...new Set(known.map((c) => groupMeasure(c.group))),
  ];
}

/** Measures a grant holds by head count: they stay while the grant is not cancelled. */
const HEAD_MEASURES = ['workers-trained', 'ceos-trained'];
const KEY_PRODUCTS = 'cnht/key-products';

/** The state item of an enterprise's grants in a five-year period. */
const grantItem = (taxCode: string, year: number) => `G#${periodKey(year)}#${taxCode}`;
const grantContributor = (grantId: string) => `grant:${grantId}`;

/**
 * What a grant holds while it is not cancelled: each of its measures distinct in its year and over
 * the period (an enterprise granted twice is one; a cancelled grant takes it out only if no other
 * grant keeps it in), its participations, key-product participations and trainee head counts.
 */
function grantMembers(d: Data<typeof supportGranted>, cells: Cell[]): Member[] {
  const members: Member[] = [];
  const p = periodKey(d.year);
  for (const measure of grantMeasures(contentsOf(d))) {
    for (const cell of cells) {
      members.push(
        { id: measure, counter: counters.year(measure), cell, amount: 1, mode: 'any' },
        { id: measure, counter: counters.occurrences(measure), cell, amount: 1, mode: 'sum' },
      );
      if (cell.dim !== 'month')
        members.push({
          id: measure,
          counter: counters.period(measure),
          cell,
          amount: 1,
          mode: 'any',
          key: `${p}|${counters.period(measure)}|${memberOf(cell)}`,
        });
    }
  }
  const sum = (id: string, counter: string, amount: number | undefined) => {
    if (amount) for (const cell of cells) members.push({ id, counter, cell, amount, mode: 'sum' });
  };
  if (contentsOf(d).includes(KEY_PRODUCTS)) sum('key-products', counters.year('key-products'), 1);
  sum('workers-trained', counters.heads('workers-trained'), d.workersTrained);
  sum('ceos-trained', counters.heads('ceos-trained'), d.ceosTrained);
  return members;
}

function supportGrantedEffects(d: Data<typeof supportGranted>): Effect[] {
  const date = hanoiDate(d.grantedOn);
  const year = d.year;
  const own = enterpriseCells(date, { communeCode: d.communeCode, vsicMain: d.vsicMain }).map((c) => ({ ...c, year }));
  const agency: Cell = { year, dim: 'agency', value: d.agency };
  const programme: Cell = { year, dim: 'programme', value: d.programmeId };
  const category: Cell = { year, dim: 'category', value: d.category };
  const perGrant = [...own, agency, programme, category];
  const entity = `E#${d.taxCode}`;
  const quarter = quarterCell(date, d.communeCode, d.vsicMain);
  const effects: Effect[] = [
    add(M.grants, [...perGrant, quarter]),
    add(M.supportVnd, perGrant, d.amountVnd),
    // Distinct per year in each cell: an SME supported twice is one for the city, one in each month
    // it was supported in, one for each agency that supported it (so months or agencies do not add up
    // to the city's figure). The quarter cells are distinct per quarter.
    ...distinctIn(M.supportedSmes, perGrant, entity, `Y${year}:sme`),
    // Per quarter cell too: one marker for the quarter would credit only the commune and sector of
    // whichever grant got there first, when an enterprise's commune or sector changed in between.
    ...distinctIn(M.supportedSmes, [quarter], entity, `Q${year}-${quarterOf(date)}:sme`),
  ];
  if (d.workersTrained) effects.push(add(M.workersTrained, perGrant, d.workersTrained));
  if (d.ceosTrained) effects.push(add(M.ceosTrained, perGrant, d.ceosTrained));
  return effects;
}

function supportGrantedContributions(d: Data<typeof supportGranted>): Contribution[] {
  const cells = measureCells(d.year, { agency: d.agency, commune: d.communeCode, date: hanoiDate(d.grantedOn) });
  return [{ item: grantItem(d.taxCode, d.year), from: grantContributor(d.grantId), revision: 0, members: grantMembers(d, cells) }];
}

/**
 * A grant reduced or cancelled: it keeps only the measures of the contents it still holds (none
 * when cancelled), whichever order the grant and its adjustments arrive in; the latest adjustment
 * decides. Amounts and grant counts stay as granted (they are what was granted; the ledger has
 * the adjusted amounts).
 */
function grantAdjustedContributions(d: Data<typeof grantAdjusted>): Contribution[] {
  const keep = d.cancelled
    ? []
    : [...grantMeasures(d.contents), ...HEAD_MEASURES, ...(d.contents.includes(KEY_PRODUCTS) ? ['key-products'] : [])];
  return [{ item: grantItem(d.taxCode, d.year), from: grantContributor(d.grantId), revision: Date.parse(d.adjustedAt), keep }];
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

const CONNECTION = 'cnht-connection';

/**
 * A proposal is the supplier's participation in the supporting-industry connection programme
 * (`cnht-connection`): the city's matching network is that programme's connection activity. One
 * participation per supplier and buyer over the five-year period — a supplier proposed for three
 * needs of the same buyer took part in one connection, not three.
 */
function matchProposedEffects(d: Data<typeof matchProposed>): Effect[] {
  const date = hanoiDate(d.proposedAt);
  const year = yearOf(date);
  const cells = matchCells(date, d);
  return [
    add(funnelMeasure('proposed'), cells),
    ...distinctIn(
      counters.year(CONNECTION),
      measureCells(year, { agency: d.agency, commune: d.communeCode, date }),
      `E#${d.taxCode}`,
      `B${d.buyerId}@${periodKey(year)}:${CONNECTION}`,
    ),
  ];
}

/** Whether a buyer makes or assembles finished products; a message from before matching said so: an OEM does. */
const makesFinishedProducts = (d: Data<typeof matchProgressed>): boolean => d.buyerMakesFinishedProducts ?? d.buyerKind === 'oem';

/**
 * Each step a match reaches. A contract with a buyer that makes or assembles finished products
 * makes the supplier a direct supplier (`direct-suppliers`: distinct in the year and over the
 * period — its first such contract; each such contract one occurrence). A contract with a tier-1
 * or a trader does not.
 */
function matchProgressedEffects(d: Data<typeof matchProgressed>): Effect[] {
  const date = hanoiDate(d.at);
  const effects = [add(funnelMeasure(d.step), matchCells(date, d))];
  if (d.step === 'contracted' && makesFinishedProducts(d)) {
    const cells = measureCells(yearOf(date), { agency: d.agency, commune: d.communeCode, date });
    effects.push(...distinctMeasure('direct-suppliers', cells, `E#${d.taxCode}`, `M${d.matchId}`));
  }
  return effects;
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
 *
 * Each enterprise given a meeting at the fair took part in it: one `cnht-connection`
 * participation per enterprise per fair, however many runs place it (a fair is never also an
 * activity, so it is not counted twice).
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
    if (net !== 0) {
      const cells: Cell[] = e.communeCode ? [{ year, dim: 'commune', value: e.communeCode }] : [];
      if (e.vsicMain.length >= 2) cells.push({ year, dim: 'section', value: sectionOf(e.vsicMain) });
      if (cells.length) effects.push(add(M.fairMeetings, cells, net));
    }
    if (e.added > 0) {
      const cells = measureCells(year, { agency: d.agency, commune: e.communeCode || undefined, date: d.heldOn });
      effects.push(...distinctIn(counters.year(CONNECTION), cells, `E#${e.taxCode}`, `F${d.fairId}:${CONNECTION}`));
    }
  }
  return effects;
}

/** Training activities: their people count toward the workers and CEOs trained. */
const TRAINING_KINDS = new Set(['training-course']);
/** Roles whose people count toward a people measure, and at which activities. */
const ROLE_MEASURES: { role: string; measure: string; training: boolean }[] = [
  { role: 'worker', measure: 'workers-trained', training: true },
  { role: 'ceo', measure: 'ceos-trained', training: true },
  { role: 'expert', measure: 'certified-experts', training: false },
];
const EVENT_KINDS: Record<string, string> = { conference: 'conferences', workshop: 'conferences', publication: 'publications' };

const peopleMeasureOf = (role: string, kind: string): string | undefined =>
  ROLE_MEASURES.find((r) => r.role === role && (!r.training || TRAINING_KINDS.has(kind)))?.measure;

/**
 * A completed activity (one part of its attendance): enterprises toward indirect support, people
 * toward workers / CEOs trained (at training courses) and certified experts, conformity bodies,
 * the activity itself toward conferences or publications — each entity distinct in the year and
 * the period, and once per activity however often a part is delivered or the activity completed
 * again. Counted in the year it ended; in the city, the recording agency's and (a commune
 * committee's) the commune's cells — the attendance names no enterprise's own commune.
 */
function activityCompletedEffects(d: Data<typeof activityCompleted>): Effect[] {
  const cells = measureCells(yearOf(d.endsOn), { agency: d.agency, commune: d.commune, date: d.endsOn });
  const occasion = `A${d.activityId}`;
  const effects: Effect[] = [];
  const event = EVENT_KINDS[d.kind];
  if (event) effects.push(...distinctIn(counters.year(event), cells, `A#${d.activityId}`, event));
  for (const taxCode of new Set(d.attendance.enterprises))
    effects.push(...distinctMeasure('indirect-support', cells, `E#${taxCode}`, occasion));
  for (const p of d.attendance.people) {
    const measure = peopleMeasureOf(p.role, d.kind);
    if (measure) effects.push(...distinctMeasure(measure, cells, `PR#${p.personRef}`, occasion));
  }
  for (const o of d.attendance.organisations)
    if (o.kind === 'conformity-body') effects.push(...distinctMeasure('conformity-bodies', cells, `O#${o.key}`, occasion));
  return effects;
}

/** An activity's head counts (rows without a person), per part: a correction's higher revision replaces them. */
function activityCompletedContributions(d: Data<typeof activityCompleted>): Contribution[] {
  const cells = measureCells(yearOf(d.endsOn), { agency: d.agency, commune: d.commune, date: d.endsOn });
  const members: Member[] = [];
  for (const h of d.attendance.headCounts) {
    const measure = peopleMeasureOf(h.role, d.kind);
    if (measure)
      for (const cell of cells) members.push({ id: measure, counter: counters.heads(measure), cell, amount: h.count, mode: 'sum' });
  }
  // A first completion without head counts writes no state; a correction always does, so one that
  // removes a head count takes it out.
  if (!members.length && d.revision === 1) return [];
  return [{ item: `A#${d.activityId}`, from: `part-${d.part}`, revision: d.revision, members }];
}

function applicationScoredEffects(d: Data<typeof applicationScored>): Effect[] {
  // Scored again after a supplement: the application was counted when first scored.
  if (d.rescored) return [];
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
/** A household business (12-digit personal code) or a dependent unit (13-digit code, `0100233488-001`): not a new enterprise. */
export const isHouseholdOrBranch = (d: { taxCode: string; legalForm: string }): boolean =>
  d.legalForm === 'household' || d.legalForm === 'branch' || !/^\d{10}$/.test(d.taxCode);

function enterpriseRegisteredEffects(d: EnterpriseSnapshot): Effect[] {
  if (!NEW_ENTERPRISE_CAUSES.has(d.cause) || d.vsic.main.length < 2 || isHouseholdOrBranch(d)) return [];
  // The year it was founded, not the year the registry told us: an import of old enterprises must
  // not count as this year's new ones.
  const date = d.foundedOn ?? hanoiDate(d.occurredAt);
  const cells = [
    ...enterpriseCells(date, { communeCode: d.communeCode, vsicMain: d.vsic.main, sizeClass: d.sizeClass.class }),
    quarterCell(date, d.communeCode, d.vsic.main),
  ];
  const own = measureCells(yearOf(date), { commune: d.communeCode, date });
  // One registration is one enterprise (a re-delivery is stopped by its processed marker): distinct by itself.
  const each = (measure: string) => [
    add(counters.year(measure), own),
    add(counters.period(measure), yearlyOnly(own)),
    add(counters.occurrences(measure), own),
  ];
  const effects = [add(M.newEnterprises, cells), ...each('new-enterprises')];
  // hộ kinh doanh chuyển đổi: a household business converting to an enterprise (a new enterprise too).
  if (d.cause === 'converted-from-household') effects.push(add(M.householdConversions, cells), ...each('household-conversions'));
  return effects;
}

function enterpriseClosedEffects(d: EnterpriseSnapshot): Effect[] {
  const date = hanoiDate(d.occurredAt);
  return [add(M.closures, enterpriseCells(date, { communeCode: d.communeCode, vsicMain: d.vsic.main, sizeClass: d.sizeClass.class }))];
}

type Mapper = (data: never) => Effect[];

/** Event type → its effects. The consumer subscribes to these keys (and to {@link STORED_EVENTS}). */
export const EVENT_MEASURES = {
  'application.submitted': applicationSubmittedEffects,
  'application.withdrawn': applicationWithdrawnEffects,
  'application.decided': applicationDecidedEffects,
  'application.scored': applicationScoredEffects,
  'support.granted': supportGrantedEffects,
  'grant.adjusted': () => [],
  'enterprise.registered': enterpriseRegisteredEffects,
  'enterprise.closed': enterpriseClosedEffects,
  'match.proposed': matchProposedEffects,
  'match.progressed': matchProgressedEffects,
  'match.step-undone': matchStepUndoneEffects,
  'fair.scheduled': fairScheduledEffects,
  'activity.completed': activityCompletedEffects,
} satisfies Record<string, Mapper>;

/** Event type → the counts it changes that can go down again (./contributions.ts). */
const EVENT_CONTRIBUTIONS: Partial<Record<keyof typeof EVENT_MEASURES, (data: never) => Contribution[]>> = {
  'support.granted': supportGrantedContributions,
  'grant.adjusted': grantAdjustedContributions,
  'activity.completed': activityCompletedContributions,
};

/** Events kept as they are rather than counted: the approved plan of a year (app/plans.ts). */
export const STORED_EVENTS = ['plan.approved'] as const;

export const SUBSCRIBED_EVENTS = [...Object.keys(EVENT_MEASURES), ...STORED_EVENTS];

/** Plan one (already validated) event: its effects, contributions and labels. Unknown types plan nothing. */
export function planEvent(event: Envelope): PlannedEvent {
  const map = (EVENT_MEASURES as Record<string, (d: unknown) => Effect[]>)[event.type];
  const effects = map ? map(event.data) : [];
  const contribute = (EVENT_CONTRIBUTIONS as Record<string, ((d: unknown) => Contribution[]) | undefined>)[event.type];
  const contributions = contribute ? contribute(event.data) : [];
  const labels: Label[] = [];
  const d = event.data as { programmeId?: string; programmeCode?: string };
  if (d.programmeId && d.programmeCode) {
    const programmeCell = effects.flatMap((e) => e.cells).find((c) => c.dim === 'programme');
    if (programmeCell) labels.push({ cell: programmeCell, text: d.programmeCode });
  }
  return { id: event.id, effects, labels, ...(contributions.length ? { contributions } : {}) };
}
