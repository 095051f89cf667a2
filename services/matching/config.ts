import * as z from 'zod';
import { once, parseEnv, required } from '../../shared/config.ts';
import { envNames } from '../../shared/manifest.ts';
import { agencyCodeSchema } from '../../shared/reference/agency.ts';

export const MATCHING = 'matching';

/** The agency that runs the supplier network when MATCHING_NETWORK_AGENCY is not set (domain.md §1: the CNHT connection targets are Sở Công Thương's). */
export const DEFAULT_NETWORK_AGENCY = 'so-cong-thuong';

export const config = once(() => {
  const names = {
    recordsTable: envNames.table(MATCHING, 'records'),
    outboxTable: envNames.outboxTable(MATCHING),
    idempotencyTable: envNames.idempotencyTable(MATCHING),
    bucket: envNames.bucket,
  };
  const e = parseEnv(
    z.object({
      ...Object.fromEntries(Object.values(names).map((n) => [n, required()])),
      MATCHING_NETWORK_AGENCY: agencyCodeSchema.optional(),
    }),
  ) as Record<string, string | undefined>;
  return {
    recordsTable: e[names.recordsTable]!,
    outboxTable: e[names.outboxTable]!,
    idempotencyTable: e[names.idempotencyTable]!,
    /** Where the match-index snapshot is kept (under `matching/index/`). */
    bucket: e[names.bucket]!,
    networkAgency: e.MATCHING_NETWORK_AGENCY ?? DEFAULT_NETWORK_AGENCY,
  };
});

/** The trade fairs' settings: their table and the bucket their schedules are kept in (services/matching/app/fairs.ts). */
export const fairsConfig = once(() => {
  const names = { fairsTable: envNames.table(MATCHING, 'fairs'), bucket: envNames.bucket };
  const e = parseEnv(z.object(Object.fromEntries(Object.values(names).map((n) => [n, required()])))) as Record<string, string>;
  return { fairsTable: e[names.fairsTable]!, bucket: e[names.bucket]! };
});
