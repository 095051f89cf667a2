import { describe, it, expect } from 'vitest';
import { createHmac } from 'node:crypto';
import { MAX_CLOCK_SKEW_SECONDS, sign, verifySignature } from '../../../../services/registry/domain/signature.ts';
import { NOW } from './fixtures.ts';

const SECRET = 'unit-test-webhook-secret-0123456789';
const BODY = JSON.stringify({ events: [{ eventId: 'reg-2026-000001' }] });
const unix = (d: Date) => String(Math.floor(d.getTime() / 1000));
const secondsBefore = (s: number) => new Date(NOW.getTime() - s * 1000);

/** Headers as the registry would send them at `sentAt`. */
const signedAt = (sentAt: Date, body = BODY) => {
  const timestamp = unix(sentAt);
  return { timestamp, signature: sign(SECRET, timestamp, body) };
};

describe('sign', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
    const expected = createHmac('sha256', SECRET).update(`1773111600.${BODY}`).digest('hex');

    expect(sign(SECRET, '1773111600', BODY)).toBe(`sha256=${expected}`);
  });
});

describe('verifySignature', () => {
  it('accepts what sign produced for the same body', () => {
    expect(verifySignature(SECRET, signedAt(NOW), BODY, NOW)).toEqual({ ok: true });
  });

  it('refuses a body changed after signing', () => {
    const tampered = BODY.replace('000001', '000002');

    expect(verifySignature(SECRET, signedAt(NOW), tampered, NOW)).toEqual({ ok: false, reason: 'the signature does not match' });
  });

  it('refuses a signature made with another secret', () => {
    const timestamp = unix(NOW);

    expect(verifySignature(SECRET, { timestamp, signature: sign('another-secret-of-some-length', timestamp, BODY) }, BODY, NOW).ok).toBe(
      false,
    );
  });

  it('refuses a signature whose timestamp was swapped for a fresher one', () => {
    const old = signedAt(secondsBefore(400));

    expect(verifySignature(SECRET, { timestamp: unix(NOW), signature: old.signature }, BODY, NOW).ok).toBe(false);
  });

  it('refuses a request signed 301 seconds ago (replay)', () => {
    expect(verifySignature(SECRET, signedAt(secondsBefore(301)), BODY, NOW)).toEqual({
      ok: false,
      reason: 'X-Registry-Timestamp is more than 5 minutes off',
    });
  });

  it('accepts a request signed 299 seconds ago', () => {
    expect(verifySignature(SECRET, signedAt(secondsBefore(299)), BODY, NOW)).toEqual({ ok: true });
  });

  it('accepts exactly the allowed skew and refuses it in the future plus one second', () => {
    expect(verifySignature(SECRET, signedAt(secondsBefore(MAX_CLOCK_SKEW_SECONDS)), BODY, NOW).ok).toBe(true);
    expect(verifySignature(SECRET, signedAt(secondsBefore(-(MAX_CLOCK_SKEW_SECONDS + 1))), BODY, NOW).ok).toBe(false);
  });

  it.each([
    ['the timestamp', { timestamp: undefined, signature: 'sha256=00' }],
    ['the signature', { timestamp: unix(NOW), signature: undefined }],
    ['both headers', { timestamp: undefined, signature: undefined }],
    ['an empty timestamp', { timestamp: '', signature: 'sha256=00' }],
  ])('refuses a request missing %s', (_label, headers) => {
    expect(verifySignature(SECRET, headers, BODY, NOW)).toEqual({
      ok: false,
      reason: 'X-Registry-Timestamp and X-Registry-Signature are required',
    });
  });

  it.each(['2026-03-10T03:00:00Z', '1773111600.5', '-1773111600', '1773111600abc', '1e9'])(
    'refuses the non-numeric timestamp %s',
    (timestamp) => {
      expect(verifySignature(SECRET, { timestamp, signature: sign(SECRET, timestamp, BODY) }, BODY, NOW)).toEqual({
        ok: false,
        reason: 'X-Registry-Timestamp must be unix seconds',
      });
    },
  );

  it.each([
    ['truncated', (s: string) => s.slice(0, -2)],
    ['without the sha256= prefix', (s: string) => s.slice('sha256='.length)],
    ['with extra characters', (s: string) => `${s}00`],
  ])('refuses a signature of a different length (%s) without throwing', (_label, mangle) => {
    const { timestamp, signature } = signedAt(NOW);

    expect(verifySignature(SECRET, { timestamp, signature: mangle(signature) }, BODY, NOW)).toEqual({
      ok: false,
      reason: 'the signature does not match',
    });
  });
});
