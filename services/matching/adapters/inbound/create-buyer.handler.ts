import { buildDeps, buildIdempotency } from '../../deps.ts';
import { makeCreateBuyerHandler } from './http.ts';

export const handler = makeCreateBuyerHandler(buildDeps(), buildIdempotency());
