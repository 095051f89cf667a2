/**
 * Dates as Hanoi's offices count them. Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving),
 * so a fixed offset is exact and needs no time-zone database. The one module every service uses
 * for "which day, month, year is it in Hanoi".
 */
const OFFSET_MS = 7 * 3600 * 1000;

/** `YYYY-MM-DD` in Hanoi of an instant. */
export const hanoiDay = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** What a bad date is called in an error: bounded, so a long string from outside never fills a log. */
const shown = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * `YYYY-MM-DD` in Hanoi for an ISO instant or a plain date (a plain date is taken as it is, if it
 * is a real day). Throws on anything else: the event contracts refuse such dates, and a caller that
 * got one anyway fails that one event, not its neighbours.
 */
export function hanoiDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const ms = Date.parse(`${iso}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) throw new Error(`not a date: ${shown(iso)}`);
    return iso;
  }
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${shown(iso)}`);
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` in Hanoi of an ISO instant (for people to read). */
export const hanoiDateTime = (iso: string): string => new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

export const yearOf = (date: string): number => Number(date.slice(0, 4));
export const monthOf = (date: string): string => date.slice(0, 7);
export const quarterOf = (date: string): number => Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;

/** Start of a Hanoi day as epoch milliseconds. */
export const hanoiMidnight = (date: string): number => Date.parse(`${date}T00:00:00+07:00`);

/** The calendar day `days` after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Day of week of a calendar date, 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: string): number => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
