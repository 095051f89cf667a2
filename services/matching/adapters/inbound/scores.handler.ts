import { buildDeps } from '../../deps.ts';
import { makeScoresHandler } from './consumers.ts';

export const handler = makeScoresHandler(buildDeps());
