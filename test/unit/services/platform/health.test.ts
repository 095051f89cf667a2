import { describe, it, expect } from 'vitest';
import { checkHealth, type Probe } from '../../../../services/platform/app/health.ts';

const CHECKED_AT = new Date('2026-03-10T03:00:00Z');
const now = () => CHECKED_AT;

const healthy: Probe = async () => undefined;

class AccessDeniedException extends Error {
  override name = 'AccessDeniedException';
}

const failing = (): Probe => async () => {
  throw new AccessDeniedException('User arn:aws:iam::123456789012:role/api is not authorized on table sme-prod-applications');
};

const silent = (): Probe => () => new Promise<void>(() => undefined);

describe('checkHealth', () => {
  it('reports ok when every probe answers', async () => {
    const report = await checkHealth({ dynamodb: healthy, sqs: healthy, s3: healthy }, now);

    expect(report.status).toBe('ok');
    expect(report.checkedAt).toBe('2026-03-10T03:00:00.000Z');
    expect(Object.keys(report.components)).toEqual(['dynamodb', 'sqs', 's3']);
    for (const component of Object.values(report.components)) {
      expect(component).toEqual({ status: 'ok', latencyMs: expect.any(Number) });
    }
  });

  it('reports degraded with the failing component down and the others ok', async () => {
    const report = await checkHealth({ dynamodb: failing(), sqs: healthy }, now);

    expect(report.status).toBe('degraded');
    expect(report.components['dynamodb']).toEqual({ status: 'down', latencyMs: expect.any(Number), detail: 'AccessDeniedException' });
    expect(report.components['sqs']?.status).toBe('ok');
  });

  it('keeps the error message of a failing probe out of the report', async () => {
    const report = await checkHealth({ dynamodb: failing() }, now);

    const json = JSON.stringify(report);
    expect(json).not.toContain('arn:aws:iam');
    expect(json).not.toContain('sme-prod-applications');
  });

  it('reports a probe that never answers as down after the timeout', async () => {
    const started = Date.now();

    const report = await checkHealth({ s3: silent(), sqs: healthy }, now, 30);

    expect(report.status).toBe('degraded');
    expect(report.components['s3']).toEqual({ status: 'down', latencyMs: expect.any(Number), detail: 'no answer within 30 ms' });
    expect(report.components['s3']!.latencyMs).toBeGreaterThanOrEqual(25);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reports a probe that rejects with a non-Error as down with a generic detail', async () => {
    const report = await checkHealth({ s3: () => Promise.reject('secret-token-123') }, now);

    expect(report.components['s3']).toEqual({ status: 'down', latencyMs: expect.any(Number), detail: 'error' });
  });

  it('reports ok with no probes', async () => {
    const report = await checkHealth({}, now);

    expect(report).toEqual({ status: 'ok', checkedAt: '2026-03-10T03:00:00.000Z', components: {} });
  });
});
