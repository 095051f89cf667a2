/** Envelopes of the events reporting counts, built as their publishers build them. */
import '../../../../shared/contracts/index.ts';
import { newEnvelope, type Envelope } from '../../../../shared/contracts/envelope.ts';
import { assertMatchesContract } from '../../../../shared/contracts/registry.ts';

const checked = (e: Envelope) => {
  assertMatchesContract(e);
  return e;
};

export const submitted = (
  id: string,
  o: { agency?: string; taxCode?: string; at?: string; dueOn?: string; commune?: string; vsic?: string } = {},
) =>
  checked(
    newEnvelope({
      id,
      type: 'application.submitted',
      source: 'intake',
      data: {
        applicationId: `app-${id}`,
        programmeId: 'prog-1',
        programmeCode: 'CNHT-2026',
        agency: o.agency ?? 'so-cong-thuong',
        category: 'supporting-industry',
        taxCode: o.taxCode ?? '0100233488',
        communeCode: o.commune ?? '00004',
        rubric: null,
        answers: {},
        requestedAmountVnd: 100_000_000,
        submittedAt: o.at ?? '2026-11-20T02:00:00Z',
        dueOn: o.dueOn ?? '2026-12-10',
        enterprise: { revision: 1, sizeClass: 'small', vsicMain: o.vsic ?? '2592', employees: 40, revenueVnd: 1 },
      },
    }),
  );

export const decided = (id: string, o: { agency?: string; at?: string; dueOn?: string; onTime?: boolean } = {}) =>
  checked(
    newEnvelope({
      id,
      type: 'application.decided',
      source: 'intake',
      data: {
        applicationId: `app-${id}`,
        programmeId: 'prog-1',
        agency: o.agency ?? 'so-cong-thuong',
        category: 'supporting-industry',
        taxCode: '0100233488',
        communeCode: '00004',
        outcome: 'approved',
        amountVnd: 50_000_000,
        reason: null,
        decidedAt: o.at ?? '2026-11-25T02:00:00Z',
        dueOn: o.dueOn ?? '2026-12-10',
        onTime: o.onTime ?? true,
      },
    }),
  );

export const granted = (
  id: string,
  o: {
    taxCode?: string;
    agency?: string;
    year?: number;
    on?: string;
    targets?: string[];
    commune?: string;
    vsic?: string;
    amount?: number;
    workers?: number;
    ceos?: number;
  } = {},
) =>
  checked(
    newEnvelope({
      id,
      type: 'support.granted',
      source: 'intake',
      data: {
        grantId: `grant-${id}`,
        applicationId: `app-${id}`,
        programmeId: 'prog-1',
        programmeCode: 'CNHT-2026',
        agency: o.agency ?? 'so-cong-thuong',
        category: 'supporting-industry',
        taxCode: o.taxCode ?? '0100233488',
        communeCode: o.commune ?? '00004',
        vsicMain: o.vsic ?? '2592',
        amountVnd: o.amount ?? 50_000_000,
        year: o.year ?? 2026,
        grantedOn: o.on ?? '2026-11-25',
        targets: o.targets ?? ['direct-capacity-support'],
        ...(o.workers !== undefined ? { workersTrained: o.workers } : {}),
        ...(o.ceos !== undefined ? { ceosTrained: o.ceos } : {}),
      },
    }),
  );

export const registered = (
  id: string,
  o: {
    taxCode?: string;
    cause?: string;
    foundedOn?: string;
    commune?: string;
    vsic?: string;
    size?: 'micro' | 'small' | 'medium' | 'not-sme';
  } = {},
) =>
  checked(
    newEnvelope({
      id,
      type: 'enterprise.registered',
      source: 'registry',
      data: {
        taxCode: o.taxCode ?? '0100233488',
        revision: 1,
        name: 'Công ty TNHH Cơ khí Chính xác Thăng Long',
        legalForm: 'llc',
        communeCode: o.commune ?? '00004',
        vsic: { version: '2018', main: o.vsic ?? '2592', others: [] },
        status: 'active',
        foundedOn: o.foundedOn ?? '2026-03-02',
        employees: 12,
        revenueVnd: 1,
        totalCapitalVnd: 1,
        sizeClass: { class: o.size ?? 'small', sectorGroup: 'agriculture-industry-construction' },
        cause: o.cause ?? 'registered',
        changed: [],
        occurredAt: '2026-03-02T01:00:00Z',
      },
    }),
  );

