/**
 * People's links to enterprises in the registry's table (domain/link.ts):
 *   LINK#<sub> / ENT#<taxCode>         one link, with its acts
 *   LINKS#<taxCode> / SUB#<sub>        its mirror by enterprise: sub, status, account (written with it)
 * One partition per person, so a person's links are one query (at most MAX_LINKS_PER_PERSON); one
 * per enterprise, so the people acting for it (the accounts notifications writes to) are one too.
 * The change stream's consumer reads only PROFILE items, so links never become enterprise events.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, withoutKeys } from '../../../../shared/aws/dynamodb.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import type { LinkRepository } from '../../app/ports.ts';
import type { EnterpriseLink } from '../../domain/link.ts';

const key = (sub: string, taxCode: string) => ({ pk: `LINK#${sub}`, sk: `ENT#${taxCode}` });
const mirrorKey = (sub: string, taxCode: string) => ({ pk: `LINKS#${taxCode}`, sk: `SUB#${sub}` });

export class DynamoDbLinkRepository implements LinkRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(sub: string, taxCode: string): Promise<EnterpriseLink | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: key(sub, taxCode), ConsistentRead: true }));
    return out.Item ? withoutKeys<EnterpriseLink>(out.Item) : undefined;
  }

  async linksOf(sub: string): Promise<EnterpriseLink[]> {
    const items = await queryAll(this.client, this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ent)',
      ExpressionAttributeValues: { ':pk': `LINK#${sub}`, ':ent': 'ENT#' },
      ConsistentRead: true,
    });
    return items.map((i) => withoutKeys<EnterpriseLink>(i));
  }

  async linksTo(taxCode: string): Promise<Pick<EnterpriseLink, 'sub' | 'taxCode' | 'status' | 'account'>[]> {
    const items = await queryAll(this.client, this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
      ExpressionAttributeValues: { ':pk': `LINKS#${taxCode}`, ':sub': 'SUB#' },
      ConsistentRead: true,
    });
    return items.map((i) => withoutKeys<Pick<EnterpriseLink, 'sub' | 'taxCode' | 'status' | 'account'>>(i));
  }

  async save(next: EnterpriseLink, expectedVersion: number): Promise<void> {
    const mirror = { sub: next.sub, taxCode: next.taxCode, status: next.status, ...(next.account ? { account: next.account } : {}) };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...key(next.sub, next.taxCode), ...next },
                ...(expectedVersion === 0
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
              },
            },
            { Put: { TableName: this.table, Item: { ...mirrorKey(next.sub, next.taxCode), ...mirror } } },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(`The link of ${next.sub} to ${next.taxCode} changed meanwhile; retry`);
      }
      throw error;
    }
  }
}
