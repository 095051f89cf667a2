import { buildDeps } from '../../deps.ts';
import { makeGetPlanHandler } from './http.ts';

export const handler = makeGetPlanHandler(buildDeps());
