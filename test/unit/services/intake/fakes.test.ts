/**
 * The fakes must keep the adapters' rules, or the use-case tests built on them prove nothing.
 */
import { describe, it, expect } from 'vitest';
import { newEnvelope } from '../../../../shared/contracts/envelope.ts';
import { ConflictError, ValidationError } from '../../../../shared/errors.ts';
import type { ApprovalWrites } from '../../../../services/intake/app/ports.ts';
import type { Application, ApplicationDocument } from '../../../../services/intake/domain/application.ts';
import type { Programme } from '../../../../services/intake/domain/programme.ts';
import { FakeDocumentStore, FakeIntakeRepository, sha256Hex } from './fakes.ts';
import { enterprise, FILES, NOW, programme, TAX_CODE } from './fixtures.ts';

const at = NOW.toISOString();

function seeded() {
  const repo = new FakeIntakeRepository();
  const p: Programme = {
    ...programme({ budgetVnd: 1_000, maxAmountVnd: 1_000 }),
    id: 'p-1',
    committedVnd: 0,
    version: 1,
    createdAt: at,
    createdBy: 'u',
    updatedAt: at,
  };
  const app = {
    id: 'app-1',
    programmeId: 'p-1',
    taxCode: TAX_CODE,
    category: p.category,
    status: 'submitted',
    version: 2,
    flags: [],
    timeline: [],
  } as unknown as Application;
  return { repo, p, app };
}

const approval = (amountVnd: number, seen = 0): ApprovalWrites => ({
  grant: {
    grantId: 'app-1',
    applicationId: 'app-1',
    taxCode: TAX_CODE,
    programmeId: 'p-1',
    programmeCode: 'CNHT-2026',
    agency: 'so-cong-thuong',
    category: 'supporting-industry',
    contents: ['cnht/technology'],
    period: { from: '2026-01-01', to: '2026-12-31' },
    amountVnd,
    grantedAmountVnd: amountVnd,
    year: 2026,
    grantedOn: '2026-03-11',
    status: 'active',
    supersededBy: [],
    adjustments: [],
    version: 1,
  },
  slots: [{ contentId: 'cnht/technology', year: 2026, seen }],
  budget: { programmeId: 'p-1', amountVnd, budgetVnd: 1_000 },
  relatedParties: [],
});

describe('FakeIntakeRepository.saveApplication', () => {
  it('writes the next version over the expected one', async () => {
    const { repo, app } = seeded();
    await repo.createApplication(app);

    expect(await repo.saveApplication({ ...app, version: 3 }, 2)).toBe('committed');
    expect((await repo.getApplication('app-1'))!.version).toBe(3);
  });

  it('refuses another stored version, or a missing application, with a ConflictError', async () => {
    const { repo, app } = seeded();
    await expect(repo.saveApplication({ ...app, version: 3 }, 2)).rejects.toThrow(ConflictError);
    await repo.createApplication(app);

    await expect(repo.saveApplication({ ...app, version: 3 }, 1)).rejects.toThrow(ConflictError);
    expect((await repo.getApplication('app-1'))!.version).toBe(2);
  });

  it('reports a processed message as a duplicate, writing nothing, even when the version is stale too', async () => {
    const { repo, app } = seeded();
    await repo.createApplication(app);
    await repo.saveApplication({ ...app, version: 3 }, 2, { messageId: 'm-1' });

    expect(await repo.saveApplication({ ...app, version: 3, status: 'scored' }, 2, { messageId: 'm-1' })).toBe('duplicate');
    expect((await repo.getApplication('app-1'))!.status).toBe('submitted');
  });

  it('writes an approval: grant, slot counter moved on, committed budget', async () => {
    const { repo, p, app } = seeded();
    await repo.createProgramme(p);
    await repo.createApplication(app);

    await repo.saveApplication({ ...app, version: 3 }, 2, { approval: approval(600) });

    expect(repo.grants).toHaveLength(1);
    expect(repo.slots.get(`${TAX_CODE}#cnht/technology#2026`)).toBe(1);
    expect(repo.programmes.get('p-1')!.committedVnd).toBe(600);
  });

  it('refuses a slot moved since it was read and a budget overrun, writing nothing at all', async () => {
    const { repo, p, app } = seeded();
    await repo.createProgramme(p);
    await repo.createApplication(app);
    repo.slots.set(`${TAX_CODE}#cnht/technology#2026`, 1);
    const event = newEnvelope({
      type: 'application.scored',
      source: 't',
      data: { applicationId: 'a', rubric: { id: 'r', version: 1 }, totalPoints: 1, maxPoints: 2, scoredAt: at },
    });

    await expect(repo.saveApplication({ ...app, version: 3 }, 2, { approval: approval(100), events: [event] })).rejects.toThrow(
      ConflictError,
    );
    repo.slots.clear();
    repo.programmes.get('p-1')!.committedVnd = 950;
    await expect(repo.saveApplication({ ...app, version: 3 }, 2, { approval: approval(51), events: [event] })).rejects.toThrow(
      "The programme's budget was changed or committed meanwhile; 51 VND no longer fits",
    );

    expect((await repo.getApplication('app-1'))!.version).toBe(2);
    expect(repo.grants).toEqual([]);
    expect(repo.outbox).toEqual([]);
    expect(repo.programmes.get('p-1')!.committedVnd).toBe(950);
    await expect(repo.saveApplication({ ...app, version: 3 }, 2, { approval: approval(50) })).resolves.toBe('committed');
  });

  it('refuses an event that breaks its contract', async () => {
    const { repo, app } = seeded();
    await repo.createApplication(app);
    const bad = newEnvelope({ type: 'application.scored', source: 't', data: { applicationId: 'a' } });

    await expect(repo.saveApplication({ ...app, version: 3 }, 2, { events: [bad] })).rejects.toThrow(ValidationError);
    expect((await repo.getApplication('app-1'))!.version).toBe(2);
  });

  it('hands out copies: changing a returned application changes nothing stored', async () => {
    const { repo, app } = seeded();
    await repo.createApplication(app);

    (await repo.getApplication('app-1'))!.status = 'approved';

    expect((await repo.getApplication('app-1'))!.status).toBe('submitted');
  });
});

