import { describe, expect, it } from 'vitest';
import { programmeChanged } from '../../../../shared/contracts/programme.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';
import { ValidationError } from '../../../../shared/errors.ts';

const envelope = (data: Record<string, unknown>) => ({
  id: 'programme.changed:p-1:1',
  type: programmeChanged.type,
  version: programmeChanged.version,
  occurredAt: '2026-01-05T03:00:00.000Z',
  source: 'intake',
  data: {
    programmeId: 'p-1',
    code: 'CNHT-2026',
    name: 'Supporting industry 2026',
    category: 'supporting-industry',
    ownerAgency: 'so-cong-thuong',
    rubric: { id: 'cnht', version: 1 },
    version: 1,
    change: 'created',
    changedAt: '2026-01-05T03:00:00.000Z',
    ...data,
  },
});

describe('programme.changed v1', () => {
  it('takes a programme announcement', () => {
    expect(() => assertMatchesContract(envelope({}))).not.toThrow();
    expect(() => assertMatchesContract(envelope({ rubric: null, change: 'announced' }))).not.toThrow();
  });

  it('is bounded, and its dates are ISO 8601', () => {
    for (const bad of [
      { name: 'x'.repeat(301) },
      { code: 'C'.repeat(41) },
      { ownerAgency: 'a'.repeat(65) },
      { programmeId: '' },
      { version: 0 },
      { change: 'deleted' },
      { changedAt: '5 January 2026' },
    ])
      expect(() => assertMatchesContract(envelope(bad)), JSON.stringify(bad)).toThrow(ValidationError);
  });
});
