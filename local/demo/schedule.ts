/**
 * The demo year as a schedule of acts, each on its date: a pure function of the year, the last day
 * and the seed (mulberry32), so the same arguments always give the same year. Nothing here talks to
 * the runtime; local/demo/run.ts performs the acts, day by day, with the runtime's clock on each
 * act's date.
 *
 * How the year is drawn (what a real year of the scheme looks like, as far as the demo needs):
 * - the plan is drafted in the first days of January, contributed by two departments and a commune
 *   committee, consolidated, submitted and approved by a second person;
 * - applications arrive on working days at a monthly rate with a Tết dip (January–February) and
 *   peaks after the calls for applications (March, September), each to a programme whose rules the
 *   enterprise meets; the enterprise mix (and so the communes) is the synthetic registry's, which
 *   leans to urban wards and the industrial-park communes;
 * - an application is drafted with its documents, submitted one to four working days later, reviewed
 *   by the programme's panel where its rubric has panel criteria, and decided by another officer
 *   (four eyes) within its processing time — some late, some withdrawn, some never submitted;
 * - new enterprises register through the year; suppliers are profiled; buyers post needs whose
 *   matches move through the funnel; one trade fair is held and one is coming; training courses,
 *   conferences, workshops and a publication are held with their attendance; the weekly and
 *   monthly reports are produced on their Mondays and firsts.
 */
import { classifySize } from '../../services/registry/domain/size-class.ts';
import { screen } from '../../services/intake/domain/eligibility.ts';
import type { ProgrammeInput } from '../../services/intake/domain/programme.ts';
import { demoProgrammes } from '../../services/intake/seed.ts';
import { addDays, isoWeekday } from '../../shared/time/hanoi.ts';
import { addWorkingDays, isWorkingDay } from '../../shared/time/working-days.ts';
import {
  enterpriseTaxCode,
  generateEnterprise,
  generateEvents,
  latestStates,
  mulberry32,
  rngFor,
  type SyntheticRegistryEvent,
} from '../data/synthetic-enterprises.ts';

export interface DemoOptions {
  year: number;
  /** The last day acted on (Hanoi date, within `year`). */
  until: string;
  seed: number;
  /** Applications of a whole year (those dated after `until` are not made). Default 2,400. */
  applicationsPerYear?: number;
  /** The registry's enterprises the year draws on (the runtime's seed loads 2,000). Default 2,000. */
  enterprises?: number;
  /** New enterprises registering over a whole year. Default 600. */
  registrationsPerYear?: number;
  /** Supplier profiles (the fair's exhibitors are among them). Default 160. */
  suppliers?: number;
}

export const DEFAULTS = { applicationsPerYear: 2_400, enterprises: 2_000, registrationsPerYear: 600, suppliers: 160 } as const;

/** The registry seed's population (services/registry/seed.ts draws the same). */
export const POPULATION_SEED = 5418;
export const POPULATION_PREFIX = 'demo';

/** Who acts: the drafting officer and the deciding officer of each agency are different people. */
export const officer = (agency: string, n = 1) => ({ sub: `demo-${agency}-officer-${n}`, agency, roles: ['officer'] });
export const reviewer = (agency: string, n: number) => ({ sub: `demo-${agency}-reviewer-${n}`, agency, roles: ['reviewer'] });
export const communeOfficer = (commune: string) => ({
  sub: `demo-ubnd-xa-${commune}-officer`,
  agency: 'ubnd-xa',
  roles: ['officer'],
  commune,
});
export const STC = 'so-tai-chinh';

/** Phases within a day: the reports (07:00), the plan's steps (in order), then the rest at once. */
export const PHASES = ['reports', 'setup', 'registry', 'draft', 'submit', 'review', 'decide', 'network', 'activities'] as const;
export type Phase = (typeof PHASES)[number];

