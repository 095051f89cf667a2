import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { manifest as wiring } from '../fixtures/wiring/manifest.ts';
import { ledger } from './ledger-manifest.ts';
import { actionsOf, logicalId, resourceOf, statementsOf, synthesize } from './synth.ts';

const { stateful, stateless, statefulTemplate, statelessTemplate } = synthesize();

describe('tables', () => {
  it('are retained, on demand, recoverable to a point in time and encrypted with the AWS-managed key', () => {
    const tables = Object.entries(statefulTemplate.findResources('AWS::DynamoDB::Table'));
    expect(tables.length).toBeGreaterThan(0);
    for (const [id, table] of tables) {
      expect(table.DeletionPolicy, id).toBe('Retain');
      expect(table.UpdateReplacePolicy, id).toBe('Retain');
      expect(table.Properties, id).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // SSEEnabled without a key: the AWS-managed key (aws/dynamodb) rather than an AWS-owned one.
        SSESpecification: { SSEEnabled: true },
      });
    }
  });

  it("follow the manifest's keys, indexes and time to live", () => {
    const entries = resourceOf(statefulTemplate, stateful.tables.get(ledger.name)!.get('entries')!).Properties;
    expect(entries.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'at', KeyType: 'RANGE' },
    ]);
    expect(entries.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({ IndexName: 'by-thing', KeySchema: [{ AttributeName: 'thingId', KeyType: 'HASH' }] }),
    ]);
    const things = resourceOf(statefulTemplate, stateful.tables.get(wiring.name)!.get('things')!).Properties;
    expect(things.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('include an outbox streaming new images and expiring at expiresAt', () => {
    expect(resourceOf(statefulTemplate, stateful.outboxTables.get(wiring.name)!).Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('include an idempotency table in the Powertools layout for idempotent services only', () => {
    expect(resourceOf(statefulTemplate, stateful.idempotencyTables.get(wiring.name)!).Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
    expect(stateful.idempotencyTables.has(ledger.name)).toBe(false);
  });
});

describe('queues', () => {
  it('are encrypted, TLS-only and retained', () => {
    const queues = statefulTemplate.findResources('AWS::SQS::Queue');
    for (const [id, queue] of Object.entries(queues)) {
      expect(queue.DeletionPolicy, id).toBe('Retain');
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
    }
    const tlsOnly = Object.values(statefulTemplate.findResources('AWS::SQS::QueuePolicy')).filter((p) =>
      p.Properties.PolicyDocument.Statement.some((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
    );
    expect(tlsOnly.flatMap((p) => p.Properties.Queues)).toHaveLength(Object.keys(queues).length);
  });
});

describe('the documents bucket', () => {
  it('is private, encrypted, versioned, logged and retained', () => {
    const bucket = resourceOf(statefulTemplate, stateful.bucket);
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) } },
    });
  });

  it('accepts presigned PUT and GET from browsers on any origin', () => {
    const [rule] = resourceOf(statefulTemplate, stateful.bucket).Properties.CorsConfiguration.CorsRules;
    expect(rule.AllowedOrigins).toEqual(['*']);
    expect(rule.AllowedMethods).toEqual(expect.arrayContaining(['PUT', 'GET']));
  });

  it('refuses plain HTTP', () => {
    statefulTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: stateful.getLogicalId(stateful.bucket.node.defaultChild as never) },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });
});

describe('agency users', () => {
  it('are created by administrators only and must use MFA', () => {
    expect(resourceOf(statefulTemplate, stateful.userPool).Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
    });
  });

  it('carry agency, roles and commune (which the console client reads but cannot write: test/infra/console.test.ts)', () => {
    const pool = resourceOf(statefulTemplate, stateful.userPool).Properties;
    expect(pool.Schema.map((a: { Name: string }) => a.Name)).toEqual(['agency', 'roles', 'commune']);
    expect(Object.keys(statefulTemplate.findResources('AWS::Cognito::UserPoolClient'))).toEqual([]);
  });
});

describe('access tokens', () => {
  it('are completed by the pre-token-generation trigger, event version V2_0 (the one that reaches access tokens)', () => {
    expect(resourceOf(statefulTemplate, stateful.userPool).Properties.LambdaConfig).toEqual({
      PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [logicalId(stateful.preTokenGeneration), 'Arn'] }, LambdaVersion: 'V2_0' },
    });
  });

  it('may be completed by this user pool only', () => {
    statefulTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalId(stateful.preTokenGeneration), 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [logicalId(stateful.userPool), 'Arn'] },
    });
  });

  it('are completed within the 5 seconds Cognito waits, by a function like every other', () => {
    expect(resourceOf(statefulTemplate, stateful.preTokenGeneration).Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 5,
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'auth' } },
    });
  });

  it('are completed by a function that may touch no data', () => {
    const actions = statementsOf(statefulTemplate, stateful.preTokenGenerationTrigger).flatMap(actionsOf);
    expect(actions.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))).toEqual([]);
  });
});

describe('the registry webhook secret', () => {
  it('is generated, named with the stage and retained', () => {
    const secret = resourceOf(statefulTemplate, stateful.webhookSecret);
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.Properties.Name).toBe('registry/webhook-secret-test');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
  });
});

describe('the operations alarm topic', () => {
  it('is encrypted with a rotated key CloudWatch may use', () => {
    const topic = resourceOf(statelessTemplate, stateless.alarmTopic).Properties;
    const keyId = topic.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    const key = statelessTemplate.toJSON().Resources[keyId].Properties;
    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]),
    );
  });
});

describe('generated reports', () => {
  it('expire under the retention rules on their prefix: weekly after two years, the others after ten', () => {
    const versioned = { Properties: { VersioningConfiguration: { Status: 'Enabled' } } };
    const [bucket] = Object.values(statefulTemplate.findResources('AWS::S3::Bucket', versioned));
    const rules = bucket!.Properties.LifecycleConfiguration.Rules as Record<string, unknown>[];
    const expiring = (Id: string, Prefix: string, ExpirationInDays: number) =>
      expect.objectContaining({ Id, Prefix, ExpirationInDays, NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' });
    expect(rules).toEqual(
      expect.arrayContaining([
        expiring('ReportingWeeklyReports', 'reporting/reports/weekly/', 730),
        expiring('ReportingReports', 'reporting/reports/', 3650),
      ]),
    );
  });
});
