/**
 * Admission control for a route that sheds load (RouteSpec.shedding): a request that cannot be
 * answered within the deadline is refused at once with 429 and a Retry-After, before it does any
 * work, instead of being answered late or timing out. What it can see from inside the function:
 *
 * - how long the request waited before the handler ran: now − `requestContext.timeEpoch` (API
 *   Gateway's arrival time; in AWS that is gateway and cold-start time);
 * - the work already admitted here and not finished (locally every concurrent invocation shares
 *   this module; in AWS an instance runs one request at a time, so there it is none);
 * - how fast the work drains: units (e.g. events) finished per millisecond of busy time (time with
 *   work in flight), over the completions of about the last deadline's worth of time. Counting
 *   units drained over busy time, not per request, is what keeps the estimate honest under load:
 *   requests that run side by side and finish together say nothing about one request's speed, only
 *   about how fast the queue empties.
 *
 * The request is expected to finish once the queue ahead of it — every unit admitted and not yet
 * finished — and its own units have drained at that rate, the store being shared by all of it: it
 * is refused when its wait so far plus that drain time would pass the deadline less a reserve. A
 * request is always admitted when nothing else is in flight and it did not wait (under
 * `minQueuedMs`), however large, so an idle service never refuses work. Until a first request has
 * finished the rate is a guess, so until then only one request at a time is admitted: a cold
 * function on a slow store cannot let in a wave of work it would then finish late.
 *
 * The drain rate is measured at the load admitted so far, and a store drains faster with more work
 * in flight (concurrent writes overlap): judged by that rate alone, a feed that starts with one
 * batch in flight measures one batch's speed and keeps admitting about one — it sheds most of what
 * the store could take (0.06–0.36 of the raw rate was measured so). So the admission also learns a
 * headroom, a factor on the drain rate, from how late its own admitted requests finish: when one
 * that was admitted near the budget finishes well within it, the headroom grows by a quarter; when
 * one finishes past 75 % of the budget, it is cut to 60 % (once per round: requests admitted before a
 * cut do not cut again). That probes up to what the store drains within the deadline and backs off
 * before requests are late — additive probing and multiplicative backing off, as TCP does.
 *
 * The headroom is a guess about the future; what is in flight is a fact: while an admitted request
 * has used more than 70 % of the budget, nothing more is admitted, since more work on the shared store
 * would slow it further (measured: without this rule the slowest of 44 admitted batches finished
 * in 5,014 ms, past the 5 s deadline).
 *
 * `maxInFlightRequests` bounds the requests admitted at once: locally every request waits for one of
 * the function's concurrency slots, so keeping one free means a refusal never waits behind admitted work.
 */
import { clock } from '../time/clock.ts';

export interface AdmissionOptions {
  deadlineMs: number;
  /** Time per unit assumed before anything was measured. */
  initialMsPerUnit: number;
  /** Held back from the deadline for answering and the network (default 1 s). */
  reserveMs?: number;
  minQueuedMs?: number;
  /** Requests admitted at once, at most (default: no bound). */
  maxInFlightRequests?: number;
  now?: () => number;
  random?: () => number;
}

export type AdmissionDecision = { admitted: true; done: () => void } | { admitted: false; retryAfterSeconds: number; reason: string };

const MAX_RETRY_AFTER_SECONDS = 30;
/** The headroom's bounds, its growth on a request well within the budget, and its cut on a late one. */
const MIN_HEADROOM = 0.5;
const MAX_HEADROOM = 8;
const GROW = 1.25;
const CUT = 0.6;
/** Finished past this share of the budget: late enough to back off. Under `WELL_WITHIN`: room to probe. */
const LATE_SHARE = 0.75;
const WELL_WITHIN_SHARE = 0.5;
/** An admitted request older than this share of the budget holds further admissions back. */
const AT_RISK_SHARE = 0.7;

/** A point on the drain record: units finished and busy milliseconds so far, at `at`. */
interface Mark {
  at: number;
  units: number;
  busyMs: number;
}

