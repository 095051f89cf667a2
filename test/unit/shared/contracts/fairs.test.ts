import { describe, expect, it } from 'vitest';
import { fairScheduled, MAX_FAIR_ENTERPRISES, MAX_MESSAGE_BYTES } from '../../../../shared/contracts/fairs.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';

describe('fair.scheduled', () => {
  it('fits one SQS message at its largest: every participant a registered enterprise with the longest fields', () => {
    const longest = {
      taxCode: '0101234567-001',
      role: 'exhibitor' as const,
      communeCode: '99999',
      vsicMain: '25920',
      sizeClass: 'medium',
      added: 9999,
      removed: 9999,
    };
    const envelope = {
      id: '01JDZ0000000000000000000000',
      type: fairScheduled.type,
      version: fairScheduled.version,
      occurredAt: '2026-12-10T08:30:00.000+07:00',
      source: 'matching',
      correlationId: 'x'.repeat(64),
      data: {
        fairId: 'f'.repeat(64),
        runId: 'r'.repeat(64),
        mode: 'top-up' as const,
        agency: 'a'.repeat(64),
        fairName: 'ộ'.repeat(200),
        heldOn: '2026-12-10',
        completedAt: '2026-12-01T10:00:00.000Z',
        meetings: 99_999,
        meetingsAdded: 99_999,
        meetingsRemoved: 99_999,
        enterprises: Array.from({ length: MAX_FAIR_ENTERPRISES }, () => longest),
      },
    };
    assertMatchesContract(envelope);
    expect(Buffer.byteLength(JSON.stringify(envelope))).toBeLessThan(MAX_MESSAGE_BYTES);
  });
});
