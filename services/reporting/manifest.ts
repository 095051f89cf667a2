/**
 * Reporting: counters kept from every domain event (by year, month, programme, agency, category,
 * sector, size class and commune), KPIs against the city's targets, and reports — scheduled and
 * on demand — written to S3.
 */
import { defineService } from '../../shared/manifest.ts';
import '../../shared/contracts/enterprise.ts';
import '../../shared/contracts/application.ts';
import '../../shared/contracts/matching.ts';
import '../../shared/contracts/fairs.ts';
import '../../shared/contracts/planning.ts';
import { BUILD_CONSUMER, REPORTING } from './config.ts';
import { SUBSCRIBED_EVENTS } from './domain/measures.ts';
import { FONT_FILES } from './adapters/outbound/render/fonts.ts';
import { routes } from './routes.ts';

const S = 'S' as const;
const SCHEDULE_HANDLER = 'adapters/inbound/scheduled-report.handler.ts';

export const manifest = defineService({
  name: REPORTING,
  dir: import.meta.dirname,
  description: "Aggregates, KPIs against the approved plan's targets, and periodic reports",
  tables: [
    {
      // Counter cells, distinct markers, processed-message markers and report jobs.
      name: 'records',
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
      globalIndexes: [{ name: 'byCreated', partitionKey: { name: 'gsi1pk', type: S }, sortKey: { name: 'gsi1sk', type: S } }],
      timeToLive: 'expiresAt',
    },
  ],
  publishes: [],
  routes: Object.values(routes),
  consumers: [
    {
      name: 'events',
      handler: 'adapters/inbound/events.handler.ts',
      // Every event type the counter table maps (and plan.approved, stored): a new type there is a new subscription here.
      events: SUBSCRIBED_EVENTS,
      // In AWS a batch of up to 100 (with a 1 s batching window) is added up before it is written:
      // the counters of a batch are one transaction or a few. Locally SQS hands out 10 at a time.
      batchSize: 100,
      maxConcurrency: 2,
      maxReceiveCount: 5,
      timeoutSeconds: 60,
      visibilityTimeoutSeconds: 120,
    },
    {
      name: BUILD_CONSUMER,
      handler: 'adapters/inbound/build-report.handler.ts',
      events: [],
      batchSize: 1,
      maxReceiveCount: 3,
      timeoutSeconds: 120,
      memoryMb: 1024,
      // The PDF embeds DejaVu Sans (Vietnamese glyphs); the renderer looks for it in fonts/ beside the bundle.
      bundleFiles: FONT_FILES.map((f) => ({ from: `node_modules/dejavu-fonts-ttf/ttf/${f}`, to: `fonts/${f}` })),
      visibilityTimeoutSeconds: 180,
    },
  ],
  // Cron in Asia/Ho_Chi_Minh (the default time zone of schedules): each reports the last complete period.
  schedules: [
    { name: 'weekly-report', handler: SCHEDULE_HANDLER, expression: 'cron(0 7 ? * MON *)' },
    { name: 'monthly-report', handler: SCHEDULE_HANDLER, expression: 'cron(0 7 1 * ? *)' },
    { name: 'quarterly-report', handler: SCHEDULE_HANDLER, expression: 'cron(0 7 1 1,4,7,10 ? *)' },
    { name: 'annual-report', handler: SCHEDULE_HANDLER, expression: 'cron(0 7 1 1 ? *)' },
  ],
  usesBucket: true,
  idempotentWrites: true,
});
