import { buildDeps } from '../../deps.ts';
import { makeNotificationFailuresHandler } from './consumers.ts';

export const handler = makeNotificationFailuresHandler(buildDeps());
