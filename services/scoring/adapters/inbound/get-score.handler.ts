import { buildDeps } from '../../deps.ts';
import { makeGetScoreHandler } from './http.ts';

export const handler = makeGetScoreHandler(buildDeps());
