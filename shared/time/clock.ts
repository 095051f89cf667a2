/**
 * The Clock port: where every service, the local runtime and the tests take "now" from.
 *
 * Services receive `now` from their composition root (`deps.ts`), which passes {@link clock}.
 * In AWS nothing ever replaces it, so it is the system clock. The local runtime may set the
 * process's clock ({@link setClock}) from `TEST_NOW` or from the demo's time travel
 * (`POST /local/clock`), so a whole run can happen "in 2027" or "on 15 March": due dates, weeks,
 * months and years then come out as they would have on that day. Only `local/` and test set-up
 * call {@link setClock}; code deployed to AWS never reads `TEST_NOW`.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that reads `start` at the real instant `startsAtReal` (by default, the moment it is made)
 * and then runs at real speed, so timeouts, orderings and "a second later" still behave.
 */
export function clockFrom(start: Date, realNow: () => number = Date.now, startsAtReal: number = realNow()): Clock {
  const offset = start.getTime() - startsAtReal;
  return { now: () => new Date(realNow() + offset) };
}

/** A clock that never moves (unit tests). */
export const fixedClock = (at: Date | string): Clock => {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${String(at)}`);
  return { now: () => new Date(ms) };
};

let current: Clock = systemClock;

/** The process's clock: the system clock unless the local runtime or a test set-up replaced it. */
export const clock: Clock = { now: () => current.now() };

/** The process's "now", as a function (what `deps.now` ports take). */
export const now = (): Date => current.now();

/** Replace the process's clock. Local runtime and tests only. */
export function setClock(next: Clock): void {
  current = next;
}

/**
 * The clock `TEST_NOW` asks for (an ISO instant or a Hanoi calendar date), or undefined when unset.
 * Read only by the local runtime, the local tools and the test set-up.
 *
 * Every process of one run must agree on "now", though they start at different moments (the test
 * runner, the runtime it spawns, test workers minutes later): `TEST_NOW` holds at the real instant
 * `TEST_NOW_ANCHOR` (epoch ms). The first process to read `TEST_NOW` without an anchor sets it in
 * its environment, so every process it starts inherits the same one.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock | undefined {
  const raw = env.TEST_NOW?.trim();
  if (!raw) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T09:00:00+07:00` : raw;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`TEST_NOW must be an ISO 8601 instant or date, got "${raw}"`);
  const anchor = Number(env.TEST_NOW_ANCHOR);
  if (!Number.isFinite(anchor) || anchor <= 0) {
    const realNow = Date.now();
    env.TEST_NOW_ANCHOR = String(realNow);
    return clockFrom(new Date(ms), () => Date.now(), realNow);
  }
  return clockFrom(new Date(ms), () => Date.now(), anchor);
}
