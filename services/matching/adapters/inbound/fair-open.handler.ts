import { buildFairDeps } from '../../deps.ts';
import { buildLinks } from '../../links.ts';
import { makeMyFairsHandler } from './fair-http.ts';

export const handler = makeMyFairsHandler(buildFairDeps(), buildLinks());
