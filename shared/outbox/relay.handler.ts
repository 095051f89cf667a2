import { makeSqsClient } from '../aws/clients.ts';
import { makeRelayHandler, relayDepsFromEnv } from './relay.ts';

export const handler = makeRelayHandler(relayDepsFromEnv(makeSqsClient()));
