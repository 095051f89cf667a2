import { buildFairDeps } from '../../deps.ts';
import { makeFairMeetingsHeldHandler } from './fair-consumers.ts';

export const handler = makeFairMeetingsHeldHandler(buildFairDeps());
