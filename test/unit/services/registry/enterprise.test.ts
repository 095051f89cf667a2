import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import {
  diffProfiles,
  peopleOf,
  profileFrom,
  publishedType,
  searchName,
  snapshotOf,
  TRACKED_FIELDS,
  type Enterprise,
} from '../../../../services/registry/domain/enterprise.ts';
import { personRefOf } from '../../../../services/registry/domain/person-ref.ts';
import { enterpriseSnapshot } from '../../../../shared/contracts/enterprise.ts';
import { ID_HASH, NOW, PERSONAL_ID, profile, TAX_CODES, testRefOf, validEvent } from './fixtures.ts';

describe('searchName', () => {
  it('lower-cases and strips Vietnamese diacritics', () => {
    expect(searchName('Cơ khí Chính xác Thăng Long')).toBe('co khi chinh xac thang long');
  });

  it('turns đ and Đ into d', () => {
    expect(searchName('Đông Đô Đức Độ')).toBe('dong do duc do');
    expect(searchName('ĐẠI ĐỒNG')).toBe('dai dong');
  });

  it('treats precomposed (NFC) and decomposed (NFD) input alike', () => {
    const nfc = 'Thăng Long'.normalize('NFC');
    const nfd = 'Thăng Long'.normalize('NFD');

    expect(searchName(nfd)).toBe(searchName(nfc));
  });

  it('replaces punctuation and runs of spaces with one space', () => {
    expect(searchName('  Sữa  "Việt-Nam" (Vinamilk)  ')).toBe('sua viet nam vinamilk');
  });

  it.each([
    ['Công ty TNHH Cơ khí Chính xác Thăng Long', 'co khi chinh xac thang long'],
    ['Công ty Cổ phần Sữa Việt Nam', 'sua viet nam'],
    ['Công ty CP Sữa Việt Nam', 'sua viet nam'],
    ['Công ty TNHH Một thành viên Điện lực Đông Anh', 'dien luc dong anh'],
    ['Công ty TNHH Hai thành viên trở lên Bình Minh', 'binh minh'],
    ['Công ty Hợp danh Luật Hà Nội', 'luat ha noi'],
    ['Chi nhánh Công ty TNHH Cơ khí Thăng Long', 'co khi thang long'],
    ['Doanh nghiệp tư nhân Hoà Bình', 'hoa binh'],
    ['Hộ kinh doanh Đặng Văn Đức', 'dang van duc'],
    ['DNTN Hoà Bình', 'hoa binh'],
    ['HKD Đặng Văn Đức', 'dang van duc'],
  ])('drops the legal form from %s', (name, expected) => {
    expect(searchName(name)).toBe(expected);
  });

  it('keeps a distinctive name that only begins with the letters of an abbreviation', () => {
    expect(searchName('CPT Việt Nam')).toBe('cpt viet nam');
  });

  it('keeps the plain name when nothing but the legal form is left', () => {
    expect(searchName('Công ty TNHH')).toBe('cong ty tnhh');
  });
});

describe('diffProfiles', () => {
  const before = () => profile({ revision: 1 });
  const after = (enterprise: Parameters<typeof profile>[1], top: Parameters<typeof profile>[0] = {}) =>
    profile({ eventId: 'reg-2026-000002', type: 'amended', revision: 2, occurredAt: '2026-03-05T09:00:00+07:00', ...top }, enterprise);

  it('lists every tracked field, from null, for a first registration', () => {
    const p = before();

    const changes = diffProfiles(undefined, p);

    expect(changes.map((c) => c.field)).toEqual([...TRACKED_FIELDS]);
    expect(changes.every((c) => c.from === null)).toBe(true);
    expect(changes.find((c) => c.field === 'sizeClass')).toEqual({ field: 'sizeClass', from: null, to: 'small' });
  });

  it('lists nothing when only untracked fields (revision, cause, source, dates) differ', () => {
    expect(diffProfiles(before(), after({}))).toEqual([]);
  });

  it('lists exactly the one field that changed', () => {
    expect(diffProfiles(before(), after({ employees: 60 }))).toEqual([{ field: 'employees', from: 45, to: 60 }]);
  });

  it('lists several changed fields, nested ones compared by value', () => {
    const changes = diffProfiles(
      before(),
      after({
        name: 'Công ty TNHH Cơ khí Thăng Long',
        communeCode: '00008',
        vsic: { version: '2018', main: '2592', others: ['2599', '2511'] },
      }),
    );

    expect(changes).toEqual([
      { field: 'name', from: 'Công ty TNHH Cơ khí Chính xác Thăng Long', to: 'Công ty TNHH Cơ khí Thăng Long' },
      { field: 'communeCode', from: '00004', to: '00008' },
      {
        field: 'vsic',
        from: { version: '2018', main: '2592', others: ['2599'] },
        to: { version: '2018', main: '2592', others: ['2599', '2511'] },
      },
    ]);
  });

  it('includes sizeClass, by class, when the class changes', () => {
    const changes = diffProfiles(before(), after({ employees: 150 }));

    expect(changes).toEqual([
      { field: 'employees', from: 45, to: 150 },
      { field: 'sizeClass', from: 'small', to: 'medium' },
    ]);
  });

  it('omits sizeClass when the figures change within the same class', () => {
    expect(diffProfiles(before(), after({ revenueVnd: 45_000_000_000 })).map((c) => c.field)).toEqual(['revenueVnd']);
  });

  it('lists nothing for the same value with its keys in another order (stream images do not keep map key order)', () => {
    const b = before();
    const reordered: Enterprise = {
      ...after({}),
      vsic: { others: [...b.vsic.others], main: b.vsic.main, version: b.vsic.version },
      legalRepresentative: { personRef: b.legalRepresentative.personRef, name: b.legalRepresentative.name },
    };

    expect(diffProfiles(b, reordered)).toEqual([]);
  });
});

