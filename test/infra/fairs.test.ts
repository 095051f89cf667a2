/** The trade fairs' infrastructure, from matching's manifest: their table, their run queue's function, their events. */
import { describe, expect, it } from 'vitest';
import { services } from '../../services/index.ts';
import { manifest as matching } from '../../services/matching/manifest.ts';
import { subscriptionsByEvent } from '../../shared/manifest.ts';
import { resourceOf, synthesize } from './synth.ts';

const { stateless, statefulTemplate, statelessTemplate } = synthesize();

describe('trade fairs', () => {
  it('keep their own table, listed by agency and over all agencies', () => {
    const tables = Object.values(statefulTemplate.findResources('AWS::DynamoDB::Table'));
    const fairs = tables.find((t) => {
      const names = (t.Properties.GlobalSecondaryIndexes ?? []).map((g: { IndexName: string }) => g.IndexName).sort();
      return names.join(',') === 'all,byAgency';
    });
    expect(fairs).toBeDefined();
  });

  it('run schedules in a consumer with the time and memory of a 2,000-participant fair', () => {
    const fn = stateless.services.get(matching.name)!.functions.get('ConsumerFairRuns');
    expect(fn).toBeDefined();
    expect(resourceOf(statelessTemplate, fn!.fn).Properties).toMatchObject({ Timeout: 300, MemorySize: 2048 });
  });

  it('hand run requests and finished runs to matching’s own consumers, through the outbox', () => {
    const subs = subscriptionsByEvent(services);
    expect(subs.get('fair.run-requested')).toEqual([{ service: 'matching', consumer: 'fair-runs' }]);
    expect(subs.get('fair.scheduled')).toContainEqual({ service: 'matching', consumer: 'fair-meetings' });
    expect(matching.publishes).toEqual(expect.arrayContaining(['fair.run-requested', 'fair.scheduled']));
  });
});
