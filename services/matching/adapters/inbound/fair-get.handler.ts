import { buildFairDeps } from '../../deps.ts';
import { makeGetFairHandler } from './fair-http.ts';

export const handler = makeGetFairHandler(buildFairDeps());
