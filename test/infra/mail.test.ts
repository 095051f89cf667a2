import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { envNames } from '../../shared/manifest.ts';
import { services } from '../../services/index.ts';
import { actionsOf, logicalId, resourceOf, statementsOf, synthesize } from './synth.ts';

const MAIL_FROM = 'no-reply@sme.hanoi.gov.vn';
const NO_SENDER = Match.stringLikeRegexp('No sender for the e-mails to enterprises');
// The service that sends, and one that does not (to check nothing else may send) with the registry it invokes.
const manifests = services.filter((m) => ['platform', 'registry', 'intake', 'notifications'].includes(m.name));

const withSender = synthesize(manifests, { mail: { fromAddress: MAIL_FROM } });
const withoutSender = synthesize(manifests);

const consumerOf = (s: typeof withSender) => s.stateless.services.get('notifications')!.functions.get('ConsumerEvents')!;

describe('sending mail through SES', () => {
  it("lets the notifications consumer send only as the sender's identity, through the stack's configuration set", () => {
    const { statelessTemplate, stateless } = withSender;
    const sesStatements = statementsOf(statelessTemplate, consumerOf(withSender)).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('ses:')),
    );
    expect(sesStatements.flatMap(actionsOf)).toEqual(['ses:SendEmail']);
    const resources = JSON.stringify(sesStatements[0]!.Resource);
    expect(resources).toContain(':identity/sme.hanoi.gov.vn');
    expect(resources).toContain(':configuration-set/');
    const configurationSet = stateless.node.findChild('MailConfigurationSet');
    expect(resources).toContain(logicalId(configurationSet));
    expect(resources).not.toMatch(/identity\/\*|configuration-set\/\*/);
  });

  it('names the sender and the configuration set in the env of the function that sends', () => {
    const env = resourceOf(withSender.statelessTemplate, consumerOf(withSender).fn).Properties.Environment.Variables;
    expect(env[envNames.mailFrom]).toBe(MAIL_FROM);
    expect(JSON.stringify(env[envNames.mailConfigurationSet])).toContain('MailConfigurationSet');
  });

  it('gives no other function any SES permission', () => {
    const { stateless, statelessTemplate } = withSender;
    const senders = [...stateless.services.values()].flatMap((service) =>
      [...service.functions.entries()]
        .filter(([, fn]) => statementsOf(statelessTemplate, fn).some((s) => actionsOf(s).some((a) => a.startsWith('ses:'))))
        .map(([id]) => id),
    );
    expect(senders).toEqual(['ConsumerEvents']);
  });

  it('puts bounced and complaining addresses on the suppression list', () => {
    const sets = Object.values(withSender.statelessTemplate.findResources('AWS::SES::ConfigurationSet'));
    expect(sets).toHaveLength(1);
    expect(sets[0]!.Properties.SuppressionOptions).toEqual({ SuppressedReasons: ['BOUNCE', 'COMPLAINT'] });
  });

  it('without a sender, grants nothing, creates no configuration set and warns at synthesis', () => {
    const { stateless, statelessTemplate } = withoutSender;
    expect(
      statementsOf(statelessTemplate, consumerOf(withoutSender))
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('ses:')),
    ).toEqual([]);
    expect(Object.keys(statelessTemplate.findResources('AWS::SES::ConfigurationSet'))).toEqual([]);
    expect(Annotations.fromStack(stateless).findWarning('*', NO_SENDER)).toHaveLength(1);
  });

  it('refuses a sender that is not an e-mail address', () => {
    expect(() => synthesize(manifests, { mail: { fromAddress: 'no-reply' } })).toThrow(/mailFrom must be an e-mail address/);
  });
});
