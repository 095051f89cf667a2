/**
 * Every date in an event contract is ISO 8601, checked by one of the two shared schemas: a consumer
 * (reporting turns each into a Hanoi day) never meets a date it cannot read. And what the
 * publishers have been writing still parses.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as contracts from '../../../../shared/contracts/index.ts';
import { isoDate, isoInstant } from '../../../../shared/contracts/dates.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import {
  decided,
  fairScheduled,
  granted,
  progressed,
  proposed,
  registered,
  submitted,
  withdrawn,
} from '../../services/reporting/events.ts';

type Contract = { type: string; version: number; schema: z.ZodType };
const all: Contract[] = (Object.values(contracts) as unknown[]).filter(
  (v): v is Contract => typeof v === 'object' && v !== null && 'type' in v && 'version' in v && 'schema' in v,
);

/** A field that holds a date: `…At`, `…On`, or `at`. */
const DATE_NAME = /(At|On)$|^at$/;

/** Every object field of a schema, with its path, whatever wraps it (optional, nullable, arrays). */
function fields(schema: z.ZodType, path: string[] = []): { path: string; schema: z.ZodType }[] {
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType; element?: z.ZodType } }).def;
  if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) return fields(def.innerType, path);
  if (def.type === 'array' && def.element) return fields(def.element, [...path, '[]']);
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([k, s]) => [
      { path: [...path, k].join('.'), schema: s },
      ...fields(s, [...path, k]),
    ]);
  }
  return [];
}

/** An envelope with some of its data's fields changed. */
const withData = (e: contracts.Envelope, patch: Record<string, unknown>): contracts.Envelope => ({
  ...e,
  data: { ...(e.data as Record<string, unknown>), ...patch },
});

const unwrap = (schema: z.ZodType): z.ZodType => {
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
  return (def.type === 'optional' || def.type === 'nullable') && def.innerType ? unwrap(def.innerType) : schema;
};

describe('dates in the event contracts', () => {
  it('are each one of the two shared ISO 8601 schemas, in every contract', () => {
    const dateFields = all.flatMap((c) =>
      fields(c.schema)
        .filter((f) => DATE_NAME.test(f.path.split('.').pop()!))
        .map((f) => ({ field: `${c.type}@v${c.version} ${f.path}`, shared: [isoInstant, isoDate].includes(unwrap(f.schema) as never) })),
    );
    expect(dateFields.length).toBeGreaterThan(10);
    expect(dateFields.filter((f) => !f.shared).map((f) => f.field)).toEqual([]);
  });

  it('refuse what is not an ISO 8601 instant or day', () => {
    for (const bad of ['yesterday', '2026-03-01T09:00:00', '2026-02-30T09:00:00Z', '01/03/2026', '']) {
      expect(isoInstant.safeParse(bad).success, bad).toBe(false);
    }
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', '2026-3-1', '2026-03-01T00:00:00Z', '']) {
      expect(isoDate.safeParse(bad).success, bad).toBe(false);
    }
    expect(() => assertMatchesContract(withData(submitted('e1'), { submittedAt: 'yesterday' }))).toThrow();
    expect(() => assertMatchesContract(withData(granted('g1'), { grantedOn: '2026-02-30' }))).toThrow();
    expect(() => assertMatchesContract(withData(registered('r1'), { occurredAt: 'now' }))).toThrow();
  });

  it('take what the publishers write: toISOString() instants, the registry’s +07:00 instants, YYYY-MM-DD days', () => {
    for (const ok of [
      '2026-03-01T02:00:00.000Z',
      '2026-03-01T02:00:00Z',
      '2026-03-02T08:00:00+07:00',
      '2026-03-02T08:00:00.123456+07:00',
    ]) {
      expect(isoInstant.safeParse(ok).success, ok).toBe(true);
    }
    expect(isoDate.safeParse('2028-02-29').success).toBe(true);
    const asPublished = [
      submitted('s1', { at: new Date(Date.UTC(2026, 10, 20, 2)).toISOString() }),
      decided('d1'),
      granted('g1'),
      withdrawn('w1'),
      withdrawn('w2', { from: 'draft' }),
      registered('r1'),
      withData(registered('r2'), { occurredAt: '2026-03-02T08:00:00+07:00' }),
      proposed('p1'),
      progressed('p2', 'met'),
      fairScheduled('f1', { added: 1, removed: 0, meetings: 1, enterprises: [] }),
    ];
    for (const e of asPublished) expect(() => assertMatchesContract(e), e.type).not.toThrow();
  });
});
