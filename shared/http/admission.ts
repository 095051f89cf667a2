/**
 * Admission control for a route that sheds load (RouteSpec.shedding): a request that cannot be
 * answered within the deadline is refused at once with 429 and a Retry-After, before it does any
 * work, instead of being answered late or timing out. What it can see from inside the function:
 *
 * - how long the request waited before the handler ran: now − `requestContext.timeEpoch` (API
 *   Gateway's arrival time; in AWS that is gateway and cold-start time);
 * - the work already admitted here and not finished (locally every concurrent invocation shares
 *   this module; in AWS an instance runs one request at a time, so there it is none);
 * - how fast work gets done: units (e.g. events) finished per millisecond, learnt from recent
 *   requests (an exponentially weighted mean, so it follows the store's current speed).
 *
 * The request is expected to finish after (work in flight + its own) ÷ that rate, the store being
 * shared by all of it. A request is always admitted when nothing else is in flight and it did not
 * wait (under `minQueuedMs`), however large, so an idle service never refuses work. Until a first
 * request has finished the rate is a guess, so until then only one request at a time is admitted:
 * a cold function on a slow store cannot let in a wave of work it would then finish late.
 */
import { clock } from '../time/clock.ts';

export interface AdmissionOptions {
  deadlineMs: number;
  /** Time per unit assumed before anything was measured. */
  initialMsPerUnit: number;
  /** Held back from the deadline for answering and the network (default 1 s). */
  reserveMs?: number;
  minQueuedMs?: number;
  now?: () => number;
  random?: () => number;
}

export type AdmissionDecision = { admitted: true; done: () => void } | { admitted: false; retryAfterSeconds: number; reason: string };

const WEIGHT = 0.2;
const MAX_RETRY_AFTER_SECONDS = 30;

export class Admission {
  /** Units finished per millisecond. */
  private rate: number;
  private inFlight = 0;
  private measured = false;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly opts: AdmissionOptions) {
    this.rate = 1 / opts.initialMsPerUnit;
    // The clock port, as the gateway's request stamp (`timeEpoch`): the same instant source on both
    // sides, so a runtime whose clock was moved (TEST_NOW, the demo year) does not see every request
    // as having waited months. In AWS both are the system clock.
    this.now = opts.now ?? (() => clock.now().getTime());
    this.random = opts.random ?? Math.random;
  }

  /** The learnt time per unit (for logs and tests). */
  get estimateMsPerUnit(): number {
    return 1 / this.rate;
  }

  admit(arrivedAtMs: number, units: number): AdmissionDecision {
    const start = this.now();
    const queued = Math.max(0, start - arrivedAtMs);
    const others = this.inFlight;
    const work = (others + units) / this.rate;
    const budget = this.opts.deadlineMs - (this.opts.reserveMs ?? 1000);
    const late = queued + work > budget || (!this.measured && others > 0);
    if ((others > 0 || queued >= (this.opts.minQueuedMs ?? 250)) && late) {
      // Come back once the work ahead has drained, spread over up to twice that so refused callers
      // do not all return at once.
      const seconds = Math.ceil((Math.max(queued, work) / 1000) * (1 + this.random()));
      return {
        admitted: false,
        retryAfterSeconds: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds)),
        reason: `waited ${queued} ms; ${others} units in progress and ${units} more need about ${Math.round(work)} ms`,
      };
    }
    this.inFlight += units;
    let finished = false;
    return {
      admitted: true,
      done: () => {
        if (finished) return;
        finished = true;
        this.inFlight -= units;
        const elapsed = Math.max(1, this.now() - start);
        if (units <= 0) return;
        const sample = (others + units) / elapsed;
        // The first measurement replaces the guess; later ones move the mean.
        this.rate = this.measured ? (1 - WEIGHT) * this.rate + WEIGHT * sample : sample;
        this.measured = true;
      },
    };
  }
}
