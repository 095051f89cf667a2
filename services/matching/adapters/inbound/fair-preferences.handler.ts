import { buildFairDeps } from '../../deps.ts';
import { buildLinks } from '../../links.ts';
import { makePutPreferencesHandler } from './fair-http.ts';

export const handler = makePutPreferencesHandler(buildFairDeps(), buildLinks());
