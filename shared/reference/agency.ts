/**
 * An agency code (`so-cong-thuong`, `so-tai-chinh`, `ubnd-xa`): the `agency` claim of every token,
 * and the owner of programmes, buyers, fairs and reports. One shape wherever a code comes in — a
 * token, a request, the configuration, an event — so that a code one service accepts is never
 * refused by another.
 */
import * as z from 'zod';

/** Longest agency code: room for any department's name spelled out (`so-ke-hoach-va-dau-tu` is 21). */
export const AGENCY_CODE_MAX = 64;

export const agencyCodeSchema = z
  .string()
  .min(2)
  .max(AGENCY_CODE_MAX)
  .regex(/^[a-z0-9-]+$/, 'must be an agency code such as so-cong-thuong');
