/** The support ledger's rules by content and period (domain/ledger.ts), and related parties (domain/related-parties.ts). */
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, RuleViolationError, toProblem } from '../../../../shared/errors.ts';
import {
  checkLedger,
  decideAdjustment,
  duplicateSupportError,
  type Grant,
  grantWithDefaults,
  heldContents,
  intersects,
  overlaps,
  proposeAdjustment,
  yearsOf,
} from '../../../../services/intake/domain/ledger.ts';
import { mergeFlags, relatedPartyFlags, sharedPeople, withoutRelated } from '../../../../services/intake/domain/related-parties.ts';
import type { RelatedPartyFlag } from '../../../../services/intake/domain/application.ts';

const TAX = '0101234567';
const grant = (o: Partial<Grant> = {}): Grant => ({
  grantId: 'g-1',
  applicationId: 'g-1',
  taxCode: TAX,
  programmeId: 'p-1',
  programmeCode: 'CDS-2026',
  agency: 'so-khcn',
  category: 'digital-transformation',
  contents: ['digital/software'],
  period: { from: '2026-01-01', to: '2026-12-31' },
  amountVnd: 150_000_000,
  grantedAmountVnd: 150_000_000,
  year: 2026,
  grantedOn: '2026-04-02',
  status: 'active',
  supersededBy: [],
  adjustments: [],
  version: 1,
  ...o,
});
const y2026 = { from: '2026-01-01', to: '2026-12-31' };

describe('periods', () => {
  it.each([
    [{ from: '2026-01-01', to: '2026-06-30' }, { from: '2026-06-30', to: '2026-12-31' }, true],
    [{ from: '2026-01-01', to: '2026-06-29' }, { from: '2026-06-30', to: '2026-12-31' }, false],
    [{ from: '2025-07-01', to: '2026-06-30' }, { from: '2026-01-01', to: '2026-12-31' }, true],
    [{ from: '2026-03-01', to: '2026-03-31' }, { from: '2026-01-01', to: '2026-12-31' }, true],
    [{ from: '2025-01-01', to: '2025-12-31' }, { from: '2026-01-01', to: '2026-12-31' }, false],
  ])('%j and %j intersect: %s', (a, b, expected) => {
    expect(intersects(a, b)).toBe(expected);
    expect(intersects(b, a)).toBe(expected);
  });

  it('lists the calendar years a period touches', () => {
    expect(yearsOf({ from: '2025-07-01', to: '2027-02-28' })).toEqual([2025, 2026, 2027]);
    expect(yearsOf(y2026)).toEqual([2026]);
  });
});

describe('overlaps: the same content over an intersecting period, from any agency', () => {
  const earlier = [
    grant({ grantId: 'g-software', contents: ['digital/software', 'digital/consulting'] }),
    grant({ grantId: 'g-2025', period: { from: '2025-01-01', to: '2025-12-31' }, grantedOn: '2025-03-01', year: 2025 }),
    grant({ grantId: 'g-rent', contents: ['premises/rent'], agency: 'so-tai-chinh', category: 'premises-rental' }),
  ];

  it('finds the grant holding one of the contents over the period, with the contents it shares', () => {
    expect(overlaps(earlier, { contents: ['digital/software'], period: y2026 })).toEqual([
      { grant: earlier[0], contents: ['digital/software'] },
    ]);
  });

  it('finds it whatever category the new programme has: the rule is per content', () => {
    expect(
      overlaps(earlier, { contents: ['consulting/management', 'digital/consulting'], period: y2026 }).map((o) => o.grant.grantId),
    ).toEqual(['g-software']);
  });

  it('finds none for another content in the same category, or another year', () => {
    expect(overlaps([grant()], { contents: ['digital/consulting'], period: y2026 })).toEqual([]);
    expect(overlaps([grant()], { contents: ['digital/software'], period: { from: '2027-01-01', to: '2027-12-31' } })).toEqual([]);
  });

  it('finds a grant whose period reaches into this one across a year boundary', () => {
    const straddling = grant({ grantId: 'g-straddle', period: { from: '2025-07-01', to: '2026-06-30' } });
    expect(overlaps([straddling], { contents: ['digital/software'], period: { from: '2026-06-01', to: '2026-12-31' } })).toHaveLength(1);
    expect(overlaps([straddling], { contents: ['digital/software'], period: { from: '2026-07-01', to: '2026-12-31' } })).toEqual([]);
  });

  it('ignores a cancelled grant, and the contents a later grant superseded', () => {
    expect(overlaps([grant({ status: 'cancelled' })], { contents: ['digital/software'], period: y2026 })).toEqual([]);
    const superseded = grant({
      contents: ['digital/software', 'digital/consulting'],
      supersededBy: [
        { grantId: 'g-9', agency: 'so-cong-thuong', programmeCode: 'X', contents: ['digital/software'], reason: 'r', at: 'a', by: 'b' },
      ],
    });
    expect(heldContents(superseded)).toEqual(['digital/consulting']);
    expect(overlaps([superseded], { contents: ['digital/software'], period: y2026 })).toEqual([]);
    expect(overlaps([superseded], { contents: ['digital/consulting'], period: y2026 })).toHaveLength(1);
  });

  it('lists the oldest first', () => {
    const a = grant({ grantId: 'g-b', grantedOn: '2026-05-01' });
    const b = grant({ grantId: 'g-a', grantedOn: '2026-02-01' });
    expect(overlaps([a, b], { contents: ['digital/software'], period: y2026 }).map((o) => o.grant.grantId)).toEqual(['g-a', 'g-b']);
  });
});

