import { describe, it, expect } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../../../shared/errors.ts';
import {
  ANNOUNCE_PER_RUN,
  announceProgrammes,
  createProgramme,
  getProgramme,
  updateProgramme,
} from '../../../../services/intake/app/programmes.ts';
import type { Programme } from '../../../../services/intake/domain/programme.ts';
import { KHCN, NOW, officer, otherAgencyOfficer, programme, SCT, setup } from './fixtures.ts';
import { givenDraft, givenEnterprise, givenProgramme, rejection } from './flows.ts';

const LATER = new Date('2026-03-12T02:00:00Z');

describe('createProgramme', () => {
  it('creates the programme at version 1 with nothing committed, stamped with the creator and the clock', async () => {
    const ctx = setup();

    const p = await createProgramme(ctx.deps, officer, programme());

    expect(p).toMatchObject({
      id: '00000000-0000-4000-8000-000000000001',
      code: 'CNHT-2026',
      ownerAgency: SCT,
      committedVnd: 0,
      version: 1,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      createdBy: officer.sub,
    });
    expect(await ctx.repo.getProgramme(p.id)).toEqual(p);
  });

  it('refuses an officer of another agency than the owner (403), storing nothing', async () => {
    const ctx = setup();

    const error = await rejection(createProgramme(ctx.deps, otherAgencyOfficer, programme({ ownerAgency: SCT })));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe('You may not create programme: only admin/officer of the owner-agency may');
    expect(ctx.repo.programmes.size).toBe(0);
  });

  it('refuses a code already in use (409)', async () => {
    const ctx = setup();
    await createProgramme(ctx.deps, officer, programme());

    await expect(createProgramme(ctx.deps, officer, programme({ name: 'Another name' }))).rejects.toThrow(
      new ConflictError('A programme with code CNHT-2026 already exists'),
    );
    expect(ctx.repo.programmes.size).toBe(1);
  });
});

describe('getProgramme', () => {
  it('is a 404 for an unknown id', async () => {
    await expect(getProgramme(setup().deps, 'nope')).rejects.toThrow(NotFoundError);
  });
});

describe('updateProgramme', () => {
  it('replaces the programme as the next version, keeping its id, creation and committed amount', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);
    ctx.repo.programmes.get(p.id)!.committedVnd = 200_000_000;
    ctx.setNow(LATER);

    const next = await updateProgramme(ctx.deps, officer, p.id, programme({ name: 'Renamed programme', budgetVnd: 2_000_000_000 }), 1);

    expect(next).toMatchObject({
      id: p.id,
      name: 'Renamed programme',
      budgetVnd: 2_000_000_000,
      committedVnd: 200_000_000,
      version: 2,
      createdAt: p.createdAt,
      createdBy: p.createdBy,
      updatedAt: LATER.toISOString(),
    });
    expect(await ctx.repo.getProgramme(p.id)).toEqual(next);
  });

  it('refuses a stale If-Match version (409) and leaves the programme as it was', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);
    await updateProgramme(ctx.deps, officer, p.id, programme({ name: 'First change' }), 1);

    await expect(updateProgramme(ctx.deps, officer, p.id, programme({ name: 'Second change' }), 1)).rejects.toThrow(ConflictError);
    expect(await ctx.repo.getProgramme(p.id)).toMatchObject({ name: 'First change', version: 2 });
  });

  it('without If-Match, replaces the version it read', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);
    await updateProgramme(ctx.deps, officer, p.id, programme({ name: 'First change' }), 1);

    const next = await updateProgramme(ctx.deps, officer, p.id, programme({ name: 'Second change' }), undefined);

    expect(next.version).toBe(3);
  });

  it('refuses a budget below what approvals have committed (422)', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);
    ctx.repo.programmes.get(p.id)!.committedVnd = 400_000_000;

    const error = await rejection(
      updateProgramme(ctx.deps, officer, p.id, programme({ budgetVnd: 399_999_999, maxAmountVnd: 100_000_000 }), 1),
    );

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.status).toBe(422);
    expect(error.errors).toEqual([
      { path: 'body.budgetVnd', message: 'must be at least the 400000000 VND already committed to approvals' },
    ]);
    expect((await ctx.repo.getProgramme(p.id))!.budgetVnd).toBe(1_000_000_000);
  });

  it('accepts a budget equal to what is committed', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);
    ctx.repo.programmes.get(p.id)!.committedVnd = 400_000_000;

    const next = await updateProgramme(ctx.deps, officer, p.id, programme({ budgetVnd: 400_000_000, maxAmountVnd: 100_000_000 }), 1);

    expect(next.budgetVnd).toBe(400_000_000);
  });

  it('refuses an officer of another agency (403)', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);

    await expect(updateProgramme(ctx.deps, otherAgencyOfficer, p.id, programme({ name: 'Hijacked' }), 1)).rejects.toThrow(ForbiddenError);
    expect((await ctx.repo.getProgramme(p.id))!.version).toBe(1);
  });

  it('lets the owning agency hand the programme over to another agency', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);

    const next = await updateProgramme(ctx.deps, officer, p.id, programme({ ownerAgency: KHCN }), 1);

    expect(next.ownerAgency).toBe(KHCN);
    // …after which the former owner may no longer change it.
    await expect(updateProgramme(ctx.deps, officer, p.id, programme({ ownerAgency: SCT }), 2)).rejects.toThrow(ForbiddenError);
  });

  it('freezes category, rubric, support contents and owner once the programme has applications (422), other fields stay open', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    await givenDraft(ctx, p.id);

    const error = await rejection(
      updateProgramme(
        ctx.deps,
        officer,
        p.id,
        programme({
          category: 'consulting',
          rubric: { id: 'other', version: 2 },
          supportContents: ['consulting/management'],
          ownerAgency: 'so-khcn',
        }),
        1,
      ),
    );

    expect(error).toBeInstanceOf(RuleViolationError);
    // Its applications are read and decided by the owner: they would be stranded with the old one.
    expect(error.errors!.map((e) => e.path)).toEqual(['body.category', 'body.rubric', 'body.supportContents', 'body.ownerAgency']);
    expect((await updateProgramme(ctx.deps, officer, p.id, programme({ name: 'Renamed programme' }), 1)).name).toBe('Renamed programme');
  });

  it('lets category and rubric change while no application names the programme', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);

    const next = await updateProgramme(ctx.deps, officer, p.id, programme({ category: 'consulting', rubric: null }), 1);

    expect(next).toMatchObject({ category: 'consulting', rubric: null });
  });

  it('is a 404 for an unknown programme', async () => {
    await expect(updateProgramme(setup().deps, officer, 'nope', programme(), 1)).rejects.toThrow(NotFoundError);
  });
});

