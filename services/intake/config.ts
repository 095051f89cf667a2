import * as z from 'zod';
import { once, parseEnv, required } from '../../shared/config.ts';
import { envNames } from '../../shared/manifest.ts';

export const INTAKE = 'intake';

export const config = once(() => {
  const names = {
    recordsTable: envNames.table(INTAKE, 'records'),
    outboxTable: envNames.outboxTable(INTAKE),
    idempotencyTable: envNames.idempotencyTable(INTAKE),
    bucket: envNames.bucket,
  };
  const e = parseEnv(z.object(Object.fromEntries(Object.values(names).map((n) => [n, required()])))) as Record<string, string>;
  return {
    recordsTable: e[names.recordsTable]!,
    outboxTable: e[names.outboxTable]!,
    idempotencyTable: e[names.idempotencyTable]!,
    bucket: e[names.bucket]!,
  };
});
