import { buildFairDeps } from '../../deps.ts';
import { makePutPreferencesHandler } from './fair-http.ts';

export const handler = makePutPreferencesHandler(buildFairDeps());
