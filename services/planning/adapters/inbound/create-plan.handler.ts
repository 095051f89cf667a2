import { buildDeps, buildIdempotency } from '../../deps.ts';
import { makeCreatePlanHandler } from './http.ts';

export const handler = makeCreatePlanHandler(buildDeps(), buildIdempotency());
