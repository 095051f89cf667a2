import { buildDeps } from '../../deps.ts';
import { makeGetMatchHandler } from './http.ts';

export const handler = makeGetMatchHandler(buildDeps());
