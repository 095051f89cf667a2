import { buildDeps, buildIdempotency } from '../../deps.ts';
import { makeCreateNeedHandler } from './http.ts';

export const handler = makeCreateNeedHandler(buildDeps(), buildIdempotency());
