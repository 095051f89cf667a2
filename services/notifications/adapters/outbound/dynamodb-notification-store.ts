/**
 * The notifications table, one item per:
 * - application it heard of: `APP#<id>` / `APP` (its contact e-mail and language, programme code);
 * - address known for an enterprise: `ENT#<taxCode>` / `CONTACT#<email, lower case>`;
 * - delivery of an event to an address: `DELIVERY#<eventId>` / `TO#<email, lower case>` (kept 30 days);
 * - processed event: `INBOX#<eventId>` (the unit of work's marker, kept 14 days).
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { UnitOfWork } from '../../../../shared/outbox/unit-of-work.ts';
import { withoutKeys } from '../../../../shared/aws/dynamodb.ts';
import type { ApplicationContact, Delivery, NotificationStore } from '../../app/ports.ts';
import { MAX_RECIPIENTS, type KnownAddress } from '../../domain/recipients.ts';

/** How long a delivery record is kept: well beyond the queue's retention, so a redelivery finds it. */
export const DELIVERY_RETENTION_SECONDS = 30 * 24 * 3600;

const lower = (email: string) => email.trim().toLowerCase();

export class DynamoDbNotificationStore implements NotificationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly outboxTable: string,
    private readonly now: () => Date,
  ) {}

  async processed(eventId: string): Promise<boolean> {
    const id = `INBOX#${eventId}`;
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: id, sk: id } }));
    return out.Item !== undefined;
  }

  async markProcessed(eventId: string): Promise<void> {
    // A second marking (two deliveries of one event racing) is no error: both found it settled.
    await new UnitOfWork(this.client, { outbox: this.outboxTable }, this.now).markProcessed(this.table, eventId).commit();
  }

  async getApplication(applicationId: string): Promise<ApplicationContact | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: `APP#${applicationId}`, sk: 'APP' } }));
    return out.Item ? withoutKeys<ApplicationContact>(out.Item) : undefined;
  }

  async putApplication(record: ApplicationContact): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.table, Item: { pk: `APP#${record.applicationId}`, sk: 'APP', ...record } }));
  }

  async addEnterpriseContact(taxCode: string, address: KnownAddress, at: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `ENT#${taxCode}`, sk: `CONTACT#${lower(address.email)}`, email: address.email, language: address.language, at },
      }),
    );
  }

  async enterpriseContacts(taxCode: string): Promise<KnownAddress[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': `ENT#${taxCode}`, ':sk': 'CONTACT#' },
        Limit: MAX_RECIPIENTS,
      }),
    );
    return (out.Items ?? []).map((i) => ({ email: String(i.email), ...(i.language ? { language: i.language as 'vi' | 'en' } : {}) }));
  }

  async delivery(sourceEventId: string, to: string): Promise<Delivery | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { pk: `DELIVERY#${sourceEventId}`, sk: `TO#${lower(to)}` } }),
    );
    return out.Item ? withoutKeys<Delivery>(out.Item, ['expiresAt']) : undefined;
  }

  private deliveryItem(d: Delivery) {
    const expiresAt = Math.floor(this.now().getTime() / 1000) + DELIVERY_RETENTION_SECONDS;
    return { pk: `DELIVERY#${d.sourceEventId}`, sk: `TO#${lower(d.to)}`, ...d, expiresAt };
  }

  async recordSent(delivery: Delivery): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.table, Item: this.deliveryItem(delivery) }));
  }

  async recordFailed(delivery: Delivery, event: Envelope): Promise<void> {
    // The record and its event together, once: a second attempt to record the same failure
    // (two deliveries racing) fails the condition and publishes nothing more.
    await new UnitOfWork(this.client, { outbox: this.outboxTable }, this.now)
      .add(
        { Put: { TableName: this.table, Item: this.deliveryItem(delivery), ConditionExpression: 'attribute_not_exists(pk)' } },
        `the failure of ${delivery.sourceEventId} to ${delivery.to} is recorded already`,
      )
      .publish(event)
      .commit();
  }
}