export type Act =
  | { kind: 'weekly-report' | 'monthly-report'; phase: 'reports'; date: string; period: { from: string; to: string } }
  | { kind: 'plan-draft' | 'plan-consolidate' | 'plan-submit' | 'plan-approve'; phase: 'setup'; date: string }
  | { kind: 'plan-contribute'; phase: 'setup'; date: string; contributor: string; commune?: string }
  | { kind: 'programmes'; phase: 'setup'; date: string }
  | { kind: 'register'; phase: 'registry'; date: string; events: SyntheticRegistryEvent[] }
  | { kind: 'draft'; phase: 'draft'; date: string; app: AppPlan }
  | { kind: 'submit'; phase: 'submit'; date: string; app: AppPlan }
  | { kind: 'review'; phase: 'review'; date: string; app: AppPlan }
  | { kind: 'decide'; phase: 'decide'; date: string; app: AppPlan }
  | { kind: 'withdraw'; phase: 'decide'; date: string; app: AppPlan }
  | { kind: 'supplier'; phase: 'network'; date: string; taxCode: string; n: number }
  | { kind: 'buyer'; phase: 'network'; date: string; buyer: BuyerPlan }
  | { kind: 'need'; phase: 'network'; date: string; need: NeedPlan }
  | { kind: 'match-step'; phase: 'network'; date: string; need: string; rank: number; step: string }
  | { kind: 'fair-create' | 'fair-participants' | 'fair-run' | 'fair-held'; phase: 'network'; date: string; fair: FairPlan }
  | { kind: 'activity-create' | 'activity-attendance' | 'activity-complete'; phase: 'activities'; date: string; activity: ActivityPlan };

export interface AppPlan {
  key: string;
  programme: string;
  agency: string;
  taxCode: string;
  communeCode: string;
  requestedAmountVnd: number;
  answers: Record<string, unknown>;
  /** The day it was drafted, submitted, decided or withdrawn (as planned; past `until` not done). */
  drafted: string;
  submitted?: string;
  decided?: string;
  withdrawn?: string;
  /** How the deciding officer leans: approve unless the score or the ledger says otherwise. */
  approve: boolean;
  late: boolean;
}

export interface BuyerPlan {
  key: string;
  name: string;
  kind: 'oem' | 'fdi' | 'tier1';
  country: string;
  park: string;
  sectors: string[];
}

export interface NeedPlan {
  key: string;
  buyer: string;
  title: string;
  processes: string[];
  certifications: string[];
  deadline: string;
  volumePerMonth: number;
}

export interface FairPlan {
  key: string;
  name: string;
  heldOn: string;
  exhibitors: string[];
  buyers: string[];
}

export interface ActivityPlan {
  key: string;
  kind: 'conference' | 'workshop' | 'training-course' | 'information-session' | 'consulting-round' | 'publication';
  title: string;
  agency: string;
  commune?: string;
  startsOn: string;
  endsOn: string;
  targetIds: string[];
  /** Attendance rows as the API takes them; `csv` ones are uploaded as a file instead. */
  rows: Record<string, unknown>[];
  csv: boolean;
}

export interface DemoEnterprise {
  taxCode: string;
  communeCode: string;
  manufacturing: boolean;
  foundedOn: string;
  facts: Parameters<typeof screen>[1];
}

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const chance = (r: Rng, p: number) => r() < p;

/** Working days of [from, to]. */
export function workingDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay(d).working) out.push(d);
  return out;
}

const nextWorking = (date: string, n: number) => addWorkingDays(date, n).date;

/**
 * Relative application rate by month: a Tết dip (the holiday falls in late January or February),
 * peaks after the calls for applications in March and September, a year-end slowdown.
 */
const MONTH_RATE = [0.55, 0.35, 1.5, 1.3, 1.1, 1.0, 0.9, 0.85, 1.45, 1.25, 1.0, 0.7];

/** Programmes by code prefix: how popular each is (relative). */
const POPULARITY: Record<string, number> = {
  CNHT: 1.2,
  SPCNCL: 0.5,
  XTTM: 1.6,
  CGT: 0.5,
  XANH: 0.6,
  NSCL: 1.3,
  DMCN: 0.8,
  CDS: 2.0,
  DMST: 0.5,
  TDV: 0.9,
  MB: 0.5,
  TV: 1.4,
  CEO: 1.0,
  DTNL: 1.0,
};

/** The registry's enterprises the demo draws on: the seed's population, as the registry holds it. */
export function population(count: number): { events: SyntheticRegistryEvent[]; enterprises: DemoEnterprise[] } {
  const events = [...latestStates(generateEvents({ count, seed: POPULATION_SEED, eventIdPrefix: POPULATION_PREFIX }))];
  const enterprises = events
    .filter((e) => /^\d{10}$/.test(e.taxCode) && e.enterprise.status === 'active')
    .map((e) => toDemoEnterprise(e.taxCode, e.enterprise));
  return { events, enterprises };
}

