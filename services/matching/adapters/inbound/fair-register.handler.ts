import { buildFairDeps, buildIdempotency } from '../../deps.ts';
import { buildLinks } from '../../links.ts';
import { makeRegisterHandler } from './fair-http.ts';

export const handler = makeRegisterHandler(buildFairDeps(), buildLinks(), buildIdempotency());