export class Admission {
  /** Units finished per millisecond of busy time. */
  private rate: number;
  private inFlight = 0;
  /** When each admitted, unfinished request arrived: the oldest is the one nearest its deadline. */
  private readonly arrivals = new Set<{ at: number }>();
  private measured = false;
  /** The factor on the measured drain rate that admission allows (see above). */
  private headroom = 1;
  /** When the headroom was last cut: requests admitted before then do not cut it again. */
  private lastCutAt = Number.NEGATIVE_INFINITY;
  /** Busy time before the current busy spell, and when that spell began (while work is in flight). */
  private busyMs = 0;
  private busySince = 0;
  private finishedUnits = 0;
  /** Marks at completions, oldest first: the rate is measured from the newest one a window old. */
  private marks: Mark[];
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly opts: AdmissionOptions) {
    this.rate = 1 / opts.initialMsPerUnit;
    // The clock port, as the gateway's request stamp (`timeEpoch`): the same instant source on both
    // sides, so a runtime whose clock was moved (TEST_NOW, the demo year) does not see every request
    // as having waited months. In AWS both are the system clock.
    this.now = opts.now ?? (() => clock.now().getTime());
    this.random = opts.random ?? Math.random;
    this.windowMs = opts.deadlineMs;
    this.marks = [{ at: this.now(), units: 0, busyMs: 0 }];
  }

  /** The learnt time per unit (for logs and tests). */
  get estimateMsPerUnit(): number {
    return 1 / this.rate;
  }

  /** The learnt headroom on the drain rate (for logs and tests). */
  get headroomFactor(): number {
    return this.headroom;
  }

  /** Units admitted and not yet finished: the queue a new request waits behind. */
  get queuedUnits(): number {
    return this.inFlight;
  }

  private busyAt(t: number): number {
    return this.busyMs + (this.inFlight > 0 ? t - this.busySince : 0);
  }

  admit(arrivedAtMs: number, units: number): AdmissionDecision {
    const start = this.now();
    const queued = Math.max(0, start - arrivedAtMs);
    const ahead = this.inFlight;
    const drainMs = (ahead + units) / (this.rate * this.headroom);
    const budget = this.opts.deadlineMs - (this.opts.reserveMs ?? 1000);
    const full = this.arrivals.size >= (this.opts.maxInFlightRequests ?? Number.POSITIVE_INFINITY);
    // A request admitted earlier that has used more than 70 % of the budget is at risk: the store is
    // shared, so more work now would slow it further. Nothing more comes in until it is done.
    const oldestMs = this.oldestInFlightMs(start);
    const atRisk = oldestMs > budget * AT_RISK_SHARE;
    const late = queued + drainMs > budget || (!this.measured && ahead > 0) || full || atRisk;
    if ((ahead > 0 || queued >= (this.opts.minQueuedMs ?? 250)) && late) {
      // Come back once the queue ahead has drained, spread over up to twice that so refused
      // callers do not all return at once.
      const seconds = Math.ceil((Math.max(queued, drainMs) / 1000) * (1 + this.random()));
      return {
        admitted: false,
        retryAfterSeconds: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds)),
        reason: full
          ? `${this.arrivals.size} requests in progress, the most admitted at once`
          : atRisk
            ? `a request admitted ${Math.round(oldestMs)} ms ago is still in progress`
            : `waited ${queued} ms; ${ahead} units queued ahead and ${units} more drain in about ${Math.round(drainMs)} ms`,
      };
    }
    if (this.inFlight === 0) this.busySince = start;
    this.inFlight += units;
    const arrival = { at: arrivedAtMs };
    this.arrivals.add(arrival);
    // Admitted near the budget: if it still finishes well within it, there was room to spare.
    const tight = queued + drainMs > budget / 2;
    let finished = false;
    return {
      admitted: true,
      done: () => {
        if (finished) return;
        finished = true;
        const t = this.now();
        const busy = this.busyAt(t);
        this.inFlight -= units;
        this.arrivals.delete(arrival);
        if (this.inFlight === 0) this.busyMs = busy;
        if (units <= 0) return;
        this.learnHeadroom(t - arrivedAtMs, start, tight, budget);
        this.finishedUnits += units;
        // From the newest mark at least a window old (or the oldest there is): what drained since, over the busy time since.
        while (this.marks.length > 1 && this.marks[1]!.at <= t - this.windowMs) this.marks.shift();
        const from = this.marks[0]!;
        const drained = this.finishedUnits - from.units;
        this.rate = drained / Math.max(1, busy - from.busyMs);
        this.measured = true;
        this.marks.push({ at: t, units: this.finishedUnits, busyMs: busy });
      },
    };
  }

  private oldestInFlightMs(t: number): number {
    let oldest = t;
    for (const a of this.arrivals) if (a.at < oldest) oldest = a.at;
    return t - oldest;
  }

  private learnHeadroom(tookMs: number, admittedAt: number, tight: boolean, budget: number): void {
    if (tookMs > budget * LATE_SHARE) {
      if (admittedAt < this.lastCutAt) return;
      this.headroom = Math.max(MIN_HEADROOM, this.headroom * CUT);
      this.lastCutAt = this.now();
    } else if (tight && tookMs < budget * WELL_WITHIN_SHARE) {
      this.headroom = Math.min(MAX_HEADROOM, this.headroom * GROW);
    }
  }
}
