import { makeSqsClient } from '../aws/clients.ts';
import { makeDeployedRelayHandler, relayDepsFromEnv, relayDlqUrlFromEnv } from './relay.ts';

export const handler = makeDeployedRelayHandler(relayDepsFromEnv(makeSqsClient()), relayDlqUrlFromEnv());
