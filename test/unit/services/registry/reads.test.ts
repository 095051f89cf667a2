import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../../shared/access/policy.ts';
import { ForbiddenError, NotFoundError } from '../../../../shared/errors.ts';
import { getEnterprise, getHistory, PUBLIC_SEARCH_MAX, searchEnterprises } from '../../../../services/registry/app/reads.ts';
import type { RegistryDeps } from '../../../../services/registry/app/ports.ts';
import { FakeEnterpriseRepository } from './fakes.ts';
import { ID_HASH, NOW, PERSONAL_ID, profile, TAX_CODES, testRefOf } from './fixtures.ts';

const officer: Actor = { sub: 'officer-sct', agency: 'so-cong-thuong', roles: ['officer'] };
const ownerAdmin: Actor = { sub: 'admin-stc', agency: 'so-tai-chinh', roles: ['admin'] };
const ownerOfficer: Actor = { sub: 'officer-stc', agency: 'so-tai-chinh', roles: ['officer'] };
const committee: Actor = { sub: 'ubnd', agency: 'ubnd-xa', roles: ['viewer'], commune: '00004' };
const otherCommittee: Actor = { sub: 'ubnd-2', agency: 'ubnd-xa', roles: ['officer'], commune: '00070' };

function setup() {
  const enterprises = new FakeEnterpriseRepository();
  enterprises.put(profile());
  enterprises.put(
    profile(
      { taxCode: PERSONAL_ID, eventId: 'reg-hh' },
      { legalForm: 'household', name: 'Hộ kinh doanh Bún chả Hàng Mành', vsic: { version: '2018', main: '5610', others: [] } },
    ),
  );
  const deps: RegistryDeps = { enterprises, now: () => NOW };
  return { enterprises, deps };
}

/** Every string anywhere in a value (personal identifiers hide in nested objects). */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

afterEach(() => {
  delete process.env.REGISTRY_OWNER_AGENCY;
});

describe('getEnterprise', () => {
  it('shows another agency the public record with the representative by name only', async () => {
    const { deps } = setup();

    const seen = await getEnterprise(deps, officer, TAX_CODES.thangLong);

    expect(seen).toMatchObject({
      taxCode: TAX_CODES.thangLong,
      name: 'Công ty TNHH Cơ khí Chính xác Thăng Long',
      legalForm: 'llc',
      communeCode: '00004',
    });
    expect(seen).toMatchObject({ legalRepresentative: { name: 'Nguyễn Văn A' }, sizeClass: { class: 'small' } });
    expect(seen).not.toHaveProperty('owners');
    expect(seen).not.toHaveProperty('sourceId');
    expect(strings(seen)).not.toContain(ID_HASH);
  });

  it("shows the registry owner's admins owners and pseudonyms, and not its officers", async () => {
    const { deps } = setup();

    expect(await getEnterprise(deps, ownerAdmin, TAX_CODES.thangLong)).toMatchObject({
      owners: [{ personRef: testRefOf(ID_HASH) }],
      legalRepresentative: { personRef: testRefOf(ID_HASH) },
    });
    expect(await getEnterprise(deps, ownerOfficer, TAX_CODES.thangLong)).not.toHaveProperty('owners');
  });

  it('follows REGISTRY_OWNER_AGENCY', async () => {
    const { deps } = setup();
    process.env.REGISTRY_OWNER_AGENCY = 'so-cong-thuong';

    expect(await getEnterprise(deps, { ...officer, roles: ['admin'] }, TAX_CODES.thangLong)).toHaveProperty('owners');
    expect(await getEnterprise(deps, ownerAdmin, TAX_CODES.thangLong)).not.toHaveProperty('owners');
  });

  it("is a 404 to another commune's committee", async () => {
    const { deps } = setup();

    await expect(getEnterprise(deps, committee, TAX_CODES.thangLong)).resolves.toHaveProperty('name');
    await expect(getEnterprise(deps, otherCommittee, TAX_CODES.thangLong)).rejects.toThrow(NotFoundError);
    await expect(getEnterprise(deps, officer, TAX_CODES.saigon)).rejects.toThrow(NotFoundError);
  });
});

describe('getHistory', () => {
  it('lists a change of owners as changed, without values, and the representative by name, for others', async () => {
    const { deps, enterprises } = setup();
    const owners = [{ name: 'Trần Thị B', personalIdHash: 'cd'.repeat(32), taxCode: null, sharePct: 100 }];
    enterprises.putHistory(TAX_CODES.thangLong, {
      revision: 2,
      sourceId: 'reg-2',
      cause: 'amended',
      occurredAt: NOW.toISOString(),
      appliedAt: NOW.toISOString(),
      changes: [
        { field: 'employees', from: 45, to: 50 },
        { field: 'owners', from: [{ name: 'Nguyễn Văn A', personalIdHash: ID_HASH, taxCode: null, sharePct: 60 }], to: owners },
        {
          field: 'legalRepresentative',
          from: { name: 'Nguyễn Văn A', personalIdHash: ID_HASH },
          to: { name: 'Trần Thị B', personalIdHash: 'cd'.repeat(32) },
        },
      ],
    });

    const seen = await getHistory(deps, officer, TAX_CODES.thangLong, 20, undefined);

    expect(seen.items[0]!.changes).toEqual([
      { field: 'employees', from: 45, to: 50 },
      { field: 'owners', redacted: true },
      { field: 'legalRepresentative', from: { name: 'Nguyễn Văn A' }, to: { name: 'Trần Thị B' } },
    ]);
    expect(strings(seen)).not.toContain(ID_HASH);
    const whole = await getHistory(deps, ownerAdmin, TAX_CODES.thangLong, 20, undefined);
    expect(whole.items[0]!.changes[1]).toMatchObject({ field: 'owners', to: owners });
  });
});

describe('searchEnterprises', () => {
  it(`gives at most ${PUBLIC_SEARCH_MAX} public records a page to others, and the asked page to the registry owner's admins`, async () => {
    const { deps, enterprises } = setup();
    const limits: number[] = [];
    const search = enterprises.search.bind(enterprises);
    enterprises.search = async (q) => {
      limits.push(q.limit);
      return search(q);
    };

    const page = await searchEnterprises(deps, officer, { commune: '00004', limit: 100 });
    await searchEnterprises(deps, ownerAdmin, { commune: '00004', limit: 100 });

    expect(limits).toEqual([PUBLIC_SEARCH_MAX, 100]);
    expect(strings(page)).not.toContain(PERSONAL_ID);
    expect(page.items.find((e) => e.legalForm === 'household')).toMatchObject({
      taxCodeKind: 'personal',
      name: 'Hộ kinh doanh Bún chả Hàng Mành',
    });
    expect(strings(await searchEnterprises(deps, ownerAdmin, { commune: '00004', limit: 100 }))).toContain(PERSONAL_ID);
    expect(page.items.length).toBeGreaterThan(0);
    for (const e of page.items) expect(e).not.toHaveProperty('owners');
    expect(strings(page)).not.toContain(ID_HASH);
  });

  it('confines a commune committee to its commune, and refuses another commune (403)', async () => {
    const { deps } = setup();

    await expect(searchEnterprises(deps, committee, { commune: '00070', limit: 20 })).rejects.toThrow(ForbiddenError);
    const own = await searchEnterprises(deps, committee, { limit: 20 });
    expect(own.items.every((e) => e.communeCode === '00004')).toBe(true);
  });
});
