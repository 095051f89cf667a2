/**
 * EventBridge Scheduler, locally: `rate(...)` and `cron(...)` expressions from the manifests
 * invoke their handlers on time (cron in the schedule's time zone). A schedule can also be run at
 * once through the gateway (`POST /local/schedules/{service}/{name}`).
 */
import { CronExpressionParser } from 'cron-parser';

const RATE = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.+)\)$/;

/**
 * EventBridge numbers days of the week 1-7 from Sunday; cron-parser 0-6 from Sunday. Shift each
 * day number (not a `/step` or the `#n` of `3#2`); names (MON-FRI) are the same in both.
 */
const toCronDayOfWeek = (field: string): string =>
  field.replace(/(^|[,-])([1-7])(?=$|[,\-#L/])/g, (_m, sep: string, day: string) => `${sep}${Number(day) - 1}`);

/** Milliseconds until the next run after `from`. */
export function nextDelay(expression: string, timeZone: string, from: Date = new Date()): number {
  const rate = RATE.exec(expression);
  if (rate) {
    if (Number(rate[1]) < 1) throw new Error(`A rate must be at least 1: ${expression}`);
    const unit = rate[2]!.replace(/s$/, '');
    const ms = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[unit as 'minute' | 'hour' | 'day'];
    return Number(rate[1]) * ms;
  }
  const cron = CRON.exec(expression);
  if (cron) {
    // EventBridge: minutes hours day-of-month month day-of-week year, with `?` for "any".
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6) throw new Error(`cron expression needs 6 fields: ${expression}`);
    const [min, hour, dom, month, dow] = fields.map((f) => (f === '?' ? '*' : f));
    const next = CronExpressionParser.parse(`0 ${min} ${hour} ${dom} ${month} ${toCronDayOfWeek(dow!)}`, {
      currentDate: from,
      tz: timeZone,
    }).next();
    return Math.max(0, next.getTime() - from.getTime());
  }
  throw new Error(`Unsupported schedule expression: ${expression}`);
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ScheduledJob {
  service: string;
  name: string;
  expression: string;
  timeZone: string;
  run: () => Promise<void>;
}

export function startScheduler(jobs: ScheduledJob[], onError: (error: unknown, context: string) => void): { stop(): void } {
  const timers = new Map<string, NodeJS.Timeout>();
  const arm = (job: ScheduledJob) => {
    const delay = nextDelay(job.expression, job.timeZone);
    // setTimeout caps at ~24.8 days: wait in steps for longer delays, without running early.
    const step = Math.min(delay, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      if (step < delay) return arm(job);
      job
        .run()
        .catch((error: unknown) => onError(error, `schedule ${job.service}/${job.name}`))
        .finally(() => arm(job));
    }, step);
    timer.unref();
    timers.set(`${job.service}/${job.name}`, timer);
  };
  jobs.forEach(arm);
  return { stop: () => timers.forEach((t) => clearTimeout(t)) };
}
