import { buildDeps } from '../../deps.ts';
import { makeGetActivityHandler } from './http.ts';

export const handler = makeGetActivityHandler(buildDeps());
