import { describe, expect, it } from 'vitest';
import { stepInput } from '../../../../services/matching/routes.ts';

describe('POST /matches/{id}/events body', () => {
  it('takes the steps a caller records, not scheduled-at-fair, which only a fair run records', () => {
    expect(stepInput.safeParse({ step: 'met' }).success).toBe(true);
    expect(stepInput.safeParse({ step: 'declined', reason: 'no capacity' }).success).toBe(true);
    const fair = stepInput.safeParse({ step: 'scheduled-at-fair' });
    expect(fair.success).toBe(false);
    expect(fair.error?.issues[0]?.path).toEqual(['step']);
  });
});
