import { buildDeps } from '../../deps.ts';
import { makeSubmitPlanHandler } from './http.ts';

export const handler = makeSubmitPlanHandler(buildDeps());
