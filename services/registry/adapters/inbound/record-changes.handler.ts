import { clients } from '../../../../shared/aws/clients.ts';
import { streamDlqUrlFromEnv, withStreamDeadLetters } from '../../../../shared/messaging/stream-dead-letters.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { config, eventRoutes } from '../../config.ts';
import { makeRecordChangesHandler } from './record-changes.ts';

// Records it keeps failing on go whole to its DLQ, replayable after the stream's 24 h (npm run redrive).
export const handler = withStreamDeadLetters(
  makeRecordChangesHandler({ client: clients.dynamo(), sqs: clients.sqs(), table: config().enterprisesTable, routes: eventRoutes() }),
  { sqs: clients.sqs(), dlqUrl: streamDlqUrlFromEnv('registry', 'record-changes'), service: 'registry', logger: loggerFor('registry') },
);
