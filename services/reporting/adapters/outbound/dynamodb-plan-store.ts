/**
 * The approved plans in reporting's table: one item per year, `PLAN#<year>` / `PLAN`, holding the
 * latest approved version that reached reporting. A version is written only over a lower one
 * (conditional put), so a re-delivered `plan.approved`, or an older version arriving after a newer
 * one, changes nothing: the consumer needs no processed marker for it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PlanStore } from '../../app/ports.ts';
import type { ApprovedPlan } from '../../domain/kpis.ts';

const keyOf = (year: number) => ({ pk: `PLAN#${year}`, sk: 'PLAN' });

export class DynamoDbPlanStore implements PlanStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async save(plan: ApprovedPlan): Promise<'stored' | 'kept'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          // The targets as one JSON string: a plan is read whole, never queried inside.
          Item: { ...keyOf(plan.year), version: plan.version, planId: plan.planId, plan: JSON.stringify(plan) },
          ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': plan.version },
        }),
      );
      return 'stored';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'kept';
      throw error;
    }
  }

  async approved(year: number): Promise<ApprovedPlan | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: keyOf(year) }));
    return typeof out.Item?.plan === 'string' ? (JSON.parse(out.Item.plan) as ApprovedPlan) : undefined;
  }
}
