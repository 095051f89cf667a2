import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { assertMatchesContract, defineEvent, knownEventTypes, parseEnvelope } from '../../../../shared/contracts/registry.ts';
import { newEnvelope, type Envelope } from '../../../../shared/contracts/envelope.ts';
import { ValidationError, type FieldError } from '../../../../shared/errors.ts';
import { clock } from '../../../../shared/time/clock.ts';

const grantApproved = defineEvent(
  'grant.approved',
  1,
  z.object({ applicationId: z.string().min(1), amountVnd: z.number().int().positive(), approvedBy: z.object({ sub: z.string() }) }),
);

const grantApprovedEnvelope = (overrides: Partial<Envelope> = {}): Envelope => ({
  id: 'evt-1',
  type: grantApproved.type,
  version: grantApproved.version,
  occurredAt: '2026-03-10T08:30:00.000+07:00',
  source: 'grants',
  correlationId: 'req-9',
  data: { applicationId: 'app-42', amountVnd: 150_000_000, approvedBy: { sub: 'officer-1' } },
  ...overrides,
});

/** The field errors of the ValidationError `fn` throws. */
function fieldErrors(fn: () => unknown): FieldError[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors;
  }
  throw new Error('expected a ValidationError');
}

describe('parseEnvelope', () => {
  it('accepts a valid envelope of a registered contract', () => {
    const raw: unknown = JSON.parse(JSON.stringify(grantApprovedEnvelope()));

    const envelope = parseEnvelope(raw);

    expect(envelope).toEqual(grantApprovedEnvelope());
  });

  it('returns the data as its schema parses it (unknown keys stripped)', () => {
    const raw = grantApprovedEnvelope({
      data: { applicationId: 'app-42', amountVnd: 1, approvedBy: { sub: 'o' }, internalNote: 'drop me' },
    });

    expect(parseEnvelope(raw).data).toEqual({ applicationId: 'app-42', amountVnd: 1, approvedBy: { sub: 'o' } });
  });

  it('lists every bad envelope field by its path', () => {
    const raw = { ...grantApprovedEnvelope(), id: '', type: 'GrantApproved', version: 0, occurredAt: 'yesterday', source: undefined };

    const errors = fieldErrors(() => parseEnvelope(raw));

    expect(errors.map((e) => e.path)).toEqual(['id', 'type', 'version', 'occurredAt', 'source']);
    expect(errors.find((e) => e.path === 'type')?.message).toBe('must look like "application.submitted"');
  });

  it('refuses an event type nobody registered', () => {
    const errors = fieldErrors(() => parseEnvelope(grantApprovedEnvelope({ type: 'grant.revoked' })));

    expect(errors).toEqual([{ path: 'type', message: 'unknown event type or version' }]);
  });

  it('refuses an unregistered version of a known type', () => {
    const raw = grantApprovedEnvelope({ version: 2 });

    expect(() => parseEnvelope(raw)).toThrow('No contract for grant.approved v2');
  });

  it('lists every data field that breaks the contract under data.', () => {
    const raw = grantApprovedEnvelope({ data: { applicationId: 'app-42', amountVnd: -5, approvedBy: {} } });

    const errors = fieldErrors(() => parseEnvelope(raw));

    expect(errors.map((e) => e.path)).toEqual(['data.amountVnd', 'data.approvedBy.sub']);
  });

  it('assertMatchesContract refuses data that breaks the contract', () => {
    expect(() => assertMatchesContract(grantApprovedEnvelope({ data: {} }))).toThrow('Invalid grant.approved data');
  });

  it('lists a registered contract among the known event types', () => {
    expect(knownEventTypes()).toContain('grant.approved@v1');
  });
});

describe('newEnvelope', () => {
  it('fills a fresh id, version 1 and the occurrence time', () => {
    const envelope = newEnvelope({
      type: 'grant.approved',
      source: 'grants',
      data: { applicationId: 'a' },
      occurredAt: new Date('2026-03-10T01:30:00Z'),
    });

    expect(envelope).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      type: 'grant.approved',
      version: 1,
      occurredAt: '2026-03-10T01:30:00.000Z',
      source: 'grants',
      data: { applicationId: 'a' },
    });
  });

  it('gives each envelope its own id', () => {
    const args = { type: 'grant.approved', source: 'grants', data: {} };

    expect(newEnvelope(args).id).not.toBe(newEnvelope(args).id);
  });

  it("defaults occurredAt to now, on the process's clock", () => {
    const before = clock.now().getTime();

    const envelope = newEnvelope({ type: 'grant.approved', source: 'grants', data: {} });

    const at = Date.parse(envelope.occurredAt);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(clock.now().getTime());
  });

  it('keeps an explicit id, version and correlation id', () => {
    const envelope = newEnvelope({ type: 'grant.approved', version: 3, id: 'evt-7', correlationId: 'req-1', source: 'grants', data: {} });

    expect(envelope).toMatchObject({ id: 'evt-7', version: 3, correlationId: 'req-1' });
  });

  it('builds an envelope that parseEnvelope accepts', () => {
    const data = { applicationId: 'app-1', amountVnd: 10, approvedBy: { sub: 'o' } };

    const envelope = newEnvelope({ type: grantApproved.type, source: 'grants', data });

    expect(parseEnvelope(JSON.parse(JSON.stringify(envelope)))).toEqual(envelope);
  });
});
