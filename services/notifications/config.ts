import * as z from 'zod';
import { once, parseEnv, required } from '../../shared/config.ts';
import { envNames } from '../../shared/manifest.ts';

export const NOTIFICATIONS = 'notifications';

/**
 * Deliveries of one message: the queue's receives (manifest `maxReceiveCount`). A send that still
 * fails on the last one is recorded as failed (notification.failed) instead of reaching the DLQ.
 */
export const MAX_SEND_ATTEMPTS = 5;

/** What enterprises are written about: intake's application events (supplement requests too), scores, and fair schedules. */
export const SUBSCRIBED_EVENTS = [
  'application.submitted',
  'application.scored',
  'application.decided',
  'application.withdrawn',
  'application.supplement-requested',
  'application.supplement-answered',
  'fair.scheduled',
] as const;

export const config = once(() => {
  const names = { recordsTable: envNames.table(NOTIFICATIONS, 'records'), outboxTable: envNames.outboxTable(NOTIFICATIONS) };
  const e = parseEnv(z.object({ [names.recordsTable]: required(), [names.outboxTable]: required() })) as Record<string, string>;
  return { recordsTable: e[names.recordsTable]!, outboxTable: e[names.outboxTable]! };
});

/** The sender and SES configuration set: only the functions that send mail (manifest `sendsMail`) are given them. */
export const mailConfig = once(() => {
  const names = { mailFrom: envNames.mailFrom, configurationSet: envNames.mailConfigurationSet };
  const e = parseEnv(
    z.object({
      [names.mailFrom]: z.email({ error: 'must be the sender e-mail address' }),
      [names.configurationSet]: required(),
    }),
  ) as Record<string, string>;
  return { mailFrom: e[names.mailFrom]!, configurationSet: e[names.configurationSet]! };
});

/** The registry's enterprise-accounts function, named to the consumer that invokes it (manifest `invokes`). */
export const enterpriseAccountsFunction = once(() => {
  const name = envNames.internalFunction('registry', 'enterprise-accounts');
  return (parseEnv(z.object({ [name]: required() })) as Record<string, string>)[name]!;
});
