import { buildRegistryDeps, buildWebhookSecret } from '../../deps.ts';
import { makePostEventsHandler } from './post-events.ts';

export const handler = makePostEventsHandler(buildRegistryDeps(), buildWebhookSecret());
