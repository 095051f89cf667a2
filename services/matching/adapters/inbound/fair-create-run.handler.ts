import { buildFairDeps, buildIdempotency } from '../../deps.ts';
import { makeCreateRunHandler } from './fair-http.ts';

export const handler = makeCreateRunHandler(buildFairDeps(), buildIdempotency());
