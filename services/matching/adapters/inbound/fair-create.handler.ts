import { buildFairDeps, buildIdempotency } from '../../deps.ts';
import { makeCreateFairHandler } from './fair-http.ts';

export const handler = makeCreateFairHandler(buildFairDeps(), buildIdempotency());
