import { afterEach, describe, expect, it } from 'vitest';
import {
  assertCan,
  can,
  keepUnreadable,
  POLICY,
  rolesFor,
  shape,
  whoMay,
  type Actor,
  type ResourceKind,
} from '../../../shared/access/policy.ts';
import { ForbiddenError, NotFoundError } from '../../../shared/errors.ts';

const officerA: Actor = { sub: 'o-a', agency: 'agency-a', roles: ['officer'] };
const committee: Actor = { sub: 'c', agency: 'agency-a', roles: ['officer'], commune: '00004' };
const app = { ownerAgency: 'agency-a', intakeAgency: 'agency-a', communeCode: '00004', assignees: ['r'] };

afterEach(() => {
  delete process.env.REGISTRY_OWNER_AGENCY;
});

describe('the policy', () => {
  it('lets a commune committee act only through its commune, whatever its agency code says', () => {
    expect(can(committee, 'application', 'decide', app)).toBe(false);
    expect(can(committee, 'application', 'submit', app)).toBe(true);
    expect(can(committee, 'application', 'read', { ...app, communeCode: '00070' })).toBe(false);
    expect(can(committee, 'programme', 'read', {})).toBe(true);
    expect(can(committee, 'enterprise', 'read', { communeCode: '00070' })).toBe(false);
  });

  it('answers 404 for what the actor may not read, 403 with who may for what it may read but not do, 403 without an object', () => {
    const viewer: Actor = { ...officerA, roles: ['viewer'] };
    expect(() => assertCan({ ...officerA, agency: 'agency-b' }, 'application', 'submit', app, { id: 'x', label: 'application' })).toThrow(
      NotFoundError,
    );
    expect(() => assertCan(viewer, 'application', 'submit', app, { id: 'x', label: 'application' })).toThrow(
      new ForbiddenError(`You may not submit application x: ${whoMay('application', 'submit')}`),
    );
    expect(() => assertCan(viewer, 'import', 'create', {})).toThrow(ForbiddenError);
    expect(whoMay('import', 'create')).toBe('only admin of the registry-owner may');
  });

  it('takes the registry owner from REGISTRY_OWNER_AGENCY, else the coordinator', () => {
    const admin = (agency: string): Actor => ({ sub: 'a', agency, roles: ['admin'] });
    expect(can(admin('so-tai-chinh'), 'enterprise.people', 'read', {})).toBe(true);
    process.env.REGISTRY_OWNER_AGENCY = 'so-tu-phap';
    expect(can(admin('so-tai-chinh'), 'enterprise.people', 'read', {})).toBe(false);
    expect(can(admin('so-tu-phap'), 'import', 'create', {})).toBe(true);
  });

  it('leaves out the fields an actor may not see, and gives routes the roles of their entry', () => {
    const viewer: Actor = { ...officerA, roles: ['viewer'] };
    expect(shape(viewer, app, { id: 'x', contact: { name: 'A' } }, { contact: 'application.contact' })).toEqual({ id: 'x' });
    expect(shape(officerA, app, { id: 'x', contact: { name: 'A' } }, { contact: 'application.contact' })).toEqual({
      id: 'x',
      contact: { name: 'A' },
    });
    expect(rolesFor('application', 'decide').sort()).toEqual(['admin', 'officer']);
    expect(rolesFor('document', 'read').sort()).toEqual(['admin', 'enterprise', 'officer', 'reviewer']);
  });

  it('keeps the stored value of every field the writer may not read, and sets none it could not read back', () => {
    const viewer: Actor = { ...officerA, roles: ['viewer'] };
    const fields = { contact: 'application.contact' } as const;
    type Value = { id: string; note?: string; contact?: { name: string } };
    const stored: Value = { id: 'x', note: 'old', contact: { name: 'A' } };
    const sent = (v: Value) => v;
    // Sent back as it was shown (without the contact), or with a contact of its own: the stored one stays.
    expect(keepUnreadable(viewer, app, sent({ id: 'x', note: 'new' }), stored, fields)).toEqual({
      id: 'x',
      note: 'new',
      contact: { name: 'A' },
    });
    expect(keepUnreadable(viewer, app, sent({ id: 'x', note: 'new', contact: { name: 'B' } }), stored, fields)).toEqual({
      id: 'x',
      note: 'new',
      contact: { name: 'A' },
    });
    expect(keepUnreadable(viewer, app, sent({ id: 'x', contact: { name: 'B' } }), undefined, fields)).toEqual({ id: 'x' });
    // Whoever may read it changes it.
    expect(keepUnreadable(officerA, app, sent({ id: 'x', contact: { name: 'B' } }), stored, fields)).toEqual({
      id: 'x',
      contact: { name: 'B' },
    });
  });
});

describe('business associations (hh-… agencies)', () => {
  const association: Actor = { sub: 'hh-1', agency: 'hh-dnnvv-hn', roles: ['admin', 'officer', 'reviewer', 'viewer'] };
  const entries = (Object.keys(POLICY) as ResourceKind[]).flatMap((kind) =>
    Object.keys(POLICY[kind]).map((action) => `${kind} · ${action}`),
  );
  const allowedWith = (facts: Parameters<typeof can>[3]) =>
    entries.filter((e) => {
      const [kind, action] = e.split(' · ') as [ResourceKind, string];
      return can(association, kind, action, facts);
    });

  it('do only what the plan gives them, even on objects that would make them the owner, taker-in or assignee', () => {
    // Every relation an object could give them: the association owns it, took it in, is assigned to it.
    const theirs = { ownerAgency: 'hh-dnnvv-hn', intakeAgency: 'hh-dnnvv-hn', assignees: ['hh-1'] };
    expect(allowedWith(theirs).sort()).toEqual(
      [
        'activity · complete',
        'activity · create',
        'activity · read',
        'activity · update',
        'kpi · read',
        'plan · read',
        'plan.contribution · read',
        'plan.contribution · update',
        'plan.draft · read',
      ].sort(),
    );
  });

  it("read plans and KPIs, and nothing of another organisation's", () => {
    expect(allowedWith({ ownerAgency: 'so-cong-thuong', intakeAgency: 'so-cong-thuong', communeCode: '00004' }).sort()).toEqual(
      ['kpi · read', 'plan · read', 'plan.draft · read'].sort(),
    );
  });

  it('are no association when the account is a commune committee, and no agency code makes a department one', () => {
    expect(can({ sub: 'c', agency: 'hh-x', roles: ['officer'], commune: '00004' }, 'application', 'create', { communeCode: '00004' })).toBe(
      true,
    );
    expect(can({ sub: 'd', agency: 'so-hh', roles: ['officer'] }, 'ledger', 'read', {})).toBe(true);
    expect(can({ sub: 'e', agency: 'hh-dnnvv-hn', roles: ['officer'] }, 'ledger', 'read', {})).toBe(false);
  });
});