describe('publishedType', () => {
  const p = (status: string, revision: number, type = 'amended') => profile({ type, revision }, { status });

  it('announces a first sight as enterprise.registered', () => {
    expect(publishedType(undefined, p('active', 1, 'registered'))).toBe('enterprise.registered');
  });

  it('announces an amendment as enterprise.changed', () => {
    expect(publishedType(p('active', 1), p('active', 2))).toBe('enterprise.changed');
  });

  it('announces a suspension as enterprise.changed', () => {
    expect(publishedType(p('active', 1), p('suspended', 2, 'suspended'))).toBe('enterprise.changed');
  });

  it('announces the move to dissolved as enterprise.closed', () => {
    expect(publishedType(p('active', 1), p('dissolved', 2, 'dissolved'))).toBe('enterprise.closed');
    expect(publishedType(p('suspended', 1, 'suspended'), p('dissolved', 2, 'dissolved'))).toBe('enterprise.closed');
  });

  it('announces a later change to a dissolved enterprise as enterprise.changed, not a second closure', () => {
    expect(publishedType(p('dissolved', 2, 'dissolved'), p('dissolved', 3))).toBe('enterprise.changed');
  });

  it('announces a first sight of an already dissolved enterprise as enterprise.registered', () => {
    expect(publishedType(undefined, p('dissolved', 5, 'dissolved'))).toBe('enterprise.registered');
  });
});

describe('person refs', () => {
  const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

  it('replaces every personalIdHash with HMAC-SHA256(key, hash) before the profile is built', () => {
    const other = hashOf('001190000001');
    const p = profileFrom(
      validEvent(
        {},
        {
          owners: [
            { name: 'Nguyễn Văn A', personalIdHash: ID_HASH, taxCode: null, sharePct: 60 },
            { name: 'Trần Thị B', personalIdHash: other, taxCode: null, sharePct: 40 },
          ],
        },
      ),
      'reg-1',
      NOW,
      testRefOf,
    );

    expect(p.legalRepresentative).toEqual({ name: 'Nguyễn Văn A', personRef: testRefOf(ID_HASH) });
    expect(p.owners.map((o) => o.personRef)).toEqual([testRefOf(ID_HASH), testRefOf(other)]);
    expect(JSON.stringify(p)).not.toContain(ID_HASH);
    expect(JSON.stringify(p)).not.toContain(other);
    expect(testRefOf(ID_HASH)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same person the same ref, and a different key a different one', () => {
    const hash = hashOf(PERSONAL_ID);
    expect(testRefOf(hash)).toBe(testRefOf(hash));
    expect(personRefOf('another-key-of-enough-length')(hash)).not.toBe(testRefOf(hash));
  });

  it('cannot be reversed by hashing the id space without the key', () => {
    // An attacker enumerating ids finds the received hash, never the ref.
    const hash = hashOf(PERSONAL_ID);
    expect(hashOf(PERSONAL_ID)).not.toBe(testRefOf(hash));
    expect(createHash('sha256').update(hash).digest('hex')).not.toBe(testRefOf(hash));
  });

  it('keeps an owner that is an enterprise (null) and one without an id (absent) as they came', () => {
    const p = profileFrom(
      validEvent({ taxCode: TAX_CODES.hanoiA }, {
        owners: [
          { name: 'Công ty mẹ', personalIdHash: null, taxCode: TAX_CODES.saigon, sharePct: 70 },
          { name: 'Lê C', taxCode: null, sharePct: 30 },
        ],
      } as never),
      'reg-1',
      NOW,
      testRefOf,
    );

    expect(p.owners).toEqual([
      { name: 'Công ty mẹ', personRef: null, taxCode: TAX_CODES.saigon, sharePct: 70 },
      { name: 'Lê C', taxCode: null, sharePct: 30 },
    ]);
  });

  it('announces people by role and ref only, matching the contract', () => {
    const p = profile();
    const snapshot = snapshotOf(p, []);

    expect(snapshot.people).toEqual([
      { role: 'legal-representative', personRef: testRefOf(ID_HASH) },
      { role: 'owner', personRef: testRefOf(ID_HASH) },
    ]);
    expect(enterpriseSnapshot.parse(snapshot)).toEqual(snapshot);
    expect(JSON.stringify(snapshot)).not.toContain('Nguyễn Văn A');
  });

  it('announces no one for people without a ref (enterprise owners, profiles stored before refs)', () => {
    const old = { ...profile(), legalRepresentative: { name: 'X', personalIdHash: ID_HASH } as never, owners: [] } as Enterprise;
    expect(peopleOf(old)).toEqual([]);
  });
});
