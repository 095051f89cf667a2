import * as z from 'zod';
import { once, parseEnv, required } from '../../shared/config.ts';
import { envNames } from '../../shared/manifest.ts';

export const REPORTING = 'reporting';
export const BUILD_CONSUMER = 'build-reports';

export const config = once(() => {
  const names = {
    recordsTable: envNames.table(REPORTING, 'records'),
    idempotencyTable: envNames.idempotencyTable(REPORTING),
    bucket: envNames.bucket,
    buildQueueUrl: envNames.consumerQueueUrl(REPORTING, BUILD_CONSUMER),
  };
  const e = parseEnv(z.object(Object.fromEntries(Object.values(names).map((n) => [n, required()])))) as Record<string, string>;
  return {
    recordsTable: e[names.recordsTable]!,
    idempotencyTable: e[names.idempotencyTable]!,
    bucket: e[names.bucket]!,
    buildQueueUrl: e[names.buildQueueUrl]!,
  };
});
