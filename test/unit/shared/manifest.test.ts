import { describe, it, expect } from 'vitest';
import {
  assertComposable,
  defineService,
  envNames,
  outboxRoutesFor,
  subscriptionsByEvent,
  type ConsumerSpec,
  type RouteSpec,
  type ServiceManifest,
} from '../../../shared/manifest.ts';

const route = (overrides: Partial<RouteSpec> = {}): RouteSpec => ({
  method: 'GET',
  path: '/programmes',
  handler: 'adapters/inbound/list-programmes.handler.ts',
  auth: { kind: 'jwt', roles: ['officer'] },
  summary: 'List programmes',
  ...overrides,
});

const consumer = (overrides: Partial<ConsumerSpec> = {}): ConsumerSpec => ({
  name: 'events',
  handler: 'adapters/inbound/events.handler.ts',
  events: [],
  batchSize: 10,
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 60,
  ...overrides,
});

const service = (overrides: Partial<ServiceManifest> = {}): ServiceManifest => ({
  name: 'programmes',
  dir: '/services/programmes',
  description: 'test service',
  tables: [],
  publishes: [],
  routes: [],
  consumers: [],
  schedules: [],
  usesBucket: false,
  idempotentWrites: false,
  ...overrides,
});

describe('defineService', () => {
  it('returns a valid manifest unchanged', () => {
    const manifest = service({ routes: [route(), route({ method: 'POST' })], consumers: [consumer()] });

    expect(defineService(manifest)).toBe(manifest);
  });

  it('refuses the same method and path declared twice', () => {
    const manifest = service({ routes: [route(), route({ handler: 'other.handler.ts' })] });

    expect(() => defineService(manifest)).toThrow('programmes: route GET /programmes is declared twice');
  });

  it('refuses a visibility timeout equal to the handler timeout', () => {
    const manifest = service({ consumers: [consumer({ name: 'scoring', timeoutSeconds: 30, visibilityTimeoutSeconds: 30 })] });

    expect(() => defineService(manifest)).toThrow('programmes/scoring: visibilityTimeoutSeconds must exceed the handler timeout');
  });

  it('compares the visibility timeout with the default 10 s handler timeout', () => {
    expect(() => defineService(service({ consumers: [consumer({ visibilityTimeoutSeconds: 10 })] }))).toThrow(/must exceed/);
    expect(defineService(service({ consumers: [consumer({ visibilityTimeoutSeconds: 11 })] })).consumers).toHaveLength(1);
  });
});

describe('event routing', () => {
  const applications = service({ name: 'applications', publishes: ['application.submitted', 'application.withdrawn'] });
  const scoring = service({ name: 'scoring', consumers: [consumer({ name: 'applications', events: ['application.submitted'] })] });
  const reporting = service({
    name: 'reporting',
    consumers: [
      consumer({ name: 'kpi', events: ['application.submitted', 'grant.approved'] }),
      consumer({ name: 'audit', events: ['application.submitted'] }),
    ],
  });
  const all = [applications, scoring, reporting];

  it('lists every consumer, across manifests, that subscribes to an event', () => {
    const subs = subscriptionsByEvent(all);

    expect(subs.get('application.submitted')).toEqual([
      { service: 'scoring', consumer: 'applications' },
      { service: 'reporting', consumer: 'kpi' },
      { service: 'reporting', consumer: 'audit' },
    ]);
    expect(subs.get('grant.approved')).toEqual([{ service: 'reporting', consumer: 'kpi' }]);
  });

  it('routes each published event to all its subscribers and an unsubscribed one to none', () => {
    const routes = outboxRoutesFor(applications, all);

    expect(routes).toEqual({
      'application.submitted': [
        { service: 'scoring', consumer: 'applications' },
        { service: 'reporting', consumer: 'kpi' },
        { service: 'reporting', consumer: 'audit' },
      ],
      'application.withdrawn': [],
    });
  });

  it('gives a service that publishes nothing no routes', () => {
    expect(outboxRoutesFor(scoring, all)).toEqual({});
  });
});

