/**
 * Dates as the city's offices count them: calendar days in Hanoi (UTC+7, no daylight saving).
 */
const HANOI_OFFSET_MS = 7 * 3600 * 1000;

/** YYYY-MM-DD of an instant in Hanoi. */
export const hanoiDay = (at: Date): string => new Date(at.getTime() + HANOI_OFFSET_MS).toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
