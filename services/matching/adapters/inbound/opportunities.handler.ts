import { buildDeps } from '../../deps.ts';
import { makeOpportunitiesHandler } from './http.ts';

export const handler = makeOpportunitiesHandler(buildDeps());
