import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_SECRET_ENV } from '../../infra/constructs/service.ts';
import { pascalCase } from '../../infra/names.ts';
import { envNames } from '../../shared/manifest.ts';
import { manifest as wiring } from '../fixtures/wiring/manifest.ts';
import { ledger } from './ledger-manifest.ts';
import { TEST_MANIFESTS, actionsOf, importedIds, logicalId, resourceOf, statementsOf, synthesize } from './synth.ts';

const { stateful, stateless, statefulTemplate, statelessTemplate } = synthesize();

const functionsOf = (service: string) => [...stateless.services.get(service)!.functions.entries()];

/** The logical ids of every table a service owns. */
function tableIds(service: string): Set<string> {
  const tables: ITable[] = [
    ...(stateful.tables.get(service)?.values() ?? []),
    ...[stateful.outboxTables.get(service), stateful.idempotencyTables.get(service)].filter((t) => t !== undefined),
  ];
  return new Set(tables.map(logicalId));
}

const grantedIds = (fn: Parameters<typeof statementsOf>[1]) =>
  importedIds(
    statementsOf(statelessTemplate, fn).map((s) => s.Resource),
    statefulTemplate,
  );

describe.each([
  { service: wiring.name, other: ledger.name },
  { service: ledger.name, other: wiring.name },
])('a function of $service', ({ service, other }) => {
  it('may use every table of its own service', () => {
    for (const [id, fn] of functionsOf(service).filter(([id]) => id !== 'OutboxRelay')) {
      const granted = grantedIds(fn);
      for (const table of tableIds(service)) expect(granted.has(table), `${id} → ${table}`).toBe(true);
    }
  });

  it(`has no statement that mentions a table of ${other}`, () => {
    for (const [id, fn] of functionsOf(service)) {
      const granted = grantedIds(fn);
      for (const table of tableIds(other)) expect(granted.has(table), `${id} → ${table}`).toBe(false);
    }
  });

  it(`gets no env var of ${other}`, () => {
    const prefix = envNames.table(other, 'x').split('_')[0]!;
    for (const [id, fn] of functionsOf(service)) {
      const names = Object.keys(resourceOf(statelessTemplate, fn.fn).Properties.Environment.Variables);
      expect(
        names.filter((name) => name.startsWith(`${prefix}_`)),
        id,
      ).toEqual([]);
    }
  });
});

describe('table grants', () => {
  it('name the env var a handler reads for each of its tables', () => {
    const [, fn] = functionsOf(wiring.name).find(([id]) => id === 'PostThings')!;
    const env = resourceOf(statelessTemplate, fn.fn).Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        envNames.table(wiring.name, 'things'),
        envNames.outboxTable(wiring.name),
        envNames.idempotencyTable(wiring.name),
      ]),
    );
  });

  it('cover indexes by name, never with a wildcard', () => {
    const [, fn] = functionsOf(ledger.name).find(([id]) => id === 'GetLedger')!;
    const resources = JSON.stringify(statementsOf(statelessTemplate, fn).map((s) => s.Resource));
    expect(resources).toContain('/index/by-thing');
    expect(resources).not.toContain('/index/*');
  });

  it('leave the relay without table access: it only reads the stream', () => {
    const [, relay] = functionsOf(wiring.name).find(([id]) => id === 'OutboxRelay')!;
    const tableActions = statementsOf(statelessTemplate, relay)
      .flatMap(actionsOf)
      .filter(
        (a) =>
          a.startsWith('dynamodb:') &&
          !['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'].includes(a),
      );
    expect(tableActions).toEqual([]);
  });
});

describe('the documents bucket', () => {
  it("is open to a service's functions only under its own prefix", () => {
    for (const [id, fn] of functionsOf(ledger.name)) {
      const objectStatements = statementsOf(statelessTemplate, fn).filter((s) => actionsOf(s).includes('s3:PutObject'));
      expect(objectStatements.length, id).toBe(1);
      expect(JSON.stringify(objectStatements[0]!.Resource), id).toMatch(/"\/ledger\/\*"\]\]\}$/);
    }
  });

  it('lists only that prefix', () => {
    const [, fn] = functionsOf(ledger.name)[0]!;
    const list = statementsOf(statelessTemplate, fn).find((s) => actionsOf(s).includes('s3:ListBucket'));
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['ledger/*'] } });
  });

  it('is out of reach of a service that does not use it', () => {
    for (const [id, fn] of functionsOf(wiring.name)) {
      expect(
        statementsOf(statelessTemplate, fn)
          .flatMap(actionsOf)
          .filter((a) => a.startsWith('s3:')),
        id,
      ).toEqual([]);
    }
  });
});

describe('the registry webhook secret', () => {
  it('is readable by signature routes only', () => {
    const secretId = logicalId(stateful.webhookSecret);
    const readers = [...stateless.services.values()]
      .flatMap((s) => [...s.functions.entries()])
      .filter(([, fn]) => grantedIds(fn).has(secretId))
      .map(([id, fn]) => [
        id,
        Object.keys(resourceOf(statelessTemplate, fn.fn).Properties.Environment.Variables).includes(WEBHOOK_SECRET_ENV),
      ]);
    const signatureRoutes = TEST_MANIFESTS.flatMap((m) => m.routes.filter((r) => r.auth.kind === 'signature'));
    expect(signatureRoutes.length).toBeGreaterThan(0);
    expect(readers.sort()).toEqual(signatureRoutes.map((r) => [`${pascalCase(r.method.toLowerCase())}${pascalCase(r.path)}`, true]).sort());
  });

  it('may only be read, by its ARN, the one the handler is given: GetSecretValue and nothing else', () => {
    const secretId = logicalId(stateful.webhookSecret);
    const [, webhook] = functionsOf(ledger.name).find(([id]) => id === 'PostLedgerWebhook')!;
    const onSecret = statementsOf(statelessTemplate, webhook).filter((s) => importedIds(s.Resource, statefulTemplate).has(secretId));
    expect(onSecret.map((s) => [s.Effect, actionsOf(s), s.Resource])).toEqual([
      [
        'Allow',
        ['secretsmanager:GetSecretValue'],
        resourceOf(statelessTemplate, webhook.fn).Properties.Environment.Variables[WEBHOOK_SECRET_ENV],
      ],
    ]);
  });
});
