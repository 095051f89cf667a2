import { buildDeps } from '../../deps.ts';
import { makeGetRubricHandler } from './http.ts';

export const handler = makeGetRubricHandler(buildDeps());
