import { buildFairDeps } from '../../deps.ts';
import { makeDecideRegistrationHandler } from './fair-http.ts';

export const handler = makeDecideRegistrationHandler(buildFairDeps());
