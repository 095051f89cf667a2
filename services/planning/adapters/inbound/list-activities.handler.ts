import { buildDeps } from '../../deps.ts';
import { makeListActivitiesHandler } from './http.ts';

export const handler = makeListActivitiesHandler(buildDeps());
