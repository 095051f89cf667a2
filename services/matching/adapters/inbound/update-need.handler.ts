import { buildDeps } from '../../deps.ts';
import { makeUpdateNeedHandler } from './http.ts';

export const handler = makeUpdateNeedHandler(buildDeps());
