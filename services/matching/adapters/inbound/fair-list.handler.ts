import { buildFairDeps } from '../../deps.ts';
import { makeListFairsHandler } from './fair-http.ts';

export const handler = makeListFairsHandler(buildFairDeps());