function toDemoEnterprise(taxCode: string, e: SyntheticRegistryEvent['enterprise']): DemoEnterprise {
  const sizeClass = classifySize({
    mainVsic: e.vsic.main,
    employees: e.employees,
    revenueVnd: e.revenueVnd,
    totalCapitalVnd: e.totalCapitalVnd,
  }).class;
  return {
    taxCode,
    communeCode: e.communeCode,
    manufacturing: Number(e.vsic.main.slice(0, 2)) >= 10 && Number(e.vsic.main.slice(0, 2)) <= 33,
    foundedOn: e.foundedOn,
    facts: {
      taxCode,
      legalForm: e.legalForm,
      communeCode: e.communeCode,
      status: e.status,
      foundedOn: e.foundedOn,
      vsic: e.vsic,
      sizeClass: { class: sizeClass },
    },
  };
}

function answersFor(r: Rng, p: ProgrammeInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of p.questions) {
    if (!q.required && !chance(r, 0.75)) continue;
    switch (q.type) {
      case 'percent':
        out[q.id] = q.id === 'labourProductivityGrowthPct' ? int(r, 0, 25) : int(r, 0, 80);
        break;
      case 'number':
        out[q.id] = int(r, -5, 25);
        break;
      case 'integer':
        out[q.id] = q.id === 'trainees' ? int(r, 10, 120) : q.id === 'rdStaff' ? int(r, 0, 15) : int(r, 1, 40) * 100_000_000;
        break;
      case 'boolean':
        out[q.id] = chance(r, 0.4);
        break;
      case 'choice':
        out[q.id] = pick(r, (q as { options: readonly string[] }).options);
        break;
      case 'text':
        out[q.id] = pick(r, ['5S', '5S, Kaizen', 'Lean', 'Kaizen, TPM']);
        break;
      default:
        break;
    }
  }
  return out;
}

const PROCESS_CLUSTERS = [
  ['cnc-machining', 'heat-treatment', 'surface-treatment', 'mould-die-making'],
  ['stamping-deep-drawing', 'sheet-metal-welding', 'surface-treatment'],
  ['plastic-injection', 'mould-die-making', 'rubber-moulding'],
  ['pcb-assembly', 'cable-harness', 'box-build-assembly'],
  ['casting', 'forging', 'cnc-machining'],
  ['packaging-printing'],
] as const;

export const BUYERS: readonly Omit<BuyerPlan, 'key'>[] = [
  { name: 'Canon Vietnam', kind: 'oem', country: 'JP', park: 'thang-long', sectors: ['electronics'] },
  { name: 'Honda Vietnam (Hà Nội)', kind: 'oem', country: 'JP', park: 'noi-bai', sectors: ['automobile', 'mechanical-engineering'] },
  { name: 'Panasonic Vietnam', kind: 'oem', country: 'JP', park: 'thang-long', sectors: ['electronics'] },
  { name: 'Yamaha Motor Vietnam', kind: 'oem', country: 'JP', park: 'noi-bai', sectors: ['automobile'] },
  { name: 'Toyota Boshoku Hà Nội', kind: 'tier1', country: 'JP', park: 'thang-long', sectors: ['automobile'] },
  { name: 'Meiko Electronics Vietnam', kind: 'tier1', country: 'JP', park: 'thach-that-quoc-oai', sectors: ['electronics'] },
  { name: 'Foxconn Hà Nội', kind: 'fdi', country: 'TW', park: 'quang-minh', sectors: ['electronics', 'high-tech'] },
  { name: 'Sumitomo Electric Interconnect', kind: 'tier1', country: 'JP', park: 'thang-long', sectors: ['electronics', 'automobile'] },
  { name: 'VinFast Hà Nội', kind: 'oem', country: 'VN', park: 'phu-nghia', sectors: ['automobile'] },
  { name: 'Denso Manufacturing Vietnam', kind: 'tier1', country: 'JP', park: 'thang-long', sectors: ['automobile', 'electronics'] },
  { name: 'Samsung Display (supplier base)', kind: 'fdi', country: 'KR', park: 'quang-minh', sectors: ['electronics'] },
  { name: 'Hanel Electronics', kind: 'oem', country: 'VN', park: 'sai-dong-b', sectors: ['electronics'] },
];

