import { describe, it, expect } from 'vitest';
import { ConflictError } from '../../../../shared/errors.ts';
import {
  assertTransition,
  assertVersion,
  evolve,
  mailFields,
  STATUSES,
  type Application,
  type Status,
} from '../../../../services/intake/domain/application.ts';

const RUBRIC = { rubric: { id: 'cnht-general', version: 1 } };
const NO_RUBRIC = { rubric: null };

/** Every move the workflow allows, by kind of programme; all other pairs are refused. */
const ALLOWED_WITH_RUBRIC = [
  'draft→submitted',
  'draft→withdrawn',
  'submitted→scored',
  'submitted→withdrawn',
  'scored→approved',
  'scored→rejected',
  'scored→withdrawn',
  'submitted→awaiting-supplement',
  'scored→awaiting-supplement',
  'awaiting-supplement→submitted',
  'awaiting-supplement→scored',
  'awaiting-supplement→withdrawn',
];
const ALLOWED_WITHOUT_RUBRIC = [
  'draft→submitted',
  'draft→withdrawn',
  'submitted→approved',
  'submitted→rejected',
  'submitted→withdrawn',
  'scored→approved',
  'scored→rejected',
  'scored→withdrawn',
  'submitted→awaiting-supplement',
  'scored→awaiting-supplement',
  'awaiting-supplement→submitted',
  'awaiting-supplement→withdrawn',
];

const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as [Status, Status]));
const attempt = (from: Status, to: Status, programme: typeof RUBRIC | typeof NO_RUBRIC) => () =>
  assertTransition({ id: 'app-1', status: from }, to, programme);

describe('assertTransition, programme with a rubric', () => {
  it.each(pairs)('%s → %s', (from, to) => {
    if (ALLOWED_WITH_RUBRIC.includes(`${from}→${to}`)) expect(attempt(from, to, RUBRIC)).not.toThrow();
    else expect(attempt(from, to, RUBRIC)).toThrow(ConflictError);
  });

  it.each(['approved', 'rejected'] as const)('refuses submitted → %s: the application has not been scored', (to) => {
    expect(attempt('submitted', to, RUBRIC)).toThrow(`Application app-1 is submitted; it cannot become ${to}: it has not been scored yet`);
  });

  it('explains nothing more for a move the workflow never allows', () => {
    expect(attempt('approved', 'withdrawn', RUBRIC)).toThrow(/^Application app-1 is approved; it cannot become withdrawn$/);
  });
});

describe('assertTransition, programme without a rubric', () => {
  it.each(pairs)('%s → %s', (from, to) => {
    if (ALLOWED_WITHOUT_RUBRIC.includes(`${from}→${to}`)) expect(attempt(from, to, NO_RUBRIC)).not.toThrow();
    else expect(attempt(from, to, NO_RUBRIC)).toThrow(ConflictError);
  });

  it('refuses submitted → scored: there is no rubric to score on', () => {
    expect(attempt('submitted', 'scored', NO_RUBRIC)).toThrow(
      'Application app-1 is submitted; it cannot become scored: its programme has no rubric',
    );
  });

  it('is a 409', () => {
    const error = (() => {
      try {
        attempt('rejected', 'approved', NO_RUBRIC)();
      } catch (e) {
        return e;
      }
    })();

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).status).toBe(409);
  });
});

describe('assertVersion', () => {
  it('passes the current version', () => {
    expect(() => assertVersion({ id: 'app-1', version: 4 }, 4)).not.toThrow();
  });

  it('passes when the caller names no version (no If-Match)', () => {
    expect(() => assertVersion({ id: 'app-1', version: 4 }, undefined)).not.toThrow();
  });

  it.each([3, 5])('refuses version %i with a 409 naming both', (expected) => {
    expect(() => assertVersion({ id: 'app-1', version: 4 }, expected)).toThrow(
      new ConflictError(`Application app-1 is at version 4, not ${expected}; reload it and retry`),
    );
  });
});

describe('evolve', () => {
  it('bumps the version, stamps updatedAt and appends the timeline entry, leaving the original alone', () => {
    const app = {
      id: 'app-1',
      status: 'draft',
      version: 1,
      updatedAt: '2026-03-01T00:00:00.000Z',
      timeline: [{ at: '2026-03-01T00:00:00.000Z', by: 'u1', action: 'created', to: 'draft' }],
    } as Application;
    const entry = { at: '2026-03-02T00:00:00.000Z', by: 'u2', action: 'submitted', from: 'draft', to: 'submitted' } as const;

    const next = evolve(app, { status: 'submitted' }, entry);

    expect(next).toMatchObject({ status: 'submitted', version: 2, updatedAt: entry.at });
    expect(next.timeline).toEqual([app.timeline[0], entry]);
    expect(app).toMatchObject({ status: 'draft', version: 1 });
    expect(app.timeline).toHaveLength(1);
  });
});

describe('mailFields', () => {
  const contact = { name: 'Nguyễn Văn An', phone: '0912345678', email: 'an@cokhibadinh.vn' };

  it('carries the contact e-mail, and the language only when one was asked for', () => {
    expect(mailFields(contact)).toEqual({ contactEmail: 'an@cokhibadinh.vn' });
    expect(mailFields({ ...contact, language: 'en' })).toEqual({ contactEmail: 'an@cokhibadinh.vn', language: 'en' });
  });

  it('leaves out an e-mail the event contract would refuse (a draft from before it was bounded)', () => {
    expect(mailFields({ ...contact, email: `${'a'.repeat(260)}@example.vn` })).toEqual({});
  });
});
