import { describe, it, expect } from 'vitest';
import { checkRegistryEvent, LIMITS } from '../../../../services/registry/domain/registry-event.ts';
import type { FieldError } from '../../../../shared/errors.ts';
import { NOW, PERSONAL_ID, rawEvent, TAX_CODES, type RawEnterprise, type RawEvent } from './fixtures.ts';

/** The errors of an event that must be rejected. */
function errorsOf(raw: unknown, now = NOW): FieldError[] {
  const check = checkRegistryEvent(raw, now);
  if (check.ok) throw new Error('expected the event to be rejected');
  return check.errors;
}

const pathsOf = (raw: unknown, now = NOW) => errorsOf(raw, now).map((e) => e.path);

const accepted = (raw: unknown, now = NOW) => checkRegistryEvent(raw, now).ok;

const event = (top: Partial<Omit<RawEvent, 'enterprise'>> = {}, enterprise: Partial<RawEnterprise> = {}) => rawEvent(top, enterprise);

describe('checkRegistryEvent — a valid event', () => {
  it('passes the api.md example event and tags its tax code kind', () => {
    const check = checkRegistryEvent(event(), NOW);

    expect(check.ok).toBe(true);
    expect(check.ok && check.event).toMatchObject({
      eventId: 'reg-2026-000001',
      taxCode: '0100233488',
      taxCodeKind: 'enterprise',
      revision: 1,
    });
  });

  it('defaults missing vsic.others and owners to empty lists', () => {
    const raw = event() as unknown as { enterprise: Record<string, unknown> & { vsic: Record<string, unknown> } };
    delete raw.enterprise.owners;
    delete raw.enterprise.vsic.others;

    const check = checkRegistryEvent(raw, NOW);

    expect(check.ok && check.event.enterprise.owners).toEqual([]);
    expect(check.ok && check.event.enterprise.vsic.others).toEqual([]);
  });

  it('stores the trimmed tax code', () => {
    const check = checkRegistryEvent(event({ taxCode: ' 0100233488 ' }), NOW);

    expect(check.ok && check.event.taxCode).toBe('0100233488');
  });
});

describe('checkRegistryEvent — tax code by legal form', () => {
  it('rejects a bad check digit on taxCode', () => {
    const errors = errorsOf(event({ taxCode: '0100233480' }));

    expect(errors).toEqual([{ path: 'taxCode', message: expect.stringContaining('check digit should be 8') }]);
  });

  it('rejects a household business with a 10-digit enterprise code', () => {
    expect(errorsOf(event({}, { legalForm: 'household' }))).toEqual([
      { path: 'taxCode', message: 'a household needs a personal code, this is a enterprise code' },
    ]);
  });

  it('accepts a household business with its 12-digit personal id', () => {
    const check = checkRegistryEvent(event({ taxCode: PERSONAL_ID }, { legalForm: 'household' }), NOW);

    expect(check.ok && check.event.taxCodeKind).toBe('personal');
  });

  it('rejects a branch with a 10-digit head-office code', () => {
    expect(pathsOf(event({ type: 'branch-opened' }, { legalForm: 'branch' }))).toEqual(['taxCode']);
  });

  it('accepts a branch with a 13-digit dashed code', () => {
    const check = checkRegistryEvent(event({ type: 'branch-opened', taxCode: '0100233488-001' }, { legalForm: 'branch' }), NOW);

    expect(check.ok && check.event.taxCodeKind).toBe('branch');
  });

  it.each([
    ['a personal id', PERSONAL_ID],
    ['a branch code', '0100233488-001'],
  ])('rejects an llc with %s', (_label, taxCode) => {
    expect(errorsOf(event({ taxCode }, { legalForm: 'llc' }))[0]).toMatchObject({
      path: 'taxCode',
      message: expect.stringContaining('a llc needs a enterprise code'),
    });
  });

  it('rejects a branch event about an enterprise that is not a branch', () => {
    expect(pathsOf(event({ type: 'branch-opened' }, { legalForm: 'llc' }))).toEqual(['enterprise.legalForm']);
  });
});

describe('checkRegistryEvent — places and industry codes', () => {
  it('rejects a commune code that is not one of Hanoi’s 126', () => {
    expect(errorsOf(event({}, { communeCode: '99999' }))).toEqual([
      { path: 'enterprise.communeCode', message: "99999 is not one of Hanoi's 126 communes and wards" },
    ]);
  });

  it('rejects a commune code that is not 5 digits', () => {
    expect(pathsOf(event({}, { communeCode: '4' }))).toEqual(['enterprise.communeCode']);
  });

  it('rejects a main VSIC code in no division', () => {
    expect(errorsOf(event({}, { vsic: { version: '2018', main: '3410', others: [] } }))).toEqual([
      { path: 'enterprise.vsic.main', message: '3410: 34 is not a VSIC 2018 division' },
    ]);
  });

  it('rejects a bad secondary VSIC code at its index in others', () => {
    expect(pathsOf(event({}, { vsic: { version: '2018', main: '2592', others: ['8910'] } }))).toEqual(['enterprise.vsic.others.0']);
    expect(pathsOf(event({}, { vsic: { version: '2018', main: '2592', others: ['2599', '259'] } }))).toEqual(['enterprise.vsic.others.1']);
  });

  it('rejects an unknown VSIC version', () => {
    expect(pathsOf(event({}, { vsic: { version: '2007', main: '2592', others: [] } }))).toEqual(['enterprise.vsic.version']);
  });
});

