/**
 * Admission control for a route that sheds load (RouteSpec.shedding): a request that cannot be
 * answered within the deadline is refused at once with 429 and a Retry-After, before it does any
 * work, instead of being answered late or timing out. What it can see from inside the function:
 *
 * - how long the request waited before the handler ran: now − `requestContext.timeEpoch` (API
 *   Gateway's arrival time; in AWS this is gateway and cold-start time, locally also the gateway);
 * - how long its work will take: the units it brings (e.g. events) × the time per unit measured on
 *   recent requests here (an exponentially weighted mean, so it follows the store's current speed).
 *
 * A request that did not wait (under `minQueuedMs`) is always admitted, however large, so an
 * idle service never refuses work; a queue is what this guards against.
 */
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
  private msPerUnit: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly opts: AdmissionOptions) {
    this.msPerUnit = opts.initialMsPerUnit;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  /** Measured time per unit (for logs and tests). */
  get estimateMsPerUnit(): number {
    return this.msPerUnit;
  }

  admit(arrivedAtMs: number, units: number): AdmissionDecision {
    const start = this.now();
    const queued = Math.max(0, start - arrivedAtMs);
    const work = units * this.msPerUnit;
    const budget = this.opts.deadlineMs - (this.opts.reserveMs ?? 1000);
    if (queued >= (this.opts.minQueuedMs ?? 250) && queued + work > budget) {
      // Come back once what is queued ahead has drained (about as long as this one waited),
      // spread over up to twice that so that refused callers do not all return at once.
      const seconds = Math.ceil((Math.max(queued, work) / 1000) * (1 + this.random()));
      return {
        admitted: false,
        retryAfterSeconds: Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds)),
        reason: `waited ${queued} ms; ${units} units need about ${Math.round(work)} ms more`,
      };
    }
    return {
      admitted: true,
      done: () => {
        if (units <= 0) return;
        const sample = (this.now() - start) / units;
        this.msPerUnit = (1 - WEIGHT) * this.msPerUnit + WEIGHT * sample;
      },
    };
  }
}
