import * as z from 'zod';
import { once, parseEnv, required } from '../../shared/config.ts';
import { envNames } from '../../shared/manifest.ts';

export const PLANNING = 'planning';

export const config = once(() => {
  const names = {
    recordsTable: envNames.table(PLANNING, 'records'),
    outboxTable: envNames.outboxTable(PLANNING),
    idempotencyTable: envNames.idempotencyTable(PLANNING),
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

/**
 * The registry's person-refs function, named only to the functions whose spec `invokes` it (the
 * attendance route and the upload consumer): read when they first need it, so the others start
 * without it.
 */
export const personRefsFunction = once(() => {
  const name = envNames.internalFunction('registry', 'person-refs');
  return (parseEnv(z.object({ [name]: required() })) as Record<string, string>)[name]!;
});