describe('checkLedger', () => {
  const earlier = grant({ grantId: 'g-42', applicationId: 'app-42', amountVnd: 1_250_000_000 });

  it('refuses a duplicate with a 422 naming the earlier programme, agency, amount, period and application', () => {
    const error = (() => {
      try {
        checkLedger(TAX, [earlier], { contents: ['digital/software'], period: y2026 }, undefined);
      } catch (e) {
        return e as RuleViolationError;
      }
      throw new Error('not refused');
    })();
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      '0101234567 already holds digital/software (Renting or buying digital solutions and software) over 2026-01-01 – 2026-12-31: ' +
        'programme CDS-2026 of so-khcn, 1,250,000,000 VND granted on 2026-04-02 (application app-42). ' +
        'If the enterprise chose this more favourable level, send mostFavourable: { supersedes, reason }; its agency then adjusts the earlier grant',
    );
    expect(error.errors).toEqual([{ path: 'outcome', message: 'duplicates grant g-42 for digital/software' }]);
    expect(toProblem(error)).toMatchObject({ status: 422, earlierGrant: earlier, duplicatedContents: ['digital/software'] });
    expect(duplicateSupportError(TAX, { grant: earlier, contents: ['digital/software'] }).extensions).toEqual({
      earlierGrant: earlier,
      duplicatedContents: ['digital/software'],
    });
  });

  it('lets a more favourable level through, naming the grant it supersedes and the contents it takes', () => {
    expect(
      checkLedger(TAX, [earlier], { contents: ['digital/software'], period: y2026 }, { supersedes: 'g-42', reason: 'higher level' }),
    ).toEqual({
      grant: earlier,
      contents: ['digital/software'],
    });
  });

  it('still refuses when another grant than the one superseded duplicates a content', () => {
    const rent = grant({ grantId: 'g-rent', contents: ['premises/rent'], grantedOn: '2026-05-01' });
    expect(() =>
      checkLedger(
        TAX,
        [earlier, rent],
        { contents: ['digital/software', 'premises/rent'], period: y2026 },
        { supersedes: 'g-42', reason: 'r' },
      ),
    ).toThrow(/premises\/rent/);
  });

  it('refuses a mostFavourable naming a grant that is not the enterprise’s, or that does not overlap', () => {
    expect(() =>
      checkLedger(TAX, [earlier], { contents: ['digital/software'], period: y2026 }, { supersedes: 'g-nope', reason: 'r' }),
    ).toThrow('Grant g-nope is not a grant of 0101234567');
    expect(() => checkLedger(TAX, [earlier], { contents: ['premises/rent'], period: y2026 }, { supersedes: 'g-42', reason: 'r' })).toThrow(
      /nothing to supersede/,
    );
  });

  it('passes with no earlier grant, and returns nothing to supersede', () => {
    expect(checkLedger(TAX, [], { contents: ['digital/software'], period: y2026 }, undefined)).toBeUndefined();
  });
});

describe('grantWithDefaults', () => {
  it("reads a grant stored before contents as its category's default contents over its year, active, version 1", () => {
    const stored = {
      grantId: 'g-old',
      applicationId: 'g-old',
      taxCode: TAX,
      programmeId: 'p',
      programmeCode: 'CDS-2025',
      agency: 'so-khcn',
      category: 'digital-transformation',
      amountVnd: 90,
      year: 2025,
      grantedOn: '2025-06-01',
      stacking: false,
    };
    const g = grantWithDefaults(stored);
    expect(g).toMatchObject({
      contents: ['digital/consulting', 'digital/software'],
      period: { from: '2025-01-01', to: '2025-12-31' },
      grantedAmountVnd: 90,
      status: 'active',
      supersededBy: [],
      adjustments: [],
      version: 1,
    });
    expect(g).not.toHaveProperty('stacking');
  });
});

