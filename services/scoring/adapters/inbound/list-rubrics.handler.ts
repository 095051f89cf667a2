import { buildDeps } from '../../deps.ts';
import { makeListRubricsHandler } from './http.ts';

export const handler = makeListRubricsHandler(buildDeps());
