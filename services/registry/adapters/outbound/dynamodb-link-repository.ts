/**
 * People's links to enterprises in the registry's table (domain/link.ts):
 *   LINK#<sub> / ENT#<taxCode>   one link, with its acts
 * One partition per person, so a person's links are one query (at most MAX_LINKS_PER_PERSON).
 * The change stream's consumer reads only PROFILE items, so links never become enterprise events.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, withoutKeys } from '../../../../shared/aws/dynamodb.ts';
import { ConflictError } from '../../../../shared/errors.ts';
import type { LinkRepository } from '../../app/ports.ts';
import type { EnterpriseLink } from '../../domain/link.ts';

const key = (sub: string, taxCode: string) => ({ pk: `LINK#${sub}`, sk: `ENT#${taxCode}` });

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

  async save(next: EnterpriseLink, expectedVersion: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key(next.sub, next.taxCode), ...next },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`The link of ${next.sub} to ${next.taxCode} changed meanwhile; retry`);
      }
      throw error;
    }
  }
}