describe('adjustments: proposed by one officer, confirmed by another', () => {
  const g = grant({ amountVnd: 100_000_000 });

  it('proposes a reduction below the amount held, or a cancellation', () => {
    expect(proposeAdjustment(g, { amountVnd: 40_000_000, reason: 'superseded in part' }, 'officer-a', 'T1', 'adj-1')).toEqual({
      adjustmentId: 'adj-1',
      kind: 'reduce',
      fromAmountVnd: 100_000_000,
      toAmountVnd: 40_000_000,
      reason: 'superseded in part',
      status: 'proposed',
      proposedBy: 'officer-a',
      proposedAt: 'T1',
    });
    expect(proposeAdjustment(g, { cancel: true, reason: 'superseded' }, 'officer-a', 'T1', 'adj-1')).toMatchObject({
      kind: 'cancel',
      toAmountVnd: 0,
    });
  });

  it('refuses a "reduction" to the amount held or above (422), a second open proposal (409), and a cancelled grant (409)', () => {
    expect(() => proposeAdjustment(g, { amountVnd: 100_000_000, reason: 'r' }, 'a', 'T', 'x')).toThrow(RuleViolationError);
    const open = proposeAdjustment(g, { cancel: true, reason: 'r' }, 'a', 'T', 'adj-1');
    expect(() => proposeAdjustment({ ...g, adjustments: [open] }, { cancel: true, reason: 'r' }, 'a', 'T', 'adj-2')).toThrow(ConflictError);
    expect(() => proposeAdjustment({ ...g, status: 'cancelled' }, { cancel: true, reason: 'r' }, 'a', 'T', 'adj-2')).toThrow(ConflictError);
  });

  it('refuses the proposer’s own confirmation (403) and lets a second officer confirm: the amount follows', () => {
    const proposed = { ...g, adjustments: [proposeAdjustment(g, { amountVnd: 40_000_000, reason: 'r' }, 'officer-a', 'T1', 'adj-1')] };
    expect(() => decideAdjustment(proposed, 'adj-1', { outcome: 'confirmed' }, 'officer-a', 'T2')).toThrow(ForbiddenError);
    expect(() => decideAdjustment(proposed, 'adj-1', { outcome: 'confirmed' }, 'officer-a', 'T2')).toThrow(
      'You proposed adjustment adj-1; another officer of so-khcn must confirm it',
    );
    const { grant: next, adjustment } = decideAdjustment(proposed, 'adj-1', { outcome: 'confirmed' }, 'officer-b', 'T2');
    expect(next).toMatchObject({ amountVnd: 40_000_000, grantedAmountVnd: 150_000_000, status: 'active', version: 2 });
    expect(adjustment).toMatchObject({ status: 'confirmed', decidedBy: 'officer-b', decidedAt: 'T2' });
    expect(() => decideAdjustment(next, 'adj-1', { outcome: 'confirmed' }, 'officer-c', 'T3')).toThrow(
      'Adjustment adj-1 is already confirmed',
    );
  });

  it('a confirmed cancellation takes the grant out of the ledger: it holds no content', () => {
    const proposed = { ...g, adjustments: [proposeAdjustment(g, { cancel: true, reason: 'r' }, 'officer-a', 'T1', 'adj-1')] };
    const { grant: next } = decideAdjustment(proposed, 'adj-1', { outcome: 'confirmed' }, 'officer-b', 'T2');
    expect(next).toMatchObject({ status: 'cancelled', amountVnd: 0 });
    expect(heldContents(next)).toEqual([]);
  });

  it('lets the proposer withdraw it (reject), leaving the grant as it was', () => {
    const proposed = { ...g, adjustments: [proposeAdjustment(g, { cancel: true, reason: 'r' }, 'officer-a', 'T1', 'adj-1')] };
    const { grant: next, adjustment } = decideAdjustment(
      proposed,
      'adj-1',
      { outcome: 'rejected', reason: 'proposed in error' },
      'officer-a',
      'T2',
    );
    expect(next).toMatchObject({ status: 'active', amountVnd: 100_000_000 });
    expect(adjustment).toMatchObject({ status: 'rejected', decisionReason: 'proposed in error' });
  });
});

