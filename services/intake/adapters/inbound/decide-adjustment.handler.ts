import { buildDeps } from '../../deps.ts';
import { makeDecideAdjustmentHandler } from './http.ts';

export const handler = makeDecideAdjustmentHandler(buildDeps());
