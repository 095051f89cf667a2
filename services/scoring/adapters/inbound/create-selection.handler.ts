import { buildDeps, buildIdempotency } from '../../deps.ts';
import { makeCreateSelectionHandler } from './http.ts';

export const handler = makeCreateSelectionHandler(buildDeps(), buildIdempotency());
