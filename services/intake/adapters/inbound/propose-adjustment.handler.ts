import { buildDeps } from '../../deps.ts';
import { makeProposeAdjustmentHandler } from './http.ts';

export const handler = makeProposeAdjustmentHandler(buildDeps());
