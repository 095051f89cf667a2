import * as z from 'zod';
import type { RouteSpec } from '../../shared/manifest.ts';

export const componentStatus = z.object({ status: z.enum(['ok', 'down']), latencyMs: z.number(), detail: z.string().optional() });
export const healthView = z.object({
  status: z.enum(['ok', 'degraded']),
  checkedAt: z.string(),
  components: z.record(z.string(), componentStatus),
});

export const routes = {
  health: {
    method: 'GET',
    path: '/health',
    handler: 'adapters/inbound/health.handler.ts',
    auth: { kind: 'public' },
    summary: 'Status of the API and each component it depends on (DynamoDB, SQS, S3)',
    grants: [
      {
        actions: ['dynamodb:ListTables', 'sqs:ListQueues'],
        reason: 'The health probe asks DynamoDB and SQS to list one table/queue: these actions have no resource-level permission.',
      },
    ],
    responses: {
      200: { description: 'all components answer', schema: healthView },
      503: { description: 'a component is down', schema: healthView },
    },
  },
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    handler: 'adapters/inbound/openapi.handler.ts',
    auth: { kind: 'public' },
    summary: 'This contract, as OpenAPI 3.1',
  },
} as const satisfies Record<string, RouteSpec>;
