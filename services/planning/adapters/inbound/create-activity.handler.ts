import { buildDeps, buildIdempotency } from '../../deps.ts';
import { makeCreateActivityHandler } from './http.ts';

export const handler = makeCreateActivityHandler(buildDeps(), buildIdempotency());
