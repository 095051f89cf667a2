import { buildDeps } from '../../deps.ts';
import { makePutTargetsHandler } from './http.ts';

export const handler = makePutTargetsHandler(buildDeps());
