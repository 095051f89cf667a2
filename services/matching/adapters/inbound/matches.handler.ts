import { buildDeps } from '../../deps.ts';
import { makeMatchesHandler } from './http.ts';

const deps = buildDeps();
// The index starts loading at init (from its snapshot), not at the first request: app/live-index.ts.
deps.index.warm();
export const handler = makeMatchesHandler(deps);
