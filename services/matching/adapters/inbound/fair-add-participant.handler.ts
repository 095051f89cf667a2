import { buildFairDeps, buildIdempotency } from '../../deps.ts';
import { makeAddParticipantHandler } from './fair-http.ts';

export const handler = makeAddParticipantHandler(buildFairDeps(), buildIdempotency());