describe('checkRegistryEvent — dates', () => {
  it('rejects a founding date days after the event occurred', () => {
    expect(errorsOf(event({ occurredAt: '2026-03-02T08:00:00+07:00' }, { foundedOn: '2026-03-05' }))).toEqual([
      { path: 'enterprise.foundedOn', message: 'is after the event occurred' },
    ]);
  });

  it('accepts a registration founded on the day it occurred', () => {
    expect(accepted(event({ occurredAt: '2026-03-02T08:00:00+07:00' }, { foundedOn: '2026-03-02' }))).toBe(true);
  });

  it('rejects a founding date the day after the event occurred (Hanoi time)', () => {
    // Founded 3 March, yet registered at 08:00 on 2 March.
    expect(pathsOf(event({ occurredAt: '2026-03-02T08:00:00+07:00' }, { foundedOn: '2026-03-03' }))).toEqual(['enterprise.foundedOn']);
  });

  it('rejects an event dated more than five minutes in the future', () => {
    const occurredAt = new Date(NOW.getTime() + 5 * 60_000 + 1000).toISOString();

    expect(errorsOf(event({ occurredAt }, { foundedOn: '2026-03-01' }))).toEqual([{ path: 'occurredAt', message: 'is in the future' }]);
  });

  it('accepts an event dated less than five minutes in the future (clock skew)', () => {
    const occurredAt = new Date(NOW.getTime() + 4 * 60_000 + 59_000).toISOString();

    expect(accepted(event({ occurredAt }, { foundedOn: '2026-03-01' }))).toBe(true);
  });

  it('rejects an occurredAt without an offset or time', () => {
    expect(pathsOf(event({ occurredAt: '2026-03-02' }))).toEqual(['occurredAt']);
    expect(pathsOf(event({ occurredAt: '2026-03-02T08:00:00' }))).toEqual(['occurredAt']);
  });

  it('rejects dates before 1945', () => {
    expect(pathsOf(event({}, { foundedOn: '1900-01-01' }))).toEqual(['enterprise.foundedOn']);
  });
});

describe('checkRegistryEvent — type and status', () => {
  it.each([
    ['dissolved', 'active', 'dissolved'],
    ['suspended', 'active', 'suspended'],
    ['resumed', 'suspended', 'active'],
  ])('rejects a %s event that leaves the status %s', (type, status, expected) => {
    expect(errorsOf(event({ type }, { status }))).toEqual([
      { path: 'enterprise.status', message: `a ${type} event leaves the status ${expected}` },
    ]);
  });

  it('rejects a branch-closed event whose branch is still active', () => {
    expect(pathsOf(event({ type: 'branch-closed', taxCode: '0100233488-002' }, { legalForm: 'branch', status: 'active' }))).toEqual([
      'enterprise.status',
    ]);
  });

  it('accepts a dissolved event with status dissolved', () => {
    expect(accepted(event({ type: 'dissolved', revision: 4 }, { status: 'dissolved' }))).toBe(true);
  });

  it('rejects an unknown event type', () => {
    expect(pathsOf(event({ type: 'merged' }))).toEqual(['type']);
  });
});

describe('checkRegistryEvent — converted from a household business', () => {
  const converted = (enterprise: Partial<RawEnterprise>) =>
    event({ type: 'converted-from-household', taxCode: TAX_CODES.hanoiA }, enterprise);

  it('accepts an llc converted from a household with its 12-digit code', () => {
    expect(accepted(converted({ legalForm: 'llc', householdTaxCode: PERSONAL_ID }))).toBe(true);
  });

  it('requires the household business’s code', () => {
    expect(errorsOf(converted({ legalForm: 'llc' }))).toEqual([
      { path: 'enterprise.householdTaxCode', message: "the household business's 12-digit code is required" },
    ]);
  });

  it('rejects a household code that is not a 12-digit personal id', () => {
    expect(pathsOf(converted({ legalForm: 'private', householdTaxCode: TAX_CODES.thangLong }))).toEqual(['enterprise.householdTaxCode']);
  });

  it('rejects a conversion whose result is still a household business', () => {
    expect(
      pathsOf(event({ type: 'converted-from-household', taxCode: PERSONAL_ID }, { legalForm: 'household', householdTaxCode: PERSONAL_ID })),
    ).toEqual(['enterprise.legalForm']);
  });
});

