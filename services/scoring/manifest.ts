/**
 * Scoring: rubric versions, automatic scores, review panels and reviews, ranking and budget
 * selection. Learns programmes and their owners from intake's programme.changed, takes
 * application.submitted, .supplement-answered (re-scored) and .withdrawn from intake and keeps its own copy of the registry figures
 * and people from enterprise.* events; emits application.scored and selection.completed, and
 * records intake's selection.applied answers.
 */
import { defineService } from '../../shared/manifest.ts';
import '../../shared/contracts/enterprise.ts';
import '../../shared/contracts/application.ts';
import '../../shared/contracts/scoring.ts';
import '../../shared/contracts/programme.ts';
import { SCORING } from './config.ts';
import { routes } from './routes.ts';

const S = 'S' as const;

export const manifest = defineService({
  name: SCORING,
  dir: import.meta.dirname,
  description: 'Rubrics, automatic scores, review panels, ranking and budget selection',
  tables: [
    {
      name: 'records',
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
      globalIndexes: [{ name: 'byRank', partitionKey: { name: 'gsi1pk', type: S }, sortKey: { name: 'gsi1sk', type: S } }],
      timeToLive: 'expiresAt',
    },
  ],
  publishes: ['application.scored', 'selection.completed'],
  routes: Object.values(routes),
  consumers: [
    {
      // Programmes and their owners, as intake announces them (app/programmes.ts).
      name: 'programmes',
      handler: 'adapters/inbound/programmes.handler.ts',
      events: ['programme.changed'],
      batchSize: 10,
      maxReceiveCount: 5,
      timeoutSeconds: 30,
      visibilityTimeoutSeconds: 60,
    },
    {
      name: 'submissions',
      handler: 'adapters/inbound/submissions.handler.ts',
      // A supplement answered with changed answers or documents is scored again (app/rescoring.ts).
      events: ['application.submitted', 'application.withdrawn', 'application.supplement-answered'],
      batchSize: 10,
      maxConcurrency: 5,
      maxReceiveCount: 5,
      timeoutSeconds: 30,
      visibilityTimeoutSeconds: 60,
    },
    {
      name: 'registry-events',
      handler: 'adapters/inbound/registry-events.handler.ts',
      events: ['enterprise.registered', 'enterprise.changed', 'enterprise.closed'],
      // A bulk registry import announces hundreds of thousands of changes: keep up with it. A change
      // of people rechecks up to 500 assignments for conflicts of interest (app/conflicts.ts).
      batchSize: 10,
      maxConcurrency: 5,
      maxReceiveCount: 5,
      timeoutSeconds: 60,
      visibilityTimeoutSeconds: 120,
    },
    {
      name: 'selection-results',
      handler: 'adapters/inbound/selection-results.handler.ts',
      events: ['selection.applied'],
      batchSize: 5,
      maxReceiveCount: 5,
      timeoutSeconds: 30,
      visibilityTimeoutSeconds: 60,
    },
  ],
  schedules: [],
  usesBucket: false,
  idempotentWrites: true,
});
