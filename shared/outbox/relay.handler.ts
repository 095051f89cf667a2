import { makeSqsClient } from '../aws/sqs-client.ts';
import { makeDeployedRelayHandler, relayDepsFromEnv, relayDlqUrlFromEnv } from './relay.ts';

export const handler = makeDeployedRelayHandler(relayDepsFromEnv(makeSqsClient()), relayDlqUrlFromEnv());