describe('programme.changed: scoring learns programmes and their owners from intake', () => {
  it('announces a new programme and each change through the outbox, with its owner and version', async () => {
    const ctx = setup();
    const p = await createProgramme(ctx.deps, officer, programme());
    ctx.setNow(LATER);
    await updateProgramme(ctx.deps, officer, p.id, programme({ ownerAgency: KHCN }), 1);

    expect(ctx.repo.outbox.map((e) => [e.type, e.id, e.occurredAt])).toEqual([
      ['programme.changed', `programme.changed:${p.id}:1`, NOW.toISOString()],
      ['programme.changed', `programme.changed:${p.id}:2`, LATER.toISOString()],
    ]);
    expect(ctx.repo.outbox.map((e) => e.data)).toEqual([
      {
        programmeId: p.id,
        code: 'CNHT-2026',
        name: p.name,
        category: p.category,
        ownerAgency: SCT,
        rubric: p.rubric,
        version: 1,
        change: 'created',
        changedAt: NOW.toISOString(),
      },
      expect.objectContaining({ ownerAgency: KHCN, version: 2, change: 'updated', changedAt: LATER.toISOString() }),
    ]);
  });

  it('announces nothing when the change is refused', async () => {
    const ctx = setup();
    const p = await givenProgramme(ctx);
    await rejection(updateProgramme(ctx.deps, otherAgencyOfficer, p.id, programme({ name: 'Taken over' }), 1));
    expect(ctx.repo.outbox).toEqual([]);
  });

  it('announces, once, each programme stored before the event existed; programmes announced when written are left alone', async () => {
    const ctx = setup();
    const announcedOnCreate = await givenProgramme(ctx, { code: 'NEW-2026' });
    // Programmes stored by the code before this change: no event, no marker.
    const stored: Programme[] = ['OLD-A', 'OLD-B'].map((code, i) => ({
      ...programme({ code }),
      id: `10000000-0000-4000-8000-00000000000${i}`,
      committedVnd: 0,
      version: 3,
      createdAt: NOW.toISOString(),
      createdBy: 'seed',
      updatedAt: NOW.toISOString(),
    })) as Programme[];
    for (const p of stored) await ctx.repo.createProgramme(p);

    expect(await announceProgrammes(ctx.deps)).toEqual({ announced: 2, changedMeanwhile: 0, failed: [], more: false });
    expect(ctx.repo.outbox.map((e) => [e.id, (e.data as { change: string }).change])).toEqual(
      stored.map((p) => [`programme.changed:${p.id}:3`, 'announced']),
    );
    expect(ctx.repo.outbox.map((e) => (e.data as { programmeId: string }).programmeId)).not.toContain(announcedOnCreate.id);

    // Every later run finds nothing to announce.
    expect(await announceProgrammes(ctx.deps)).toEqual({ announced: 0, changedMeanwhile: 0, failed: [], more: false });
    expect(ctx.repo.outbox).toHaveLength(2);
  });

  it('reports a programme the contract refuses and announces the others', async () => {
    const ctx = setup();
    const stored = (code: string, i: number, o: Partial<Programme> = {}) =>
      ({
        ...programme({ code }),
        id: `30000000-0000-4000-8000-00000000000${i}`,
        committedVnd: 0,
        version: 1,
        createdAt: NOW.toISOString(),
        createdBy: 'seed',
        updatedAt: NOW.toISOString(),
        ...o,
      }) as Programme;
    await ctx.repo.createProgramme(stored('BAD-1', 1, { updatedAt: 'yesterday' }));
    await ctx.repo.createProgramme(stored('GOOD-1', 2));
    const report = await announceProgrammes(ctx.deps);
    expect(report).toMatchObject({ announced: 1, failed: [{ programmeId: '30000000-0000-4000-8000-000000000001' }] });
    expect(ctx.repo.outbox.map((e) => (e.data as { code: string }).code)).toEqual(['GOOD-1']);
  });

  it('announces at most a bounded number per run and says more are left', async () => {
    const ctx = setup();
    for (let i = 0; i < ANNOUNCE_PER_RUN + 2; i++) {
      await ctx.repo.createProgramme({
        ...programme({ code: `OLD-${i}` }),
        id: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        committedVnd: 0,
        version: 1,
        createdAt: NOW.toISOString(),
        createdBy: 'seed',
        updatedAt: NOW.toISOString(),
      } as Programme);
    }
    expect(await announceProgrammes(ctx.deps)).toMatchObject({ announced: ANNOUNCE_PER_RUN, more: true });
    expect(await announceProgrammes(ctx.deps)).toMatchObject({ announced: 2, more: false });
  });
});
