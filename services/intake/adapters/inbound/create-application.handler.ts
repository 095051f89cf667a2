import { buildDeps, buildIdempotency } from '../../deps.ts';
import { makeCreateApplicationHandler } from './http.ts';

export const handler = makeCreateApplicationHandler(buildDeps(), buildIdempotency());