describe('FakeIntakeRepository, the ledger', () => {
  it('saveGrant writes at the expected version only, and refuses a release below 0 committed, writing nothing', async () => {
    const { repo, p, app } = seeded();
    await repo.createProgramme(p);
    await repo.createApplication(app);
    await repo.saveApplication({ ...app, version: 3 }, 2, { approval: approval(600) });
    const g = (await repo.getGrant('app-1'))!;

    await expect(repo.saveGrant({ ...g, amountVnd: 500, version: 2 }, 2, { events: [] })).rejects.toThrow(ConflictError);
    await expect(
      repo.saveGrant({ ...g, amountVnd: 0, version: 2 }, 1, { events: [], release: { programmeId: 'p-1', amountVnd: 601 } }),
    ).rejects.toThrow(ConflictError);
    expect((await repo.getGrant('app-1'))!.amountVnd).toBe(600);
    await repo.saveGrant({ ...g, amountVnd: 500, version: 2 }, 1, { events: [], release: { programmeId: 'p-1', amountVnd: 100 } });
    expect(await repo.getGrant('app-1')).toMatchObject({ amountVnd: 500, version: 2 });
    expect(repo.programmes.get('p-1')!.committedVnd).toBe(500);
  });

  it('links people to enterprises, and answers only with enterprises that still have the person', async () => {
    const repo = new FakeIntakeRepository();
    const ref = 'a'.repeat(64);
    await repo.recordEnterprise(enterprise({ taxCode: '0100000001', revision: 1, people: [{ role: 'owner', personRef: ref }] }));
    await repo.recordEnterprise(
      enterprise({ taxCode: '0100000002', revision: 1, people: [{ role: 'legal-representative', personRef: ref }] }),
    );

    expect((await repo.enterprisesSharing('0100000001', [{ role: 'owner', personRef: ref }], 10)).map((e) => e.taxCode)).toEqual([
      '0100000002',
    ]);
    await repo.recordEnterprise(enterprise({ taxCode: '0100000002', revision: 2, people: [] }));
    expect(await repo.enterprisesSharing('0100000001', [{ role: 'owner', personRef: ref }], 10)).toEqual([]);
  });
});

describe('FakeIntakeRepository, other rules', () => {
  it('keeps only a newer enterprise revision', async () => {
    const repo = new FakeIntakeRepository();

    expect(await repo.recordEnterprise(enterprise({ revision: 2 }))).toBe('applied');
    expect(await repo.recordEnterprise(enterprise({ revision: 2, name: 'Again' }))).toBe('stale');
    expect(await repo.recordEnterprise(enterprise({ revision: 1, name: 'Older' }))).toBe('stale');
    expect(await repo.recordEnterprise(enterprise({ revision: 3, name: 'Newer' }))).toBe('applied');
    expect((await repo.getEnterprise(TAX_CODE))!.name).toBe('Newer');
  });

  it('refuses a programme code already used, and a replacement over a changed committed amount', async () => {
    const { repo, p } = seeded();
    await repo.createProgramme(p);

    await expect(repo.createProgramme({ ...p, id: 'p-2' })).rejects.toThrow(ConflictError);
    repo.programmes.get('p-1')!.committedVnd = 10;
    await expect(repo.replaceProgramme({ ...p, version: 2 }, 1)).rejects.toThrow(ConflictError);
  });

  it('settles only a document awaiting upload', async () => {
    const repo = new FakeIntakeRepository();
    const doc = { applicationId: 'a', documentId: 'd', status: 'awaiting-upload' } as ApplicationDocument;

    expect(await repo.settleDocument(doc)).toBe(false);
    await repo.addDocument(doc, 50);
    expect(await repo.settleDocument({ ...doc, status: 'verified' })).toBe(true);
    expect(await repo.settleDocument({ ...doc, status: 'rejected' })).toBe(false);
    expect((await repo.getDocument('a', 'd'))!.status).toBe('verified');
  });
});

describe('FakeDocumentStore', () => {
  it('reports size, SHA-256 and the first 16 bytes', async () => {
    const store = new FakeDocumentStore().put('k', FILES.pdf);

    const o = (await store.inspect('k'))!;

    expect(o).toMatchObject({ sizeBytes: FILES.pdf.length, sha256: sha256Hex(FILES.pdf), head: new Uint8Array(FILES.pdf.subarray(0, 16)) });
    expect(await store.inspect('missing')).toBeUndefined();
  });

  it('promotes only the object that was inspected', async () => {
    const store = new FakeDocumentStore().put('k', FILES.pdf);
    const { eTag } = (await store.inspect('k'))!;
    store.put('k', FILES.png);

    await expect(store.promote('k', 'v', eTag)).rejects.toThrow('PreconditionFailed');
    await store.promote('k', 'v', (await store.inspect('k'))!.eTag);
    expect(store.objects.get('v')).toEqual(FILES.png);
    expect(store.objects.has('k')).toBe(false);
    await expect(store.promote('k', 'v')).rejects.toThrow('NoSuchKey');
  });
});
