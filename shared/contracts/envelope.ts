/**
 * The envelope every message between services travels in. `id` is unique per event and is what
 * consumers deduplicate on; `type` + `version` select the data schema in the contract registry.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { now as clockNow } from '../time/clock.ts';
import { isoInstant } from './dates.ts';

export const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'must look like "application.submitted"'),
  version: z.number().int().positive(),
  occurredAt: isoInstant,
  source: z.string().min(1),
  correlationId: z.string().optional(),
  data: z.unknown(),
});

export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };

export function newEnvelope<T>(args: {
  type: string;
  version?: number;
  source: string;
  data: T;
  occurredAt?: Date;
  correlationId?: string;
  id?: string;
}): Envelope<T> {
  return {
    id: args.id ?? randomUUID(),
    type: args.type,
    version: args.version ?? 1,
    occurredAt: (args.occurredAt ?? clockNow()).toISOString(),
    source: args.source,
    ...(args.correlationId ? { correlationId: args.correlationId } : {}),
    data: args.data,
  };
}