export const withdrawn = (id: string, o: { from?: 'draft' | 'submitted' | 'scored'; at?: string; dueOn?: string; agency?: string } = {}) =>
  checked(
    newEnvelope({
      id,
      type: 'application.withdrawn',
      source: 'intake',
      data: {
        applicationId: `app-${id}`,
        programmeId: 'prog-1',
        agency: o.agency ?? 'so-cong-thuong',
        category: 'supporting-industry',
        taxCode: '0100233488',
        communeCode: '00004',
        previousStatus: o.from ?? 'submitted',
        submittedAt: o.from === 'draft' ? null : '2026-11-20T02:00:00Z',
        dueOn: o.from === 'draft' ? null : (o.dueOn ?? '2026-12-10'),
        withdrawnAt: o.at ?? '2026-11-22T02:00:00Z',
      },
    }),
  );

const matchFacts = (o: { taxCode?: string; buyerId?: string; needId?: string; commune?: string; vsic?: string; agency?: string }) => {
  const needId = o.needId ?? 'need-1';
  const taxCode = o.taxCode ?? '0100233488';
  return {
    matchId: `${needId}_${taxCode}`,
    needId,
    buyerId: o.buyerId ?? 'buyer-1',
    buyerKind: 'fdi' as const,
    taxCode,
    agency: o.agency ?? 'so-cong-thuong',
    communeCode: o.commune ?? '00004',
    vsicMain: o.vsic ?? '2592',
    sizeClass: 'small',
  };
};

export const proposed = (
  id: string,
  o: { taxCode?: string; buyerId?: string; needId?: string; commune?: string; at?: string; agency?: string } = {},
) =>
  checked(
    newEnvelope({
      id,
      type: 'match.proposed',
      source: 'matching',
      data: { ...matchFacts(o), score: 72, proposedAt: o.at ?? '2026-11-02T02:00:00Z', proposedBy: 'officer-1' },
    }),
  );

export const progressed = (
  id: string,
  step: 'contacted' | 'met' | 'sample' | 'trial-order' | 'contracted' | 'declined',
  o: { taxCode?: string; needId?: string; commune?: string; at?: string; previous?: string } = {},
) =>
  checked(
    newEnvelope({
      id,
      type: 'match.progressed',
      source: 'matching',
      data: {
        ...matchFacts(o),
        step,
        previousStep: o.previous ?? 'proposed',
        reason: step === 'declined' ? 'price' : null,
        at: o.at ?? '2026-11-10T02:00:00Z',
        by: 'officer-1',
        targets: step === 'contracted' ? ['cnht-direct-suppliers'] : [],
      },
    }),
  );

export interface FairParticipant {
  taxCode: string;
  commune: string;
  vsic?: string;
  added: number;
  removed: number;
}

export const fairScheduled = (
  id: string,
  o: { fairId?: string; runId?: string; heldOn?: string; added: number; removed: number; meetings: number; enterprises: FairParticipant[] },
) =>
  checked(
    newEnvelope({
      id,
      type: 'fair.scheduled',
      source: 'matching',
      data: {
        fairId: o.fairId ?? 'fair-1',
        runId: o.runId ?? id,
        mode: o.removed ? 'top-up' : 'initial',
        agency: 'so-cong-thuong',
        heldOn: o.heldOn ?? '2026-12-05',
        completedAt: '2026-11-25T02:00:00Z',
        meetings: o.meetings,
        meetingsAdded: o.added,
        meetingsRemoved: o.removed,
        enterprises: o.enterprises.map((e, i) => ({
          taxCode: e.taxCode,
          role: i % 2 ? 'exhibitor' : 'buyer',
          communeCode: e.commune,
          vsicMain: e.vsic ?? '2592',
          sizeClass: 'small',
          added: e.added,
          removed: e.removed,
        })),
      },
    }),
  );
