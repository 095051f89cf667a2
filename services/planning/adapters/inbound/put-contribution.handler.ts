import { buildDeps } from '../../deps.ts';
import { makePutContributionHandler } from './http.ts';

export const handler = makePutContributionHandler(buildDeps());
