/**
 * Platform: what the API offers about itself — health and the OpenAPI contract. It owns no data.
 */
import { defineService } from '../../shared/manifest.ts';
import { routes } from './routes.ts';

export const PLATFORM = 'platform';

export const manifest = defineService({
  name: PLATFORM,
  dir: import.meta.dirname,
  description: 'Health and the OpenAPI contract',
  tables: [],
  publishes: [],
  routes: Object.values(routes),
  consumers: [],
  schedules: [],
  usesBucket: true,
  idempotentWrites: false,
});
