/**
 * The infrastructure behind recoverable registry imports: the open-jobs index the sweep reads, the
 * sweep's schedule, and the permissions the reader and the chunk consumer need to recover.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { envNames } from '../../shared/manifest.ts';
import { actionsOf, logicalId, resourceOf, statementsOf, synthesize } from './synth.ts';

const { stateful, stateless, statefulTemplate, statelessTemplate } = synthesize();
const registry = stateless.services.get('registry')!;

describe('registry imports', () => {
  it('keep open jobs in a sparse index keyed by openPk', () => {
    const imports = resourceOf(statefulTemplate, stateful.tables.get('registry')!.get('imports')!).Properties;
    expect(imports.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: 'openJobs',
        KeySchema: [
          { AttributeName: 'openPk', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
      }),
    ]);
  });

  it('are swept every 5 minutes by a function that can resume reading through the import-files queue', () => {
    const sweep = registry.functions.get('ScheduleImportSweep')!;
    statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(sweep.fn), 'Arn'] } }),
    });
    const env = resourceOf(statelessTemplate, sweep.fn).Properties.Environment.Variables;
    expect(env).toHaveProperty(envNames.consumerQueueUrl('registry', 'import-files'));
    expect(statementsOf(statelessTemplate, sweep).flatMap(actionsOf)).toEqual(
      expect.arrayContaining(['sqs:SendMessage', 'dynamodb:Query']),
    );
  });

  it('let the chunk consumer shorten a failed chunk’s visibility (its back-off)', () => {
    const consumer = registry.functions.get('ConsumerImportChunks')!;
    expect(statementsOf(statelessTemplate, consumer).flatMap(actionsOf)).toContain('sqs:ChangeMessageVisibility');
  });
});
