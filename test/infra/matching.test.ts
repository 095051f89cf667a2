/** The matching service's own infrastructure: its change-feed index, its subscriptions, and room for a cold index load. */
import { describe, expect, it } from 'vitest';
import { services } from '../../services/index.ts';
import { manifest as matching } from '../../services/matching/manifest.ts';
import { subscriptionsByEvent } from '../../shared/manifest.ts';
import { resourceOf, synthesize } from './synth.ts';

const { stateless, statefulTemplate, statelessTemplate } = synthesize();

describe('matching', () => {
  it('has its records table with the change-feed index the match index follows', () => {
    const tables = Object.values(statefulTemplate.findResources('AWS::DynamoDB::Table'));
    const records = tables.find((t) =>
      (t.Properties.GlobalSecondaryIndexes ?? []).some(
        (g: { IndexName: string; KeySchema: { AttributeName: string }[] }) =>
          g.IndexName === 'byChange' && g.KeySchema.map((k) => k.AttributeName).join(',') === 'gsi1pk,gsi1sk',
      ),
    );
    expect(records).toBeDefined();
  });

  it('gives the ranking routes the time and memory to load the index on a cold start', () => {
    const functions = stateless.services.get(matching.name)!.functions;
    for (const [id, fn] of functions) {
      if (!/^Get.*(IdMatches|Opportunities)$/.test(id)) continue;
      expect(resourceOf(statelessTemplate, fn.fn).Properties, id).toMatchObject({ Timeout: 29, MemorySize: 1024 });
    }
    expect([...functions.keys()].filter((id) => /^Get.*(IdMatches|Opportunities)$/.test(id))).toHaveLength(2);
  });

  it('receives registry changes and scoring results: the registry and intake route them to its queues', () => {
    const subs = subscriptionsByEvent(services);
    for (const type of ['enterprise.registered', 'enterprise.changed', 'enterprise.closed']) {
      expect(subs.get(type), type).toContainEqual({ service: 'matching', consumer: 'registry-events' });
    }
    for (const type of ['application.submitted', 'application.scored'])
      expect(subs.get(type), type).toContainEqual({ service: 'matching', consumer: 'scores' });
  });

  it('writes the index snapshot on a schedule, with the time to read the table once and the right to its bucket prefix only', () => {
    const job = stateless.services.get(matching.name)!.functions.get('ScheduleIndexSnapshot')!;
    expect(resourceOf(statelessTemplate, job.fn).Properties).toMatchObject({ Timeout: 900, MemorySize: 1024 });
    const schedules = Object.values(statelessTemplate.findResources('AWS::Scheduler::Schedule'));
    expect(schedules.filter((s) => s.Properties.ScheduleExpression === 'rate(10 minutes)')).toHaveLength(1);
    const policies = JSON.stringify(statelessTemplate.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('/matching/*');
  });
});
