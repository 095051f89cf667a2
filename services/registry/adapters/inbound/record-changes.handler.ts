import { documentClient } from '../../../../shared/aws/dynamodb-client.ts';
import { sqsClient } from '../../../../shared/aws/sqs-client.ts';
import { streamDlqUrlFromEnv, withStreamDeadLetters } from '../../../../shared/messaging/stream-dead-letters.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { config, eventRoutes } from '../../config.ts';
import { makeRecordChangesHandler } from './record-changes.ts';

// Records it keeps failing on go whole to its DLQ, replayable after the stream's 24 h (npm run redrive).
export const handler = withStreamDeadLetters(
  makeRecordChangesHandler({ client: documentClient(), sqs: sqsClient(), table: config().enterprisesTable, routes: eventRoutes() }),
  { sqs: sqsClient(), dlqUrl: streamDlqUrlFromEnv('registry', 'record-changes'), service: 'registry', logger: loggerFor('registry') },
);
