/**
 * Who acts for an enterprise (domain.md §9; services/registry/domain/link.ts, app/links.ts): the
 * legal representative is verified at once by person ref, an organisation account by the asserted
 * code, anyone else waits for a delegation; approvals and revocations by the legal representative
 * or the commune committee / Sở Tài chính, each act recorded with who acted.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  accountsOf,
  approveDelegation,
  enterprisesOf,
  linkEnterprise,
  me,
  revokeDelegation,
} from '../../../../services/registry/app/links.ts';
import type { LinkDeps } from '../../../../services/registry/app/ports.ts';
import { approveLink, requestLink, revokeLink } from '../../../../services/registry/domain/link.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../../../shared/errors.ts';
import type { Principal } from '../../../../shared/http/auth.ts';
import { FakeEnterpriseRepository, FakeLinkRepository } from './fakes.ts';
import { ID_HASH, NOW, profile, TAX_CODES, testRefOf, TEST_PERSON_REF_KEY } from './fixtures.ts';
import { personRefOf } from '../../../../services/registry/domain/person-ref.ts';

const OTHER_HASH = 'cd'.repeat(32);
const rep: Principal = { sub: 'rep', agency: '', roles: ['enterprise'], personIdHash: ID_HASH };
const clerk: Principal = { sub: 'clerk', agency: '', roles: ['enterprise'], personIdHash: OTHER_HASH };
const stranger: Principal = { sub: 'stranger', agency: '', roles: ['enterprise'], personIdHash: 'ef'.repeat(32) };
const communeOfficer: Principal = { sub: 'c-off', agency: 'ubnd-xa', roles: ['officer'], commune: '00004' };
const otherCommuneOfficer: Principal = { sub: 'c-off-2', agency: 'ubnd-xa', roles: ['officer'], commune: '00070' };
const stcOfficer: Principal = { sub: 'stc', agency: 'so-tai-chinh', roles: ['officer'] };
const sctOfficer: Principal = { sub: 'sct', agency: 'so-cong-thuong', roles: ['officer'] };

let deps: LinkDeps & { links: FakeLinkRepository };
beforeEach(() => {
  deps = {
    enterprises: new FakeEnterpriseRepository().put(profile()).put(profile({ taxCode: TAX_CODES.saigon }, { communeCode: '00070' })),
    links: new FakeLinkRepository(),
    personRefKey: { refOf: async () => personRefOf(TEST_PERSON_REF_KEY) },
    now: () => NOW,
  };
});

describe('the link rules', () => {
  const party = { taxCode: TAX_CODES.thangLong, legalRepresentativeRef: testRefOf(ID_HASH) };
  const at = NOW.toISOString();

  it("verifies the registry's legal representative by person ref, and an asserted organisation", () => {
    expect(requestLink({ sub: 'rep', personRef: testRefOf(ID_HASH) }, party, undefined, at)).toMatchObject({
      status: 'verified',
      basis: 'legal-representative',
    });
    expect(requestLink({ sub: 'org', organisation: TAX_CODES.thangLong }, party, undefined, at)).toMatchObject({
      status: 'verified',
      basis: 'organisation-account',
    });
  });

  it('leaves anyone else pending: another person, another organisation, no assertion', () => {
    for (const who of [{ sub: 'x', personRef: testRefOf(OTHER_HASH) }, { sub: 'y', organisation: TAX_CODES.saigon }, { sub: 'z' }]) {
      expect(requestLink(who, party, undefined, at)).toMatchObject({
        status: 'pending',
        basis: 'delegation',
        acts: [{ action: 'requested' }],
      });
    }
    // A registry without a ref for its representative verifies no one by ref.
    expect(requestLink({ sub: 'x', personRef: testRefOf(ID_HASH) }, { ...party, legalRepresentativeRef: null }, undefined, at).status).toBe(
      'pending',
    );
  });

  it('approves a pending delegation, revokes it, refuses to approve it again', () => {
    const pending = requestLink({ sub: 'x' }, party, undefined, at);
    const approved = approveLink(pending, { sub: 'rep' }, at);
    expect(approved).toMatchObject({ status: 'verified', version: pending.version + 1 });
    expect(approved.acts.at(-1)).toEqual({ at, by: { sub: 'rep' }, action: 'approved' });
    const revoked = revokeLink(approved, { sub: 'stc', agency: 'so-tai-chinh' }, at, 'left the company');
    expect(revoked.status).toBe('revoked');
    expect(revoked.acts.at(-1)).toEqual({ at, by: { sub: 'stc', agency: 'so-tai-chinh' }, action: 'revoked', detail: 'left the company' });
    expect(() => approveLink(revoked, { sub: 'rep' }, at)).toThrow(ConflictError);
    // Asking again after a revocation starts over as a pending delegation.
    expect(requestLink({ sub: 'x' }, party, revoked, at)).toMatchObject({ status: 'pending', version: revoked.version + 1 });
  });
});

describe('links over the use cases', () => {
  it('links the legal representative at once, and shows it on GET /me', async () => {
    const link = await linkEnterprise(deps, rep, TAX_CODES.thangLong);
    expect(link).toMatchObject({ status: 'verified', basis: 'legal-representative', personRef: testRefOf(ID_HASH) });
    expect(await me(deps, rep)).toMatchObject({ sub: 'rep', actingFor: [TAX_CODES.thangLong] });
    expect(await enterprisesOf(deps, 'rep')).toEqual([TAX_CODES.thangLong]);
    // The hash itself is never stored.
    expect(JSON.stringify([...deps.links.links.values()])).not.toContain(ID_HASH);
  });

  it('refuses an enterprise the registry does not know (422)', async () => {
    await expect(linkEnterprise(deps, rep, TAX_CODES.hanoiA)).rejects.toThrow(RuleViolationError);
  });

  it('keeps a delegation pending until the legal representative approves it; the delegate then acts for it', async () => {
    await linkEnterprise(deps, rep, TAX_CODES.thangLong);
    const pending = await linkEnterprise(deps, clerk, TAX_CODES.thangLong);
    expect(pending.status).toBe('pending');
    expect(await enterprisesOf(deps, 'clerk')).toEqual([]);
    // The delegate cannot approve itself, nor can a stranger: they do not even see it (404).
    await expect(approveDelegation(deps, clerk, TAX_CODES.thangLong, 'clerk')).rejects.toThrow(ForbiddenError);
    await expect(approveDelegation(deps, stranger, TAX_CODES.thangLong, 'clerk')).rejects.toThrow(NotFoundError);
    const approved = await approveDelegation(deps, rep, TAX_CODES.thangLong, 'clerk');
    expect(approved.status).toBe('verified');
    expect(approved.acts.at(-1)?.by).toEqual({ sub: 'rep' });
    expect(await enterprisesOf(deps, 'clerk')).toEqual([TAX_CODES.thangLong]);
  });

  it("lets the enterprise's commune committee and Sở Tài chính approve, not another commune or agency", async () => {
    await linkEnterprise(deps, clerk, TAX_CODES.thangLong);
    await expect(approveDelegation(deps, otherCommuneOfficer, TAX_CODES.thangLong, 'clerk')).rejects.toThrow(NotFoundError);
    await expect(approveDelegation(deps, sctOfficer, TAX_CODES.thangLong, 'clerk')).rejects.toThrow(NotFoundError);
    const approved = await approveDelegation(deps, communeOfficer, TAX_CODES.thangLong, 'clerk');
    expect(approved.acts.at(-1)?.by).toEqual({ sub: 'c-off', agency: 'ubnd-xa', commune: '00004' });
    const revoked = await revokeDelegation(deps, stcOfficer, TAX_CODES.thangLong, 'clerk', 'asked by the enterprise');
    expect(revoked.status).toBe('revoked');
    expect(await enterprisesOf(deps, 'clerk')).toEqual([]);
  });

  it('the legal representative of one enterprise approves nothing for another', async () => {
    await linkEnterprise(deps, rep, TAX_CODES.thangLong);
    await linkEnterprise(deps, clerk, TAX_CODES.saigon);
    await expect(approveDelegation(deps, rep, TAX_CODES.saigon, 'clerk')).rejects.toThrow(NotFoundError);
  });

  it('lets the delegate give up its own link', async () => {
    await linkEnterprise(deps, clerk, TAX_CODES.thangLong);
    await approveDelegation(deps, stcOfficer, TAX_CODES.thangLong, 'clerk');
    expect((await revokeDelegation(deps, clerk, TAX_CODES.thangLong, 'clerk')).status).toBe('revoked');
  });

  it('keeps the verified e-mail each person signed in with, and answers only the verified links for the enterprise', async () => {
    await linkEnterprise(deps, { ...rep, email: 'giam.doc@thanglong.vn', language: 'en' }, TAX_CODES.thangLong);
    await linkEnterprise(deps, { ...clerk, email: 'ke.toan@thanglong.vn' }, TAX_CODES.thangLong);
    await linkEnterprise(deps, stranger, TAX_CODES.thangLong);
    // The clerk's delegation is pending: not yet written to.
    expect(await accountsOf(deps, TAX_CODES.thangLong)).toEqual([{ email: 'giam.doc@thanglong.vn', language: 'en' }]);
    await approveDelegation(deps, stcOfficer, TAX_CODES.thangLong, 'clerk');
    expect((await accountsOf(deps, TAX_CODES.thangLong)).map((a) => a.email).sort()).toEqual([
      'giam.doc@thanglong.vn',
      'ke.toan@thanglong.vn',
    ]);
    // Signing in again with another e-mail keeps the new one (a new version of the verified link).
    const before = (await deps.links.get('rep', TAX_CODES.thangLong))!.version;
    const again = await linkEnterprise(deps, { ...rep, email: 'gd@thanglong.vn' }, TAX_CODES.thangLong);
    expect(again).toMatchObject({ status: 'verified', account: { email: 'gd@thanglong.vn' }, version: before + 1 });
    // Revoked: heard from no more.
    await revokeDelegation(deps, rep, TAX_CODES.thangLong, 'clerk');
    expect(await accountsOf(deps, TAX_CODES.thangLong)).toEqual([{ email: 'gd@thanglong.vn' }]);
    expect(await accountsOf(deps, TAX_CODES.saigon)).toEqual([]);
  });
});
