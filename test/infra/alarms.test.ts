import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TEST_MANIFESTS, importedIds, logicalId, synthesize } from './synth.ts';

const ALARM_EMAIL = 'ops@example.gov.vn';
const NO_SUBSCRIBER = Match.stringLikeRegexp('No one is subscribed to the alarm topic');

const subscribed = synthesize(TEST_MANIFESTS, { alarmEmail: ALARM_EMAIL });
const unsubscribed = synthesize();

describe('the operations alarm topic', () => {
  it('mails the address given as alarmEmail', () => {
    const subscriptions = Object.values(subscribed.statelessTemplate.findResources('AWS::SNS::Subscription')).map((s) => s.Properties);

    expect(subscriptions).toEqual([
      { Protocol: 'email', Endpoint: ALARM_EMAIL, TopicArn: { Ref: logicalId(subscribed.stateless.alarmTopic) } },
    ]);
  });

  it('gives no warning when someone is subscribed', () => {
    expect(Annotations.fromStack(subscribed.stateless).findWarning('*', NO_SUBSCRIBER)).toEqual([]);
  });

  it('without alarmEmail, has no subscriber and synthesis warns that alarms reach no one', () => {
    const { stateless, statelessTemplate } = unsubscribed;

    expect(Object.keys(statelessTemplate.findResources('AWS::SNS::Subscription'))).toEqual([]);
    const warnings = Annotations.fromStack(stateless).findWarning('*', NO_SUBSCRIBER);
    expect(warnings.map((w) => w.id)).toEqual([`/${stateless.alarmTopic.node.path}`]);
  });

  it('refuses an alarmEmail that is not an e-mail address', () => {
    expect(() => synthesize(TEST_MANIFESTS, { alarmEmail: 'ops' })).toThrow(/alarmEmail must be an e-mail address/);
  });
});

describe('the pre-token-generation trigger', () => {
  it('alarms on any error within five minutes, since a failing trigger blocks every sign-in', () => {
    const { stateful, stateless, statefulTemplate, statelessTemplate } = unsubscribed;

    const alarms = Object.values(
      statelessTemplate.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Errors' } }),
    ).filter((a) => importedIds(a.Properties.Dimensions, statefulTemplate).has(logicalId(stateful.preTokenGeneration)));
    expect(alarms.map((a) => a.Properties)).toEqual([
      expect.objectContaining({ Threshold: 1, Period: 300, Statistic: 'Sum', AlarmActions: [{ Ref: logicalId(stateless.alarmTopic) }] }),
    ]);
  });
});
