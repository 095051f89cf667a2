/** Composition root: config + clients → adapters. Built once per cold start. */
import { documentClient } from '../../shared/aws/dynamodb-client.ts';
import { lambdaClient } from '../../shared/aws/lambda-client.ts';
import { sesV2Client } from '../../shared/aws/sesv2-client.ts';
import { now } from '../../shared/time/clock.ts';
import { DynamoDbNotificationStore } from './adapters/outbound/dynamodb-notification-store.ts';
import { LambdaAccountDirectory } from './adapters/outbound/lambda-account-directory.ts';
import { SesV2MailSender } from './adapters/outbound/sesv2-mail-sender.ts';
import type { Settling } from './app/notify.ts';
import type { NotificationsDeps } from './app/ports.ts';
import { config, enterpriseAccountsFunction, MAX_SEND_ATTEMPTS, mailConfig } from './config.ts';

/** What the DLQ's consumer needs: it sends nothing, it records what was not sent. */
export function buildSettlingDeps(): Settling {
  const c = config();
  return {
    store: new DynamoDbNotificationStore(documentClient(), c.recordsTable, c.outboxTable, now),
    // The people acting for an enterprise (enterprises online): the registry's answer, per message.
    accounts: new LambdaAccountDirectory(lambdaClient(), enterpriseAccountsFunction),
    now,
    maxAttempts: MAX_SEND_ATTEMPTS,
  };
}

export function buildDeps(): NotificationsDeps {
  const m = mailConfig();
  return { ...buildSettlingDeps(), mail: new SesV2MailSender(sesV2Client(), m.mailFrom, m.configurationSet) };
}
