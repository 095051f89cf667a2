/**
 * The two kinds of date an event carries, ISO 8601, one schema each; every date field of every
 * contract (and the envelope's `occurredAt`) uses one of them, so a consumer never meets a date it
 * cannot read (reporting turns each one into a Hanoi day, a month and a year).
 *
 * - {@link isoInstant}: a moment, a date-time with its offset — `Z` as `Date.toISOString()` writes
 *   it, or `+07:00` as the registry sends it; any fraction of a second. Without an offset a time
 *   would mean a different moment on each machine, so it is refused.
 * - {@link isoDate}: a calendar day, `YYYY-MM-DD` (a Hanoi day: due dates, grant dates, founding
 *   dates, a fair's day). Only real days: `2026-02-30` is refused.
 *
 * Both accept everything the publishers have written (instants from `toISOString()` and the
 * registry's checked `occurredAt`, days as `YYYY-MM-DD`), so events already sent still parse.
 */
import * as z from 'zod';

/** The longest instant accepted: nanoseconds and an offset (`2026-03-02T08:00:00.123456789+07:00`). */
export const MAX_INSTANT_LENGTH = 35;

export const isoInstant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-02T08:00:00+07:00' })
  .max(MAX_INSTANT_LENGTH);

export const isoDate = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
