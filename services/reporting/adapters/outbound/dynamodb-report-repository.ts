/** Report jobs, in the service's records table: `REPORT#<id>`, listed newest first by the byCreated index. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor, type Page } from '../../../../shared/http/pagination.ts';
import type { ReportJob } from '../../domain/report.ts';
import type { ReportRepository } from '../../app/ports.ts';

const pk = (id: string) => `REPORT#${id}`;
const LIST = 'REPORTS';

const toJob = (item: Record<string, unknown>): ReportJob => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...job } = item;
  return job as unknown as ReportJob;
};

export class DynamoDbReportRepository implements ReportRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(job: ReportJob): Promise<'created' | 'exists'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: pk(job.id), sk: 'REPORT', gsi1pk: LIST, gsi1sk: `${job.createdAt}#${job.id}`, ...job },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  }

  async get(id: string): Promise<ReportJob | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: pk(id), sk: 'REPORT' }, ConsistentRead: true }));
    return out.Item ? toJob(out.Item) : undefined;
  }

  async list(page: { limit: number; cursor?: string | undefined }): Promise<Page<ReportJob>> {
    const start = decodeCursor(page.cursor, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], { equal: { gsi1pk: LIST } });
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byCreated',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': LIST },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: start,
      }),
    );
    return { items: (out.Items ?? []).map(toJob), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async finish(id: string, outcome: Parameters<ReportRepository['finish']>[1]): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(id), sk: 'REPORT' },
          UpdateExpression: `SET #status = :status, files = :files, finishedAt = :at${outcome.error ? ', #error = :error' : ''}`,
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status', ...(outcome.error ? { '#error': 'error' } : {}) },
          ExpressionAttributeValues: {
            ':status': outcome.status,
            ':files': outcome.files,
            ':at': outcome.finishedAt,
            ':running': 'running',
            ...(outcome.error ? { ':error': outcome.error } : {}),
          },
        }),
      );
    } catch (error) {
      // Finished already by another delivery of the same message: its outcome stands.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
