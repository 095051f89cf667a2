/**
 * The contract registry: every event type and version the system knows, with the zod schema of
 * its `data`. Publishers and consumers both validate against it, so a producer cannot emit, and a
 * consumer will not act on, a message the contract does not describe.
 */
import type * as z from 'zod';
import { envelopeSchema, type Envelope } from './envelope.ts';
import { ValidationError, type FieldError } from '../errors.ts';

const contracts = new Map<string, z.ZodType>();
const key = (type: string, version: number) => `${type}@v${version}`;

/** Register a contract; modules under shared/contracts call this at import. */
export function defineEvent<S extends z.ZodType>(type: string, version: number, schema: S) {
  contracts.set(key(type, version), schema);
  return { type, version, schema } as const;
}

export type EventContract<S extends z.ZodType = z.ZodType> = { readonly type: string; readonly version: number; readonly schema: S };

const issuesOf = (error: z.ZodError, prefix: string): FieldError[] =>
  error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));

/** Validate a raw message body against the envelope and its registered data schema. */
export function parseEnvelope(raw: unknown): Envelope {
  const env = envelopeSchema.safeParse(raw);
  if (!env.success) throw new ValidationError('Message is not a valid envelope', { errors: issuesOf(env.error, '') });
  const schema = contracts.get(key(env.data.type, env.data.version));
  if (!schema) {
    throw new ValidationError(`No contract for ${env.data.type} v${env.data.version}`, {
      errors: [{ path: 'type', message: 'unknown event type or version' }],
    });
  }
  const data = schema.safeParse(env.data.data);
  if (!data.success) throw new ValidationError(`Invalid ${env.data.type} data`, { errors: issuesOf(data.error, 'data') });
  return { ...env.data, data: data.data };
}

/** Check data against its contract before it is written to an outbox. */
export function assertMatchesContract(envelope: Envelope): void {
  parseEnvelope(envelope);
}

export const knownEventTypes = (): string[] => [...contracts.keys()];
