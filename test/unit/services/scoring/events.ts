/** Messages scoring takes in, for its unit tests: intake's programme and application events, and registry changes. */
import { newEnvelope, type Envelope } from '../../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../../shared/contracts/enterprise.ts';
import type { ProgrammeChanged } from '../../../../shared/contracts/programme.ts';
import type { SubmittedData } from '../../../../services/scoring/app/scoring.ts';
import type { WithdrawnData } from '../../../../services/scoring/app/withdrawals.ts';
import type { PersonRef } from '../../../../services/scoring/domain/panel.ts';

export const SCT = 'so-cong-thuong';
export const PROG = '11111111-1111-4111-8111-111111111111';

/** Intake's announcement of a programme (programme.changed). */
export function programmeAnnounced(o: Partial<ProgrammeChanged> = {}): Envelope<ProgrammeChanged> {
  const data: ProgrammeChanged = {
    programmeId: PROG,
    code: 'CNHT-2026',
    name: 'Supporting industry 2026',
    category: 'supporting-industry',
    ownerAgency: SCT,
    rubric: { id: 'generic', version: 1 },
    version: 1,
    change: 'created',
    changedAt: '2026-01-05T03:00:00.000Z',
    ...o,
  };
  return newEnvelope({ type: 'programme.changed', source: 'intake', id: `programme.changed:${data.programmeId}:${data.version}`, data });
}

let seq = 0;

/** An application.submitted of the programme, scored with the generic rubric (panel criteria) unless told otherwise. */
export function submission(o: Partial<SubmittedData> = {}): Envelope<SubmittedData> {
  seq++;
  return newEnvelope({
    type: 'application.submitted',
    source: 'intake',
    data: {
      applicationId: `44444444-4444-4444-8444-${String(seq).padStart(12, '0')}`,
      programmeId: PROG,
      programmeCode: 'CNHT-2026',
      agency: SCT,
      category: 'supporting-industry',
      taxCode: `01010000${String(seq % 100).padStart(2, '0')}`,
      communeCode: '00004',
      rubric: { id: 'generic', version: 1 },
      answers: {},
      requestedAmountVnd: 100_000_000,
      submittedAt: '2026-03-20T00:00:00.000Z',
      dueOn: '2026-04-20',
      enterprise: { revision: 1, sizeClass: 'small', vsicMain: '2592', employees: 45, revenueVnd: 40_000_000_000 },
      ...o,
    } as SubmittedData,
  }) as Envelope<SubmittedData>;
}

export function withdrawal(e: Envelope<SubmittedData>, withdrawnAt = '2026-03-25T00:00:00.000Z'): Envelope<WithdrawnData> {
  return newEnvelope({
    type: 'application.withdrawn',
    source: 'intake',
    data: {
      applicationId: e.data.applicationId,
      programmeId: e.data.programmeId,
      agency: e.data.agency,
      category: 'supporting-industry',
      taxCode: e.data.taxCode,
      communeCode: e.data.communeCode,
      previousStatus: 'submitted',
      submittedAt: e.data.submittedAt,
      dueOn: '2026-04-20',
      withdrawnAt,
    } satisfies WithdrawnData,
  }) as Envelope<WithdrawnData>;
}

/** A registry change of one enterprise, with its owners and legal representative. */
export function registryChange(taxCode: string, revision: number, people: PersonRef[]): Envelope<EnterpriseSnapshot> {
  return newEnvelope({
    type: 'enterprise.changed',
    source: 'registry',
    data: {
      taxCode,
      revision,
      occurredAt: `2026-0${Math.min(9, revision)}-01T00:00:00.000Z`,
      employees: 20,
      revenueVnd: 10_000_000_000,
      totalCapitalVnd: 5_000_000_000,
      sizeClass: { class: 'small' },
      status: 'active',
      people,
    } as unknown as EnterpriseSnapshot,
  });
}

export const person = (n: string, role: PersonRef['role'] = 'owner'): PersonRef => ({ role, personRef: n.repeat(64).slice(0, 64) });
