/**
 * Planning: the city's annual plan in versions (targets with unit, period, goal, source, measures
 * and allocations; every contributor's part; four-eyes approval) and the activities that are not
 * grants with their attendance. Publishes `plan.approved` (what the KPIs compare against) and
 * `activity.completed` (what activities count toward), through its outbox.
 */
import { defineService } from '../../shared/manifest.ts';
import { PERSON_REFS_FUNCTION } from '../../shared/contracts/person-refs.ts';
import '../../shared/contracts/planning.ts';
import { UPLOAD_PREFIX } from './app/attendance-uploads.ts';
import { PLANNING } from './config.ts';
import { routes } from './routes.ts';

const S = 'S' as const;

export const manifest = defineService({
  name: PLANNING,
  dir: import.meta.dirname,
  description: "The city's annual plan (targets, contributions, four-eyes approval) and activities that are not grants",
  tables: [
    {
      name: 'records',
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
      globalIndexes: [
        { name: 'all', partitionKey: { name: 'gsi1pk', type: S }, sortKey: { name: 'gsi1sk', type: S } },
        { name: 'byOwner', partitionKey: { name: 'gsi2pk', type: S }, sortKey: { name: 'gsi2sk', type: S } },
      ],
    },
  ],
  publishes: ['plan.approved', 'activity.completed'],
  routes: Object.values(routes),
  consumers: [
    {
      // Attendance CSVs (S3 upload notifications): read, checked, turned into person refs, recorded.
      name: 'attendance-uploads',
      handler: 'adapters/inbound/attendance-uploads.handler.ts',
      events: [],
      batchSize: 1,
      maxReceiveCount: 3,
      invokes: [PERSON_REFS_FUNCTION],
      // 10,000 rows: ten registry calls and ten transactions, far under this.
      timeoutSeconds: 120,
      visibilityTimeoutSeconds: 180,
    },
  ],
  // The files carry personal-id hashes until they are handled: none is kept past a day.
  uploadNotifications: [{ prefix: UPLOAD_PREFIX, consumer: 'attendance-uploads', expireAfterDays: 1 }],
  schedules: [],
  usesBucket: true,
  idempotentWrites: true,
  seed: 'seed.ts',
});
