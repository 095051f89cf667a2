import { buildFairDeps } from '../../deps.ts';
import { makeFairRunSweepHandler } from './fair-consumers.ts';

export const handler = makeFairRunSweepHandler(buildFairDeps());
