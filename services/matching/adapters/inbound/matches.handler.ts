import { buildDeps } from '../../deps.ts';
import { makeMatchesHandler } from './http.ts';

export const handler = makeMatchesHandler(buildDeps());