/** Steps a match takes, in order (the API takes skips; declined ends it). */
const FUNNEL = ['contacted', 'met', 'sample', 'trial-order', 'contracted'] as const;

export interface DemoSchedule {
  options: Required<DemoOptions>;
  programmes: ProgrammeInput[];
  population: SyntheticRegistryEvent[];
  enterprises: DemoEnterprise[];
  acts: Act[];
  /** The demo commune committee that contributes to the plan and holds information sessions. */
  commune: string;
  /** The days acted on, in order (working days, and the report days). */
  days: string[];
}

export function schedule(input: DemoOptions): DemoSchedule {
  const options: Required<DemoOptions> = { ...DEFAULTS, ...input };
  const { year, until, seed } = options;
  const start = `${year}-01-01`;
  if (until < start || until > `${year}-12-31`) throw new Error(`--until ${until} is not in ${year}`);
  const r = mulberry32(seed);
  const programmes = demoProgrammes(year);
  const { events, enterprises } = population(options.enterprises);
  const acts: Act[] = [];
  const days = workingDays(start, until);
  if (days.length === 0) throw new Error(`no working day in ${year} up to ${until}`);
  const first = days[0]!;
  const at = (i: number) => days[Math.min(i, days.length - 1)]!;
  const add = (a: Act) => {
    if (a.date <= until) acts.push(a);
  };

  // The commune that contributes: the one with most of the population's manufacturers.
  const byCommune = new Map<string, number>();
  for (const e of enterprises) if (e.manufacturing) byCommune.set(e.communeCode, (byCommune.get(e.communeCode) ?? 0) + 1);
  const commune = [...byCommune.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];

  // --- The plan and the programmes (first days of January) ---
  add({ kind: 'programmes', phase: 'setup', date: first });
  add({ kind: 'plan-draft', phase: 'setup', date: first });
  add({ kind: 'plan-contribute', phase: 'setup', date: at(1), contributor: 'so-cong-thuong' });
  add({ kind: 'plan-contribute', phase: 'setup', date: at(1), contributor: 'so-khcn' });
  add({ kind: 'plan-contribute', phase: 'setup', date: at(2), contributor: `ubnd-xa-${commune}`, commune });
  add({ kind: 'plan-consolidate', phase: 'setup', date: at(3) });
  add({ kind: 'plan-submit', phase: 'setup', date: at(3) });
  add({ kind: 'plan-approve', phase: 'setup', date: at(4) });

  // --- Reports: every Monday (the week before) and every first of the month (the month before) ---
  for (let d = addDays(start, 1); d <= until; d = addDays(d, 1)) {
    if (isoWeekday(d) === 1 && addDays(d, -7) >= start)
      add({ kind: 'weekly-report', phase: 'reports', date: d, period: { from: addDays(d, -7), to: addDays(d, -1) } });
    if (d.endsWith('-01')) {
      const prev = `${year}-${String(Number(d.slice(5, 7)) - 1).padStart(2, '0')}`;
      add({ kind: 'monthly-report', phase: 'reports', date: d, period: { from: `${prev}-01`, to: addDays(d, -1) } });
    }
  }

  // --- Applications ---
  const yearDays = workingDays(start, `${year}-12-31`);
  const weightOf = (d: string) => MONTH_RATE[Number(d.slice(5, 7)) - 1]!;
  const totalWeight = yearDays.reduce((s, d) => s + weightOf(d), 0);
  const applied = new Set<string>();
  let appNo = 0;
  const popWeights = programmes.map((p) => POPULARITY[p.code.replace(/-\d{4}$/, '')] ?? 1);
  const popTotal = popWeights.reduce((a, b) => a + b, 0);
  const eligibleFor = new Map(
    programmes.map((p) => [p.code, enterprises.filter((e) => screen(p.eligibility, e.facts, start).length === 0 && e.foundedOn < start)]),
  );
  for (const day of days) {
    // Poisson-ish: the expected count, its fraction drawn.
    const expected = (options.applicationsPerYear * weightOf(day)) / totalWeight;
    const n = Math.floor(expected) + (chance(r, expected - Math.floor(expected)) ? 1 : 0);
    for (let k = 0; k < n; k++) {
      let x = r() * popTotal;
      let pi = 0;
      while (x > popWeights[pi]! && pi < programmes.length - 1) x -= popWeights[pi++]!;
      const p = programmes[pi]!;
      const pool = eligibleFor.get(p.code)!;
      if (pool.length === 0) continue;
      let e: DemoEnterprise | undefined;
      for (let tries = 0; tries < 8 && !e; tries++) {
        const c = pick(r, pool);
        if (!applied.has(`${p.code}/${c.taxCode}`)) e = c;
      }
      if (!e) continue;
      applied.add(`${p.code}/${e.taxCode}`);
      const max = p.maxAmountVnd ?? p.budgetVnd;
      const app: AppPlan = {
        key: `app-${String(++appNo).padStart(5, '0')}`,
        programme: p.code,
        agency: p.ownerAgency,
        taxCode: e.taxCode,
        communeCode: e.communeCode,
        requestedAmountVnd: Math.max(1, Math.round((max * (0.25 + 0.75 * r())) / 1_000_000)) * 1_000_000,
        answers: answersFor(r, p),
        drafted: day,
        approve: chance(r, 0.82),
        late: chance(r, 0.08),
      };
      const fate = r();
      add({ kind: 'draft', phase: 'draft', date: day, app });
      if (fate < 0.03) {
        // Never submitted: the applicant gives up on the draft.
        app.withdrawn = nextWorking(day, int(r, 2, 6));
        add({ kind: 'withdraw', phase: 'decide', date: app.withdrawn, app });
        continue;
      }
      app.submitted = nextWorking(day, int(r, 1, 4));
      add({ kind: 'submit', phase: 'submit', date: app.submitted, app });
      if (fate < 0.07) {
        app.withdrawn = nextWorking(app.submitted, int(r, 1, 8));
        add({ kind: 'withdraw', phase: 'decide', date: app.withdrawn, app });
        continue;
      }
      const due = nextWorking(app.submitted, p.processingDays);
      app.decided = app.late
        ? nextWorking(due, int(r, 1, 8))
        : p.processingDays <= 10
          ? // A short procedure (a training place, a trade-promotion grant): often decided within days.
            nextWorking(app.submitted, int(r, 1, p.processingDays - 2))
          : nextWorking(app.submitted, Math.max(3, Math.round(p.processingDays * (0.2 + 0.75 * r()))));
      if (p.rubric?.id === 'generic') add({ kind: 'review', phase: 'review', date: nextWorking(app.decided, -1), app });
      add({ kind: 'decide', phase: 'decide', date: app.decided, app });
    }
  }

  // --- New enterprises registering through the year ---
  let regNo = 0;
  const regIndexBase = 1_000_000 + (year % 100) * 5_000;
  for (const day of days) {
    const expected = options.registrationsPerYear / yearDays.length;
    const n = Math.floor(expected) + (chance(r, expected - Math.floor(expected)) ? 1 : 0);
    const batch: SyntheticRegistryEvent[] = [];
    for (let k = 0; k < n; k++) {
      const index = regIndexBase + regNo++;
      const e = generateEnterprise(rngFor(seed, index), index, { asOf: day });
      const enterprise = {
        ...e,
        legalForm: e.legalForm === 'household' || e.legalForm === 'branch' ? 'llc' : e.legalForm,
        foundedOn: day,
        status: 'active',
      } as const;
      batch.push({
        eventId: `demo-new-${year}-${String(regNo).padStart(5, '0')}`,
        type: 'registered',
        taxCode: enterpriseTaxCode(index),
        revision: 1,
        occurredAt: `${day}T07:${String(int(r, 0, 59)).padStart(2, '0')}:00+07:00`,
        enterprise,
      });
    }
    if (batch.length) add({ kind: 'register', phase: 'registry', date: day, events: batch });
  }

  // --- The supporting-industry network ---
  const manufacturers = enterprises.filter((e) => e.manufacturing);
  const suppliers = manufacturers.slice(0, Math.min(options.suppliers, manufacturers.length));
  suppliers.forEach((s, n) =>
    add({
      kind: 'supplier',
      phase: 'network',
      date: at(Math.floor((n / suppliers.length) ** 2 * Math.min(days.length - 1, 60))),
      taxCode: s.taxCode,
      n,
    }),
  );
  const buyers: BuyerPlan[] = BUYERS.map((b, i) => ({ ...b, key: `buyer-${i + 1}` }));
  buyers.forEach((b, i) => add({ kind: 'buyer', phase: 'network', date: at(1 + i * 2), buyer: b }));
  // Needs: the first in the first weeks (so a short demo has a funnel), then through the year.
  const needDays = yearDays.filter((_, i) => i % 7 === 3);
  needDays.forEach((day, i) => {
    const d = i === 0 ? at(4) : day;
    const cluster = pick(r, PROCESS_CLUSTERS);
    const need: NeedPlan = {
      key: `need-${i + 1}`,
      buyer: buyers[i % buyers.length]!.key,
      title: pick(r, [
        'Vỏ nhôm gia công CNC',
        'Chi tiết dập vỏ thiết bị',
        'Linh kiện nhựa ép phun',
        'Bó dây điện',
        'Khuôn mẫu chính xác',
        'Bao bì in offset',
      ]),
      processes: cluster.slice(0, Math.max(1, Math.min(cluster.length, int(r, 1, 2)))),
      certifications: chance(r, 0.4) ? ['ISO 9001'] : [],
      deadline: `${year + 1}-${String(int(r, 3, 12)).padStart(2, '0')}-28`,
      volumePerMonth: int(r, 1, 50) * 1_000,
    };
    add({ kind: 'need', phase: 'network', date: d, need });
    // The top matches move through the funnel over the following weeks; the first need goes fast.
    const fast = i === 0;
    for (let rank = 0; rank < 6; rank++) {
      let when = nextWorking(d, fast ? 1 : int(r, 2, 6));
      add({ kind: 'match-step', phase: 'network', date: when, need: need.key, rank, step: 'contacted' });
      const reach = rank === 0 && fast ? FUNNEL.length : chance(r, 0.25) ? 0 : int(r, 1, FUNNEL.length - (chance(r, 0.7) ? 2 : 0));
      for (let s = 1; s < reach; s++) {
        when = nextWorking(when, fast ? 3 : int(r, 4, 15));
        add({ kind: 'match-step', phase: 'network', date: when, need: need.key, rank, step: FUNNEL[s]! });
      }
      if (reach < FUNNEL.length && chance(r, 0.35)) {
        when = nextWorking(when, int(r, 3, 12));
        add({ kind: 'match-step', phase: 'network', date: when, need: need.key, rank, step: 'declined' });
      }
    }
  });

  // --- Trade fairs: one held within the period, one to come after it ---
  const spanDays = days.length;
  const pastHeld = at(Math.max(10, Math.floor(spanDays * 0.6)));
  const exhibitors = suppliers.slice(0, Math.min(40, suppliers.length)).map((s) => s.taxCode);
  const fairs: FairPlan[] = [
    {
      key: 'fair-1',
      name: `Hội chợ kết nối công nghiệp hỗ trợ Hà Nội ${year}`,
      heldOn: pastHeld,
      exhibitors,
      buyers: buyers.map((b) => b.key),
    },
    {
      key: 'fair-2',
      name: `Triển lãm kết nối cung cầu sản phẩm công nghiệp hỗ trợ ${year}`,
      heldOn: nextWorking(until, 25),
      exhibitors: exhibitors.slice(0, 30),
      buyers: buyers.slice(0, 8).map((b) => b.key),
    },
  ];
  for (const f of fairs) {
    const created = f.key === 'fair-1' ? nextWorking(f.heldOn, -8) : nextWorking(until, -3);
    add({ kind: 'fair-create', phase: 'network', date: created, fair: f });
    add({ kind: 'fair-participants', phase: 'network', date: nextWorking(created, 1), fair: f });
    add({ kind: 'fair-run', phase: 'network', date: nextWorking(created, 2), fair: f });
    if (f.key === 'fair-1') add({ kind: 'fair-held', phase: 'network', date: nextWorking(f.heldOn, 1), fair: f });
  }

  // --- Activities that are not grants ---
  const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
  const attendees = (k: number) => Array.from({ length: k }, () => pick(r, enterprises).taxCode);
  let actNo = 0;
  const activity = (a: Omit<ActivityPlan, 'key'>) => {
    const plan: ActivityPlan = { ...a, key: `activity-${++actNo}` };
    add({ kind: 'activity-create', phase: 'activities', date: nextWorking(a.startsOn, -3), activity: plan });
    add({ kind: 'activity-attendance', phase: 'activities', date: a.endsOn, activity: plan });
    add({ kind: 'activity-complete', phase: 'activities', date: nextWorking(a.endsOn, 1), activity: plan });
  };
  const months = Array.from({ length: 12 }, (_, m) => m + 1).filter((m) => `${year}-${String(m).padStart(2, '0')}-01` <= until);
  for (const m of months) {
    const mm = String(m).padStart(2, '0');
    const mDays = workingDays(`${year}-${mm}-01`, `${year}-${mm}-28`);
    if (mDays.length < 12) continue;
    const on = (i: number) => mDays[Math.min(i, mDays.length - 1)]!;
    // A workers' course each month (one of them from a CSV list), a CEO course every other month.
    const workers = int(r, 40, 120);
    activity({
      kind: 'training-course',
      title: `Đào tạo kỹ năng số cho người lao động — tháng ${m}`,
      agency: 'so-noi-vu',
      startsOn: on(6),
      endsOn: on(8),
      targetIds: ['workers-trained'],
      csv: m === months[0],
      rows: [
        ...attendees(Math.ceil(workers / 4)).map((taxCode, i) => ({ taxCode, role: 'worker', ref: `${year}${mm}W${i}` })),
        { role: 'worker', headCount: int(r, 5, 30) },
      ],
    });
    if (m % 2 === 1)
      activity({
        kind: 'training-course',
        title: `Khoá đào tạo giám đốc điều hành doanh nghiệp nhỏ và vừa — đợt ${(m + 1) / 2}`,
        agency: STC,
        startsOn: on(9),
        endsOn: on(10),
        targetIds: ['ceos-trained', 'ceos-trained-2030'],
        csv: false,
        rows: attendees(int(r, 20, 45)).map((taxCode, i) => ({ taxCode, role: 'ceo', ref: `${year}${mm}C${i}` })),
      });
    activity({
      kind: 'information-session',
      title: `Phổ biến chính sách hỗ trợ DNNVV tại xã — tháng ${m}`,
      agency: 'ubnd-xa',
      commune,
      startsOn: on(4),
      endsOn: on(4),
      targetIds: ['indirect-support'],
      csv: false,
      rows: attendees(int(r, 15, 40)).map((taxCode) => ({ taxCode, role: 'owner' })),
    });
    if (m === months[0] || m === 9)
      activity({
        kind: 'conference',
        title: m === 9 ? `Hội nghị kết nối doanh nghiệp FDI và DNNVV ${year}` : `Hội nghị triển khai Đề án hỗ trợ DNNVV năm ${year}`,
        agency: STC,
        startsOn: on(3),
        endsOn: on(3),
        targetIds: ['conferences', 'indirect-support'],
        csv: false,
        rows: attendees(int(r, 60, 120)).map((taxCode) => ({ taxCode, role: 'owner' })),
      });
    if (m === months[0] || m % 3 === 0)
      activity({
        kind: 'consulting-round',
        title: `Tư vấn năng suất chất lượng với tổ chức đánh giá sự phù hợp — quý ${Math.ceil(m / 3)}`,
        agency: 'so-khcn',
        startsOn: on(11),
        endsOn: on(11),
        targetIds: ['conformity-bodies', 'productivity-experts', 'indirect-support'],
        csv: false,
        rows: [
          ...attendees(int(r, 10, 25)).map((taxCode) => ({ taxCode, role: 'owner' })),
          {
            organisation: {
              name: pick(r, ['Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 1', 'Viện Năng suất Việt Nam', 'QUACERT']),
              kind: 'conformity-body',
            },
            role: 'official',
            headCount: 2,
          },
          ...people(`${year}${mm}E`, int(r, 2, 5)).map((ref) => ({ role: 'expert', ref })),
        ],
      });
    if (m === months[0])
      activity({
        kind: 'publication',
        title: `Sách trắng doanh nghiệp nhỏ và vừa Hà Nội ${year}`,
        agency: STC,
        startsOn: on(12),
        endsOn: on(12),
        targetIds: ['white-book'],
        csv: false,
        rows: [],
      });
  }

  acts.sort((a, b) => (a.date === b.date ? PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) : a.date < b.date ? -1 : 1));
  const actDays = [...new Set(acts.map((a) => a.date))].sort();
  return { options, programmes, population: events, enterprises, acts, commune, days: actDays };
}
