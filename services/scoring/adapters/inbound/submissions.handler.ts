import { buildDeps } from '../../deps.ts';
import { makeSubmissionsHandler } from './consumers.ts';

export const handler = makeSubmissionsHandler(buildDeps());