describe('envNames', () => {
  it('names tables after their service and table in upper snake case', () => {
    expect(envNames.table('supplier-matching', 'match-results')).toBe('SUPPLIER_MATCHING_MATCH_RESULTS_TABLE');
    expect(envNames.outboxTable('supplier-matching')).toBe('SUPPLIER_MATCHING_OUTBOX_TABLE');
    expect(envNames.idempotencyTable('supplier-matching')).toBe('SUPPLIER_MATCHING_IDEMPOTENCY_TABLE');
  });

  it('gives the same table name in two services two env names', () => {
    expect(envNames.table('applications', 'records')).not.toBe(envNames.table('scoring', 'records'));
    expect(envNames.outboxTable('applications')).not.toBe(envNames.outboxTable('scoring'));
    expect(envNames.idempotencyTable('applications')).not.toBe(envNames.idempotencyTable('scoring'));
  });

  it('keeps a service table, its outbox and its idempotency table apart', () => {
    const names = [
      envNames.table('applications', 'records'),
      envNames.outboxTable('applications'),
      envNames.idempotencyTable('applications'),
    ];

    expect(new Set(names).size).toBe(3);
  });
});

const table = (name: string) => ({ name, partitionKey: { name: 'pk', type: 'S' as const } });

describe('name collisions', () => {
  it('refuses a table named like the outbox or idempotency table', () => {
    expect(() => defineService(service({ tables: [table('outbox')] }))).toThrow(/reserved/);
    expect(() => defineService(service({ tables: [table('idempotency')] }))).toThrow(/reserved/);
  });

  it('refuses a table or consumer declared twice', () => {
    expect(() => defineService(service({ tables: [table('cases'), table('cases')] }))).toThrow(/twice/);
    expect(() => defineService(service({ consumers: [consumer(), consumer()] }))).toThrow(/twice/);
  });

  it('refuses two services whose env var names would collide in one process', () => {
    const a = service({ name: 'grant', tables: [table('support-cases')] });
    const b = service({ name: 'grant-support', tables: [table('cases')] });

    expect(() => assertComposable([a, b])).toThrow(/GRANT_SUPPORT_CASES_TABLE/);
  });

  it('refuses the same route in two services', () => {
    const a = service({ name: 'a', routes: [route()] });
    const b = service({ name: 'b', routes: [route()] });

    expect(() => assertComposable([a, b])).toThrow(/route GET \/programmes/);
  });

  it('accepts services whose names are distinct', () => {
    expect(() =>
      assertComposable([service({ name: 'a', tables: [table('x')] }), service({ name: 'b', tables: [table('x')] })]),
    ).not.toThrow();
  });
});

describe('internal functions', () => {
  const refs = { name: 'person-refs', handler: 'refs.handler.ts', summary: 'hashes → refs', invokedBy: ['planning'] };
  const registry = service({ name: 'registry', functions: [refs] });
  const caller = (invokes: string[], name = 'planning') => service({ name, routes: [route({ invokes })] });

  it('are named to the functions that invoke them, locally and in AWS, with one name per function', () => {
    expect(envNames.internalFunction('registry', 'person-refs')).toBe('REGISTRY_PERSON_REFS_FUNCTION');
    expect(() => assertComposable([registry, caller(['registry/person-refs'])])).not.toThrow();
  });

  it('refuse an invocation of a function no service declares', () => {
    expect(() => assertComposable([registry, caller(['registry/person-ids'])])).toThrow(
      'planning invokes registry/person-ids, which no service declares',
    );
  });

  it('refuse an invocation by a service the function does not admit', () => {
    expect(() => assertComposable([registry, caller(['registry/person-refs'], 'matching')])).toThrow(
      'matching invokes registry/person-refs, which is not invokedBy matching',
    );
  });

  it('need the services that invoke them, and a kebab-case name unique among the consumers', () => {
    expect(() => defineService(service({ functions: [{ ...refs, invokedBy: [] }] }))).toThrow('names the services that invoke it');
    expect(() => defineService(service({ consumers: [consumer({ name: 'person-refs' })], functions: [refs] }))).toThrow('declared twice');
    expect(() => defineService(service({ functions: [{ ...refs, name: 'PersonRefs' }] }))).toThrow('kebab-case');
  });
});
