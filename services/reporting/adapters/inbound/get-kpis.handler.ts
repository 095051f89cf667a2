import { buildDeps } from '../../deps.ts';
import { makeGetKpisHandler } from './http.ts';

export const handler = makeGetKpisHandler(buildDeps());
