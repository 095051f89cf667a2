import { buildDeps } from '../../deps.ts';
import { makeDecideHandler } from './http.ts';

export const handler = makeDecideHandler(buildDeps());
