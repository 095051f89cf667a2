import { buildDeps } from '../../deps.ts';
import { makeRelatedPartyFlagsHandler } from './http.ts';

export const handler = makeRelatedPartyFlagsHandler(buildDeps());
