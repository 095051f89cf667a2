import { buildFairDeps } from '../../deps.ts';
import { makeListParticipantsHandler } from './fair-http.ts';

export const handler = makeListParticipantsHandler(buildFairDeps());
