import { buildDeps } from '../../deps.ts';
import { makeListApplicationsHandler } from './http.ts';

export const handler = makeListApplicationsHandler(buildDeps());
