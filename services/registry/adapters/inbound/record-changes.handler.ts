import { clients } from '../../../../shared/aws/clients.ts';
import { config, eventRoutes } from '../../config.ts';
import { makeRecordChangesHandler } from './record-changes.ts';

export const handler = makeRecordChangesHandler({ client: clients.dynamo(), sqs: clients.sqs(), table: config().enterprisesTable, routes: eventRoutes() });
