import { afterEach, describe, expect, it } from 'vitest';
import { assertCan, can, keepUnreadable, rolesFor, shape, whoMay, type Actor } from '../../../shared/access/policy.ts';
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
    expect(rolesFor('document', 'read').sort()).toEqual(['admin', 'officer', 'reviewer']);
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
