import { buildFairDeps } from '../../deps.ts';
import { makeGetRunHandler } from './fair-http.ts';

export const handler = makeGetRunHandler(buildFairDeps());