describe('related parties', () => {
  const A = 'a'.repeat(64);
  const B = 'b'.repeat(64);
  const C = 'c'.repeat(64);

  it('finds the enterprises sharing a person, with the roles the shared people hold in this one', () => {
    const people = [
      { role: 'legal-representative' as const, personRef: A },
      { role: 'owner' as const, personRef: A },
      { role: 'owner' as const, personRef: B },
    ];
    expect(
      sharedPeople(people, [
        { taxCode: '0100000001', people: [{ role: 'owner', personRef: A }] },
        { taxCode: '0100000002', people: [{ role: 'legal-representative', personRef: B }] },
        { taxCode: '0100000003', people: [{ role: 'owner', personRef: C }] },
      ]),
    ).toEqual([
      { taxCode: '0100000001', sharedRoles: ['legal-representative', 'owner'] },
      { taxCode: '0100000002', sharedRoles: ['owner'] },
    ]);
  });

  it('flags each content a related enterprise holds in a year the period touches, saying whether the same agency granted it', () => {
    const related = [
      {
        taxCode: '0100000001',
        sharedRoles: ['owner' as const],
        grants: [
          grant({ grantId: 'r-1', contents: ['digital/software', 'premises/rent'], agency: 'so-khcn' }),
          grant({ grantId: 'r-2025', period: { from: '2025-01-01', to: '2025-12-31' } }),
          grant({ grantId: 'r-cancelled', status: 'cancelled' }),
        ],
      },
    ];
    const flags = relatedPartyFlags(
      { agency: 'so-cong-thuong', contents: ['digital/software', 'premises/rent', 'training/ceo'], period: y2026 },
      related,
      'T',
    );
    expect(flags.map((f) => [f.contentId, f.related?.grantId, f.sameAgency, f.year])).toEqual([
      ['digital/software', 'r-1', false, 2026],
      ['premises/rent', 'r-1', false, 2026],
    ]);
    expect(relatedPartyFlags({ agency: 'so-khcn', contents: ['digital/software'], period: y2026 }, related, 'T')[0]!.sameAgency).toBe(true);
  });

  it('counts "the same year" by calendar year, not by intersecting periods', () => {
    const related = [
      { taxCode: '0100000001', sharedRoles: ['owner' as const], grants: [grant({ period: { from: '2026-01-01', to: '2026-03-31' } })] },
    ];
    expect(
      relatedPartyFlags({ agency: 'x', contents: ['digital/software'], period: { from: '2026-10-01', to: '2026-12-31' } }, related, 'T'),
    ).toHaveLength(1);
  });

  it('merges flags by content and related grant, keeping the earlier one and the registry flags', () => {
    const f = (contentId: string, grantId: string, at: string): RelatedPartyFlag => ({
      kind: 'related-party-support',
      contentId,
      sameAgency: false,
      year: 2026,
      at,
      detail: 'd',
      related: { taxCode: '0100000001', grantId, agency: 'so-khcn', sharedRoles: ['owner'] },
    });
    const registry = { kind: 'enterprise-suspended' as const, revision: 4, at: 'T0', detail: 'suspended' };
    const merged = mergeFlags(
      [registry, f('digital/software', 'r-1', 'T1')],
      [f('digital/software', 'r-1', 'T2'), f('premises/rent', 'r-1', 'T2')],
    );
    expect(merged.map((x) => [x.kind, 'contentId' in x ? x.contentId : '', x.at])).toEqual([
      ['enterprise-suspended', '', 'T0'],
      ['related-party-support', 'digital/software', 'T1'],
      ['related-party-support', 'premises/rent', 'T2'],
    ]);
  });

  it('keeps at most 20 related-party flags on an application', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      taxCode: `01000000${String(i).padStart(2, '0')}`,
      sharedRoles: ['owner' as const],
      grants: [grant({ grantId: `r-${i}` })],
    }));
    const flags = relatedPartyFlags({ agency: 'x', contents: ['digital/software'], period: y2026 }, many, 'T');
    expect(flags).toHaveLength(30);
    expect(mergeFlags([], flags)).toHaveLength(20);
  });

  it('to someone who may not know the related enterprise, a flag says only that one was supported', () => {
    const flag = relatedPartyFlags(
      { agency: 'so-cong-thuong', contents: ['digital/software'], period: y2026 },
      [{ taxCode: '0100000001', sharedRoles: ['owner'], grants: [grant({ grantId: 'r-1' })] }],
      'T',
    )[0]!;
    expect(withoutRelated(flag)).toEqual({
      kind: 'related-party-support',
      contentId: 'digital/software',
      sameAgency: false,
      year: 2026,
      at: 'T',
      detail:
        'An enterprise sharing an owner or legal representative with this one was supported for Renting or buying digital solutions and software (digital/software) in 2026',
    });
  });
});
