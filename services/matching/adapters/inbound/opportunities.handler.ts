import { buildDeps } from '../../deps.ts';
import { buildLinks } from '../../links.ts';
import { makeOpportunitiesHandler } from './http.ts';

const deps = buildDeps();
// The index starts loading at init (from its snapshot), not at the first request: app/live-index.ts.
deps.index.warm();
export const handler = makeOpportunitiesHandler(deps, buildLinks());
