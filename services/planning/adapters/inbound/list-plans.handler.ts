import { buildDeps } from '../../deps.ts';
import { makeListPlansHandler } from './http.ts';

export const handler = makeListPlansHandler(buildDeps());
