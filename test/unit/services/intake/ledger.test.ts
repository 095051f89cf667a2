import { describe, it, expect } from 'vitest';
import { RuleViolationError, toProblem } from '../../../../shared/errors.ts';
import { duplicateSupportError, overlapping, type Grant } from '../../../../services/intake/domain/ledger.ts';

const grant = (overrides: Partial<Grant> = {}): Grant => ({
  grantId: 'g-1',
  applicationId: 'g-1',
  taxCode: '0101234567',
  programmeId: 'p-1',
  programmeCode: 'CDS-2026',
  agency: 'so-khcn',
  category: 'digital-transformation',
  amountVnd: 150_000_000,
  year: 2026,
  grantedOn: '2026-04-02',
  stacking: false,
  ...overrides,
});

describe('overlapping', () => {
  const earlier = [
    grant({ grantId: 'g-old', year: 2025 }),
    grant({ grantId: 'g-other', category: 'consulting' }),
    grant({ grantId: 'g-same' }),
  ];

  it('finds the grant of the same category in the same year', () => {
    expect(overlapping(earlier, { category: 'digital-transformation', year: 2026 }, false)?.grantId).toBe('g-same');
  });

  it('finds none in another year', () => {
    expect(overlapping(earlier, { category: 'digital-transformation', year: 2027 }, false)).toBeUndefined();
  });

  it('finds none in another category', () => {
    expect(overlapping(earlier, { category: 'worker-training', year: 2026 }, false)).toBeUndefined();
  });

  it('finds none when the new programme allows stacking', () => {
    expect(overlapping(earlier, { category: 'digital-transformation', year: 2026 }, true)).toBeUndefined();
  });

  it('finds none when there is no earlier grant', () => {
    expect(overlapping([], { category: 'digital-transformation', year: 2026 }, false)).toBeUndefined();
  });
});

describe('duplicateSupportError', () => {
  const earlier = grant({ grantId: 'g-42', applicationId: 'app-42', amountVnd: 1_250_000_000 });
  const error = duplicateSupportError('0101234567', earlier);

  it('is a 422 naming the earlier programme, agency, amount, date and application', () => {
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      '0101234567 was already granted digital-transformation support in 2026: programme CDS-2026 of so-khcn, 1,250,000,000 VND on 2026-04-02 (application app-42)',
    );
    expect(error.errors).toEqual([{ path: 'outcome', message: 'duplicates grant g-42' }]);
  });

  it('carries the earlier grant as a problem extension', () => {
    expect(error.extensions).toEqual({ earlierGrant: earlier });
    expect(toProblem(error)).toMatchObject({ status: 422, earlierGrant: earlier });
  });
});
