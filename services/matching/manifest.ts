/**
 * Matching: the supporting-industry network — supplier capability profiles, buyers (OEM / FDI /
 * tier-1 / registered enterprises) and their sourcing needs, ranked matches with reasons, each
 * supplier's open opportunities, and the funnel of each match. Keeps its own copy of the registry
 * facts it needs (enterprise.*) and each enterprise's latest score (application.scored).
 */
import { defineService } from '../../shared/manifest.ts';
import '../../shared/contracts/enterprise.ts';
import '../../shared/contracts/application.ts';
import '../../shared/contracts/matching.ts';
import '../../shared/contracts/fairs.ts';
import { MATCHING } from './config.ts';
import { routes } from './routes.ts';
import { fairRoutes } from './fair-routes.ts';

const S = 'S' as const;

export const manifest = defineService({
  name: MATCHING,
  dir: import.meta.dirname,
  description: 'Supplier profiles, buyers and needs, ranked matches, opportunities and the match funnel',
  tables: [
    {
      name: 'records',
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
      // The change feed the in-memory match index follows (see adapters/outbound/dynamodb-matching-repository.ts).
      globalIndexes: [{ name: 'byChange', partitionKey: { name: 'gsi1pk', type: S }, sortKey: { name: 'gsi1sk', type: S } }],
    },
    {
      // Trade fairs: fairs, participants, runs and their meetings (adapters/outbound/dynamodb-fair-repository.ts).
      name: 'fairs',
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
      globalIndexes: [
        { name: 'byAgency', partitionKey: { name: 'gsi1pk', type: S }, sortKey: { name: 'gsi1sk', type: S } },
        { name: 'all', partitionKey: { name: 'gsi2pk', type: S }, sortKey: { name: 'gsi2sk', type: S } },
      ],
    },
  ],
  publishes: ['match.proposed', 'match.progressed', 'match.step-undone', 'fair.run-requested', 'fair.scheduled'],
  routes: [...Object.values(routes), ...Object.values(fairRoutes)],
  consumers: [
    {
      name: 'registry-events',
      handler: 'adapters/inbound/registry-events.handler.ts',
      events: ['enterprise.registered', 'enterprise.changed', 'enterprise.closed'],
      // A bulk registry import announces hundreds of thousands of changes: keep up with it.
      batchSize: 10,
      maxConcurrency: 5,
      maxReceiveCount: 5,
      timeoutSeconds: 30,
      visibilityTimeoutSeconds: 60,
    },
    {
      name: 'scores',
      handler: 'adapters/inbound/scores.handler.ts',
      events: ['application.submitted', 'application.scored'],
      batchSize: 10,
      maxReceiveCount: 5,
      timeoutSeconds: 30,
      visibilityTimeoutSeconds: 60,
    },
    {
      // A schedule run (POST /fairs/{id}/schedule-runs): the LP and the heuristics take seconds on a
      // 1,500-participant fair, and the first run of an instance loads the match index for candidates.
      name: 'fair-runs',
      handler: 'adapters/inbound/fair-runs.handler.ts',
      events: ['fair.run-requested'],
      batchSize: 1,
      maxReceiveCount: 3,
      timeoutSeconds: 300,
      memoryMb: 2048,
      visibilityTimeoutSeconds: 360,
      // A run whose attempts are used up — killed (memory, time) or failing — is failed with why.
      deadLetters: { handler: 'adapters/inbound/fair-run-dead-letters.handler.ts', timeoutSeconds: 30 },
    },
    {
      // A finished run's meetings in the funnel: `scheduled-at-fair` by the fair's agency, taken back when removed.
      name: 'fair-meetings',
      handler: 'adapters/inbound/fair-meetings.handler.ts',
      events: ['fair.scheduled'],
      batchSize: 1,
      maxReceiveCount: 5,
      timeoutSeconds: 120,
      memoryMb: 1024,
      visibilityTimeoutSeconds: 180,
    },
  ],
  schedules: [
    // The match-index snapshot a cold start loads instead of the whole table (app/live-index.ts).
    {
      name: 'index-snapshot',
      handler: 'adapters/inbound/index-snapshot.handler.ts',
      expression: 'rate(10 minutes)',
      // The first run reads the whole table (minutes at 50,000 suppliers); later runs, the changes since.
      timeoutSeconds: 900,
      memoryMb: 1024,
    },
    {
      // Schedule runs past their deadline (RUN_DEADLINE_MS) fail with why: nothing stays `running`.
      name: 'fair-run-sweep',
      handler: 'adapters/inbound/fair-run-sweep.handler.ts',
      expression: 'rate(5 minutes)',
      timeoutSeconds: 60,
    },
    {
      // Meetings whose time has passed and that no run removed: `met`, by the fair's agency.
      name: 'fair-meetings-held',
      handler: 'adapters/inbound/fair-meetings-held.handler.ts',
      expression: 'rate(15 minutes)',
      timeoutSeconds: 300,
      memoryMb: 1024,
    },
  ],
  // The index snapshot (matching/index/…) and fair schedules (matching/fairs/…: the whole run, input included).
  usesBucket: true,
  idempotentWrites: true,
});
