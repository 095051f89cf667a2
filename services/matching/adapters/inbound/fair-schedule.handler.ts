import { buildFairDeps } from '../../deps.ts';
import { makeGetScheduleHandler } from './fair-http.ts';

export const handler = makeGetScheduleHandler(buildFairDeps());
