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

export const decided = (
  id: string,
  o: {
    agency?: string;
    at?: string;
    dueOn?: string;
    onTime?: boolean;
    submittedAt?: string | null;
    outcome?: 'approved' | 'rejected';
  } = {},
) =>
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
        outcome: o.outcome ?? 'approved',
        amountVnd: 50_000_000,
        reason: null,
        decidedAt: o.at ?? '2026-11-25T02:00:00Z',
        dueOn: o.dueOn ?? '2026-12-10',
        onTime: o.onTime ?? true,
        // A message from before intake sent it: submittedAt null leaves it out.
        ...(o.submittedAt === null ? {} : { submittedAt: o.submittedAt ?? '2026-11-20T02:00:00Z' }),
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
    /** The grant's contents; null: a message from before grants carried them (read as the category's defaults). */
    contents?: string[] | null;
    category?: string;
    programmeId?: string;
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
        programmeId: o.programmeId ?? 'prog-1',
        programmeCode: 'CNHT-2026',
        agency: o.agency ?? 'so-cong-thuong',
        category: o.category ?? 'technology-innovation',
        taxCode: o.taxCode ?? '0100233488',
        communeCode: o.commune ?? '00004',
        vsicMain: o.vsic ?? '2592',
        amountVnd: o.amount ?? 50_000_000,
        year: o.year ?? 2026,
        grantedOn: o.on ?? '2026-11-25',
        targets: o.targets ?? ['direct-capacity-support'],
        ...(o.workers !== undefined ? { workersTrained: o.workers } : {}),
        ...(o.ceos !== undefined ? { ceosTrained: o.ceos } : {}),
        ...(o.contents === null ? {} : { contents: o.contents ?? ['tech-innovation/equipment'] }),
      },
    }),
  );

/** A grant reduced or cancelled: `contents` what it holds now. */
export const adjusted = (
  id: string,
  o: { grantOf: string; taxCode?: string; year?: number; contents?: string[]; cancelled?: boolean; at?: string; agency?: string },
) =>
  checked(
    newEnvelope({
      id,
      type: 'grant.adjusted',
      source: 'intake',
      data: {
        grantId: `grant-${o.grantOf}`,
        adjustmentId: `adj-${id}`,
        taxCode: o.taxCode ?? '0100233488',
        agency: o.agency ?? 'so-cong-thuong',
        programmeId: 'prog-1',
        contents: o.contents ?? [],
        year: o.year ?? 2026,
        previousAmountVnd: 50_000_000,
        amountVnd: o.cancelled === false ? 30_000_000 : 0,
        cancelled: o.cancelled ?? true,
        adjustedAt: o.at ?? '2026-11-28T02:00:00Z',
      },
    }),
  );

export interface Attendance {
  enterprises?: string[];
  people?: { personRef: string; role: 'worker' | 'ceo' | 'owner' | 'staff' | 'official' | 'consultant' | 'expert' }[];
  headCounts?: { role: 'worker' | 'ceo' | 'owner' | 'staff' | 'official' | 'consultant' | 'expert'; count: number }[];
  organisations?: { key: string; kind: 'conformity-body' | 'lab' | 'association' | 'other' }[];
}

/** One part of a completed activity (`activityId`, `part` of `parts`, `revision`). */
export const activity = (
  id: string,
  o: {
    activityId?: string;
    kind?: 'conference' | 'workshop' | 'training-course' | 'information-session' | 'consulting-round' | 'publication' | 'outreach';
    agency?: string;
    commune?: string;
    endsOn?: string;
    part?: number;
    parts?: number;
    revision?: number;
    attendance?: Attendance;
  } = {},
) =>
  checked(
    newEnvelope({
      id,
      type: 'activity.completed',
      source: 'planning',
      data: {
        activityId: o.activityId ?? 'act-1',
        revision: o.revision ?? 1,
        part: o.part ?? 1,
        parts: o.parts ?? 1,
        kind: o.kind ?? 'training-course',
        agency: o.agency ?? 'so-khcn',
        ...(o.commune ? { commune: o.commune } : {}),
        startsOn: o.endsOn ?? '2026-10-05',
        endsOn: o.endsOn ?? '2026-10-05',
        completedAt: '2026-10-06T02:00:00Z',
        targetIds: [],
        attendance: {
          enterprises: o.attendance?.enterprises ?? [],
          people: o.attendance?.people ?? [],
          headCounts: o.attendance?.headCounts ?? [],
          organisations: o.attendance?.organisations ?? [],
        },
      },
    }),
  );

/** A person ref (the registry's: 64 hex digits) from a small number. */
export const person = (n: number) => n.toString(16).padStart(64, '0');

export interface PlanTarget {
  id: string;
  unit?: 'enterprises' | 'participations' | 'people' | 'events' | 'publications' | 'organisations' | 'products';
  period?: { kind: 'annual' | 'cumulative'; from: string; to: string };
  goal: number;
  measures: string[];
  allocations?: { agency?: string; commune?: string; goal: number }[];
}

/** An approved plan of `year`, version `version`, with these targets. */
export const planApproved = (id: string, o: { year?: number; version?: number; targets: PlanTarget[] }) => {
  const year = o.year ?? 2026;
  return checked(
    newEnvelope({
      id,
      type: 'plan.approved',
      source: 'planning',
      data: {
        planId: `plan-${year}-v${o.version ?? 1}`,
        year,
        version: o.version ?? 1,
        approvedAt: '2026-01-10T02:00:00Z',
        approvedBy: 'approver-1',
        supersedes: null,
        targets: o.targets.map((t) => ({
          id: t.id,
          name: { vi: `Chỉ tiêu ${t.id}`, en: `Target ${t.id}` },
          unit: t.unit ?? 'enterprises',
          period: t.period ?? { kind: 'annual', from: String(year), to: String(year) },
          goal: t.goal,
          source: 'scheme (000)',
          measures: t.measures,
          allocations: t.allocations ?? [],
        })),
      },
    }),
  );
};

export const registered = (
  id: string,
  o: {
    taxCode?: string;
    legalForm?: string;
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
        legalForm: o.legalForm ?? 'llc',
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

const matchFacts = (o: {
  taxCode?: string;
  buyerId?: string;
  needId?: string;
  commune?: string;
  vsic?: string;
  agency?: string;
  buyerKind?: 'oem' | 'fdi' | 'tier1' | 'enterprise';
}) => {
  const needId = o.needId ?? 'need-1';
  const taxCode = o.taxCode ?? '0100233488';
  return {
    matchId: `${needId}_${taxCode}`,
    needId,
    buyerId: o.buyerId ?? 'buyer-1',
    buyerKind: o.buyerKind ?? ('fdi' as const),
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
  o: {
    taxCode?: string;
    needId?: string;
    buyerId?: string;
    commune?: string;
    at?: string;
    previous?: string;
    buyerKind?: 'oem' | 'fdi' | 'tier1' | 'enterprise';
    /** The buyer makes or assembles finished products; null: a message from before matching said. */
    assembler?: boolean | null;
  } = {},
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
        ...(o.assembler === null ? {} : { buyerMakesFinishedProducts: o.assembler ?? true }),
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
  o: {
    fairId?: string;
    runId?: string;
    heldOn?: string;
    agency?: string;
    added: number;
    removed: number;
    meetings: number;
    enterprises: FairParticipant[];
  },
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
        agency: o.agency ?? 'so-cong-thuong',
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
