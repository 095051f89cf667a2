import { buildFairDeps } from '../../deps.ts';
import { makeFairMeetingsHandler } from './fair-consumers.ts';

export const handler = makeFairMeetingsHandler(buildFairDeps());
