import { buildDeps } from '../../deps.ts';
import { makeRegistryEventsHandler } from './consumers.ts';

export const handler = makeRegistryEventsHandler(buildDeps());
