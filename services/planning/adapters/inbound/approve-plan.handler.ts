import { buildDeps } from '../../deps.ts';
import { makeApprovePlanHandler } from './http.ts';

export const handler = makeApprovePlanHandler(buildDeps());
