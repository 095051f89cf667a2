import { buildDeps } from '../../deps.ts';
import { makeGetNeedHandler } from './http.ts';

export const handler = makeGetNeedHandler(buildDeps());
