import { buildDeps } from '../../deps.ts';
import { makeGetContributionHandler } from './http.ts';

export const handler = makeGetContributionHandler(buildDeps());
