import { buildDeps } from '../../deps.ts';
import { makeEventsHandler } from './events.ts';

export const handler = makeEventsHandler(buildDeps());
