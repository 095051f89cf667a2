import { describe, expect, it } from 'vitest';
import { demoProgrammes, seedProgrammes } from '../../../../services/intake/seed.ts';
import { setup } from './fixtures.ts';

describe('the seeded programmes', () => {
  it('are created through the use case, each by its owning agency and announced, once however often the seed runs', async () => {
    const ctx = setup();
    const expected = demoProgrammes(2026);

    expect(await seedProgrammes(ctx.deps)).toBe(`${expected.length} demo programmes (0 already there)`);
    expect(await seedProgrammes(ctx.deps)).toBe(`0 demo programmes (${expected.length} already there)`);

    // Announced as the API announces a new programme: one programme.changed (created) each, with its owner.
    const announced = ctx.repo.outbox.map((e) => [
      e.type,
      (e.data as { code: string }).code,
      (e.data as { ownerAgency: string }).ownerAgency,
    ]);
    expect(announced).toEqual(expected.map((p) => ['programme.changed', p.code, p.ownerAgency]));
    expect(ctx.repo.outbox.every((e) => (e.data as { change: string }).change === 'created')).toBe(true);
  });
});
