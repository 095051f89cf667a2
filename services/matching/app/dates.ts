/** Hanoi's calendar day (UTC+7, no daylight saving): deadlines are Hanoi dates. */
export const hanoiToday = (now: Date): string => new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
