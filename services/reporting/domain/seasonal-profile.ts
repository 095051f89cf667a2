/**
 * The seasonal profile the projection uses when no earlier year's monthly counts are there: each
 * month's share of a year's support activity. **An assumption, not a measurement**: no city
 * figure by month was found. It says what civil servants describe — a slow January before Tết
 * and the lowest month around Tết itself (Tết falls between 21 January and 20 February, so both
 * months are dipped; 2026: 17 February), a steady middle of the year with a summer lull, and the
 * budget year's last quarter the busiest (disbursement before the year closes, on 31 December).
 *
 * Once the system holds a year of monthly counts (the demo year, then real years), the profile is
 * learnt from them (domain/projection.ts: earlier years' counts, drawn toward this profile the
 * fewer they are), and this one only fills in for small targets.
 */
export const DEFAULT_SEASONAL_PROFILE = {
  assumption: true,
  note: 'Assumed monthly shares: Tết dip in January/February, a summer lull, a busy last quarter. Not measured: replaced by earlier years’ monthly counts where the system has them.',
  /** Relative weights per month, January first; shares are these over their sum (12). */
  weights: [0.75, 0.55, 0.95, 1.0, 1.05, 1.05, 0.95, 0.95, 1.05, 1.15, 1.2, 1.35],
  /** The months (0-based) Tết can fall in: between 21 January and 20 February. Their shares vary more from year to year. */
  tetMonths: [0, 1],
} as const;
