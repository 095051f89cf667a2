import { buildFairDeps } from '../../deps.ts';
import { makeFairRunDeadLettersHandler } from './fair-consumers.ts';

export const handler = makeFairRunDeadLettersHandler(buildFairDeps());
