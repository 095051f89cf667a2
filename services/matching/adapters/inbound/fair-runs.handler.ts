import { buildFairDeps } from '../../deps.ts';
import { makeFairRunsHandler } from './fair-consumers.ts';

export const handler = makeFairRunsHandler(buildFairDeps());
