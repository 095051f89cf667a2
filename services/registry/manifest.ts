/**
 * Registry: the city's view of every enterprise and household business, fed by the national
 * business registration system — a signed webhook for changes, bulk snapshot files for the rest.
 * Profiles carry their Decree 80 size class; every applied change is kept in the history and
 * announced as an enterprise.* event.
 */
import { defineService } from '../../shared/manifest.ts';
import '../../shared/contracts/enterprise.ts';
import { REGISTRY } from './config.ts';
import { routes } from './routes.ts';

const S = 'S' as const;

export const manifest = defineService({
  name: REGISTRY,
  dir: import.meta.dirname,
  description: 'Enterprise profiles from the national registry: feed, bulk imports, search, history',
  tables: [
    {
      name: 'enterprises',
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
      globalIndexes: [
        { name: 'byCommune', partitionKey: { name: 'gsi1pk', type: S }, sortKey: { name: 'gsi1sk', type: S } },
        { name: 'byVsic', partitionKey: { name: 'gsi2pk', type: S }, sortKey: { name: 'gsi2sk', type: S } },
        { name: 'byName', partitionKey: { name: 'gsi3pk', type: S }, sortKey: { name: 'gsi3sk', type: S } },
        { name: 'bySize', partitionKey: { name: 'gsi4pk', type: S }, sortKey: { name: 'gsi4sk', type: S } },
      ],
      timeToLive: 'expiresAt',
      stream: 'NEW_AND_OLD_IMAGES',
    },
    {
      name: 'imports',
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
      // Sparse: only jobs not yet in a terminal status carry openPk, so the sweep reads just those.
      globalIndexes: [{ name: 'openJobs', partitionKey: { name: 'openPk', type: S }, sortKey: { name: 'createdAt', type: S } }],
    },
  ],
  publishes: ['enterprise.registered', 'enterprise.changed', 'enterprise.closed'],
  // Profiles are the source of history and events: one conditional write per change, and the
  // change stream derives the rest (see adapters/inbound/record-changes.ts).
  publishFrom: 'stream',
  streamConsumers: [
    {
      name: 'record-changes',
      table: 'enterprises',
      handler: 'adapters/inbound/record-changes.handler.ts',
      batchSize: 100,
      retryAttempts: 10,
      sortKeyPrefix: 'PROFILE',
      timeoutSeconds: 60,
    },
  ],
  routes: Object.values(routes),
  consumers: [
    {
      name: 'import-files',
      handler: 'adapters/inbound/read-import-file.handler.ts',
      events: [],
      batchSize: 1,
      maxReceiveCount: 3,
      timeoutSeconds: 900,
      visibilityTimeoutSeconds: 960,
      memoryMb: 1024,
    },
    {
      name: 'import-chunks',
      handler: 'adapters/inbound/apply-import-chunk.handler.ts',
      events: [],
      batchSize: 1,
      maxReceiveCount: 5,
      maxConcurrency: 4,
      timeoutSeconds: 60,
      personRefKey: true,
      visibilityTimeoutSeconds: 120,
    },
  ],
  uploadNotifications: [{ prefix: 'imports/', consumer: 'import-files' }],
  functions: [
    {
      // Planning turns attendance lists' personal-id hashes into person refs (shared/contracts/person-refs.ts).
      name: 'person-refs',
      handler: 'adapters/inbound/person-refs.handler.ts',
      summary: 'personal-id hashes → person refs, in order (≤ 1,000 a call)',
      invokedBy: ['planning'],
      personRefKey: true,
    },
    {
      // Intake (and any service serving enterprise users) asks whom a person acts for now (shared/contracts/enterprise-links.ts).
      name: 'enterprise-links',
      handler: 'adapters/inbound/enterprise-links.handler.ts',
      summary: "an enterprise user's sub → the tax codes of the enterprises they act for now (verified, unrevoked links)",
      invokedBy: ['intake', 'matching'],
    },
  ],
  schedules: [
    {
      // Resumes imports whose work stopped (reader killed, chunk messages lost) or ends them with the reason.
      name: 'import-sweep',
      handler: 'adapters/inbound/sweep-imports.handler.ts',
      expression: 'rate(5 minutes)',
      timeoutSeconds: 60,
    },
  ],
  usesBucket: true,
  idempotentWrites: false,
  seed: 'seed.ts',
});