describe('checkRegistryEvent — owners', () => {
  const owner = (sharePct: number) => ({ name: 'Trần Thị B', taxCode: null, sharePct });

  it('rejects owners whose shares add up to more than 100 %', () => {
    expect(errorsOf(event({}, { owners: [owner(60), owner(50)] }))).toEqual([
      { path: 'enterprise.owners', message: 'shares add up to 110 %, more than 100 %' },
    ]);
  });

  it('accepts shares that add up to 100 % with rounding', () => {
    expect(accepted(event({}, { owners: [owner(33.34), owner(33.33), owner(33.33)] }))).toBe(true);
  });

  it('rejects a single share over 100 % at the owner', () => {
    expect(pathsOf(event({}, { owners: [owner(120)] }))).toEqual(['enterprise.owners.0.sharePct']);
  });
});

describe('checkRegistryEvent — every string and array bounded', () => {
  const person = (i: number) => ({ name: `Người ${i}`, taxCode: null, sharePct: 0.1 });

  it('rejects more owners than LIMITS.owners, and names longer than LIMITS.personName', () => {
    expect(pathsOf(event({}, { owners: Array.from({ length: LIMITS.owners + 1 }, (_, i) => person(i)) }))).toEqual(['enterprise.owners']);
    expect(accepted(event({}, { owners: Array.from({ length: LIMITS.owners }, (_, i) => person(i)) }))).toBe(true);
    expect(pathsOf(event({}, { legalRepresentative: { name: 'x'.repeat(LIMITS.personName + 1) } }))).toEqual([
      'enterprise.legalRepresentative.name',
    ]);
  });

  it('bounds codes, ids and dates before any other check reads them', () => {
    const long = '1'.repeat(1_000_000);
    expect(pathsOf(event({ taxCode: long }))).toEqual(['taxCode']);
    expect(pathsOf(event({ eventId: 'e'.repeat(LIMITS.eventId + 1) }))).toEqual(['eventId']);
    expect(pathsOf(event({}, { vsic: { version: '2018', main: long, others: [] } }))).toEqual(['enterprise.vsic.main']);
    expect(pathsOf(event({}, { vsic: { version: '2018', main: '2592', others: [long] } }))).toEqual(['enterprise.vsic.others.0']);
    expect(pathsOf(event({}, { vsic: { version: '2018', main: '2592', others: Array(LIMITS.vsicOthers + 1).fill('2599') } }))).toEqual([
      'enterprise.vsic.others',
    ]);
    expect(pathsOf(event({}, { householdTaxCode: long }))).toEqual(['enterprise.householdTaxCode']);
    expect(pathsOf(event({}, { owners: [{ name: 'A', taxCode: long, sharePct: 1 }] }))).toEqual(['enterprise.owners.0.taxCode']);
    expect(pathsOf(event({ occurredAt: `2026-03-02T08:00:00.${'1'.repeat(100)}+07:00` }))).toEqual(['occurredAt']);
  });
});

describe('checkRegistryEvent — every problem listed', () => {
  it('lists several rule violations of one event together', () => {
    const check = checkRegistryEvent(
      event(
        { eventId: 'reg-9', type: 'dissolved' },
        { status: 'active', communeCode: '99999', vsic: { version: '2018', main: '4010', others: ['0410'] } },
      ),
      NOW,
    );

    expect(check.ok).toBe(false);
    expect(!check.ok && check.eventId).toBe('reg-9');
    expect(!check.ok && check.errors.map((e) => e.path)).toEqual([
      'enterprise.status',
      'enterprise.communeCode',
      'enterprise.vsic.main',
      'enterprise.vsic.others.0',
    ]);
  });

  it('lists every schema problem with its path', () => {
    expect(pathsOf(event({ revision: 0 }, { name: '', employees: -1 })).sort()).toEqual([
      'enterprise.employees',
      'enterprise.name',
      'revision',
    ]);
  });

  it('keeps the event id of an event that fails the schema', () => {
    const check = checkRegistryEvent({ eventId: 'reg-7', type: 'registered' }, NOW);

    expect(check.ok).toBe(false);
    expect(!check.ok && check.eventId).toBe('reg-7');
  });

  it.each([
    ['null', null],
    ['a string', 'reg-2026-000001'],
    ['a number', 42],
    ['an array', [rawEvent()]],
  ])('rejects %s with no event id', (_label, raw) => {
    const check = checkRegistryEvent(raw, NOW);

    expect(check.ok).toBe(false);
    expect(!check.ok && check.eventId).toBeUndefined();
    expect(!check.ok && check.errors.length).toBeGreaterThan(0);
  });
});
