/**
 * Performs the demo year's acts (local/demo/schedule.ts) against a running local runtime, only
 * through its HTTP API — the services' own routes, the signed registry feed, and the local routes
 * that stand for what AWS would do by itself (the clock, the scheduler, the status). Day by day:
 * the runtime's clock is set to the day (07:00 Hanoi), then each phase's acts run concurrently.
 * The clock goes back to where it was at the end, also when an act fails.
 *
 * Every act is logged with its outcome (`ActLog`): what the demo did, independently of what the
 * services count — a test recounts a week's files from it.
 */
import { forEachLimit } from '../../shared/concurrency.ts';
import { createHash } from 'node:crypto';
import { schemeTargets, HISTORY } from '../../services/planning/domain/scheme-targets.ts';
import { targetById } from '../../shared/reference/targets.ts';
import { DemoClient, type Caller } from './client.ts';
import {
  type Act,
  type ActivityPlan,
  type AppPlan,
  type DemoOptions,
  type DemoSchedule,
  STC,
  communeOfficer,
  officer,
  reviewer,
  schedule,
} from './schedule.ts';

export interface ActLog {
  date: string;
  kind: Act['kind'];
  key: string;
  ok: boolean;
  /** What came of it: e.g. approved, rejected, ineligible; a step's name; a report's id. */
  outcome?: string;
  /** A decision made after the file's due date. */
  late?: boolean;
  agency?: string;
  /** For a withdrawal: whether the file had been submitted (received). */
  received?: boolean;
  detail?: string;
}

/** What survives a restart: the ids the runtime gave, and the last day done. */
export interface DemoState {
  options: DemoSchedule['options'];
  lastDay?: string;
  programmes: Record<string, { id: string; ownerAgency: string; requiredDocuments: string[]; rubric: string | null }>;
  panelCriteria: { id: string; maxPoints: number }[];
  planId?: string;
  apps: Record<string, string>;
  submitted: Record<string, boolean>;
  buyers: Record<string, string>;
  needs: Record<string, { id: string; matches?: string[] }>;
  fairs: Record<string, { id: string }>;
  activities: Record<string, string>;
  counts: Record<string, number>;
  log: ActLog[];
  requests: number;
  elapsedMs: number;
}

export interface RunOptions extends DemoOptions {
  base: string;
  root: string;
  /** Acts run at once within a day. Default 12. */
  concurrency?: number;
  /** A line of progress now and then. */
  progress?: (line: string) => void;
  /** Called after each day with the state to keep (a restart resumes from it). */
  checkpoint?: (state: DemoState) => Promise<void>;
  /** A state kept by an earlier, interrupted run of the same options. */
  resume?: DemoState;
}

export interface DemoResult {
  state: DemoState;
  schedule: DemoSchedule;
  peakRssBytes: number;
  elapsedMs: number;
}

/** How long to wait for the runtime to handle what was caused: past a failed batch's visibility timeout. */
const SETTLE_MS = 600_000;
const CONTACT = { name: 'Nguyễn Thị Lan', phone: '0912 345 678', email: 'lan@example.vn' };
const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`, 'utf8');

const actKey = (a: Act): string => {
  switch (a.kind) {
    case 'draft':
    case 'submit':
    case 'review':
    case 'decide':
    case 'withdraw':
      return a.app.key;
    case 'plan-contribute':
      return a.contributor;
    case 'register':
      return `${a.events.length} enterprises`;
    case 'supplier':
      return a.taxCode;
    case 'buyer':
      return a.buyer.key;
    case 'need':
      return a.need.key;
    case 'match-step':
      return `${a.need}#${a.rank}:${a.step}`;
    case 'fair-create':
    case 'fair-participants':
    case 'fair-run':
    case 'fair-held':
      return a.fair.key;
    case 'activity-create':
    case 'activity-attendance':
    case 'activity-complete':
      return a.activity.key;
    case 'weekly-report':
    case 'monthly-report':
      return a.period.from;
    default:
      return a.kind;
  }
};

/** Targets the demo's plan adopts beyond the scheme's (matching's funnel on the dashboard). */
function demoExtraTargets(year: number) {
  if (year < 2026 || year > 2030) return [];
  const source =
    'Demo plan: the 2020–2025 supporting-industry programme’s figure adopted for 2026–2030 (an assumption of the demo data, not a published target)';
  return (
    [
      ['cnht-connection', 700],
      ['cnht-direct-suppliers', 100],
    ] as const
  ).map(([id, goal]) => {
    const t = targetById(id)!;
    return {
      id,
      name: t.name,
      unit: t.unit,
      period: { kind: 'cumulative' as const, from: '2026', to: '2030' },
      goal,
      source,
      measures: [...t.measures],
      assumption: 'Adopted by the demo city; the scheme sets no figure for 2026–2030.',
      allocations: [],
    };
  });
}

/** What each contributor proposes (targets it shares; the commune its own commune's share). */
function contribution(contributor: string, commune: string | undefined, targetIds: Set<string>) {
  const wanted: Record<string, { activities: object[]; allocations: { targetId: string; goal: number; commune?: string }[] }> = {
    'so-cong-thuong': {
      activities: [
        {
          id: 'sct-cnht',
          title: 'Chương trình phát triển công nghiệp hỗ trợ',
          kind: 'programme',
          targetIds: ['direct-capacity-support'],
          expected: 400,
        },
        { id: 'sct-fair', title: 'Hội chợ kết nối công nghiệp hỗ trợ', kind: 'trade-fair', targetIds: ['cnht-connection'], expected: 150 },
      ],
      allocations: [
        { targetId: 'direct-capacity-support', goal: 1_200 },
        { targetId: 'indirect-support', goal: 8_000 },
        { targetId: 'cnht-connection', goal: 150 },
        { targetId: 'cnht-direct-suppliers', goal: 20 },
      ],
    },
    'so-khcn': {
      activities: [
        { id: 'khcn-nscl', title: 'Nâng cao năng suất chất lượng', kind: 'programme', targetIds: ['productivity-quality'], expected: 450 },
        {
          id: 'khcn-tv',
          title: 'Tư vấn với tổ chức đánh giá sự phù hợp',
          kind: 'consulting-round',
          targetIds: ['conformity-bodies'],
          expected: 2,
        },
      ],
      allocations: [
        { targetId: 'direct-capacity-support', goal: 1_500 },
        { targetId: 'productivity-quality', goal: 450 },
      ],
    },
  };
  const mine = wanted[contributor] ?? {
    activities: [
      {
        id: 'xa-phobien',
        title: 'Phổ biến chính sách hỗ trợ DNNVV tại xã',
        kind: 'information-session',
        targetIds: ['indirect-support'],
        expected: 300,
      },
    ],
    allocations: [{ targetId: 'indirect-support', goal: 300, commune: commune! }],
  };
  return {
    activities: mine.activities.filter((a) => (a as { targetIds: string[] }).targetIds.every((t) => targetIds.has(t))),
    allocations: mine.allocations.filter((a) => targetIds.has(a.targetId)),
    status: 'submitted',
  };
}

function supplierProfile(n: number, year: number) {
  const clusters = [
    ['cnc-machining', 'heat-treatment', 'surface-treatment'],
    ['stamping-deep-drawing', 'sheet-metal-welding', 'surface-treatment'],
    ['plastic-injection', 'mould-die-making'],
    ['pcb-assembly', 'cable-harness', 'box-build-assembly'],
    ['casting', 'forging', 'cnc-machining'],
    ['packaging-printing'],
    ['mould-die-making', 'cnc-machining'],
  ];
  const sectors = [
    'electronics',
    'automobile',
    'mechanical-engineering',
    'electronics',
    'mechanical-engineering',
    'high-tech',
    'automobile',
  ];
  return {
    processes: clusters[n % clusters.length],
    products: [{ name: `Linh kiện ${n % 2 ? 'cơ khí' : 'điện tử'} chính xác`, sector: sectors[n % sectors.length] }],
    materials: [],
    certifications: n % 3 === 2 ? [] : [{ standard: n % 7 === 0 ? 'IATF 16949' : 'ISO 9001', validUntil: `${year + 2}-06-30` }],
    monthlyCapacity: 5_000 + (n % 10) * 5_000,
    tier: (n % 3) + 1,
    customers: [],
    exportExperience: n % 4 === 0,
    exportMarkets: n % 4 === 0 ? ['JP'] : [],
    languages: ['vi'],
    contacts: [{ name: 'Trần Văn Bình', role: 'sales', email: `sales${n}@example.vn` }],
  };
}

const attendanceRows = (a: ActivityPlan) =>
  a.rows.map(({ ref, ...row }) => (ref ? { ...row, personIdHash: sha256(`demo-person-${String(ref)}`) } : row));

function attendanceCsv(a: ActivityPlan): Buffer {
  const lines = ['taxCode,organisationName,organisationKind,personIdHash,role,headCount'];
  for (const r of attendanceRows(a) as Record<string, any>[])
    lines.push(
      [r.taxCode ?? '', r.organisation?.name ?? '', r.organisation?.kind ?? '', r.personIdHash ?? '', r.role, r.headCount ?? ''].join(','),
    );
  return Buffer.from(`${lines.join('\n')}\n`);
}

export async function runDemo(opts: RunOptions): Promise<DemoResult> {
  const plan = schedule(opts);
  const { year } = plan.options;
  const client = new DemoClient(opts.base, opts.root);
  const progress = opts.progress ?? (() => undefined);
  const concurrency = opts.concurrency ?? 12;
  const state: DemoState = opts.resume ?? {
    options: plan.options,
    programmes: {},
    panelCriteria: [],
    apps: {},
    submitted: {},
    buyers: {},
    needs: {},
    fairs: {},
    activities: {},
    counts: {},
    log: [],
    requests: 0,
    elapsedMs: 0,
  };
  const count = (what: string, n = 1) => (state.counts[what] = (state.counts[what] ?? 0) + n);
  const log = (a: Act, entry: Omit<ActLog, 'date' | 'kind' | 'key'>): void => {
    state.log.push({ date: a.date, kind: a.kind, key: actKey(a), ...entry });
  };
  const started = Date.now();
  let peak = 0;
  const samplePeak = async () => (peak = Math.max(peak, (await client.status()).memory.peakRssBytes));

  // Where the clock was: it goes back there (running on) at the end.
  const clockBefore = Date.parse(await client.clock());
  const offsetBefore = clockBefore - Date.now();
  const restoreClock = () => client.setClock(Math.abs(offsetBefore) < 2_000 ? null : new Date(Date.now() + offsetBefore).toISOString());

  const stc = officer(STC, 1);
  const stcApprover = officer(STC, 2);
  const sct = officer('so-cong-thuong');

  async function programmesAct(): Promise<void> {
    for (const p of plan.programmes) {
      if (state.programmes[p.code]) continue;
      const owner = officer(p.ownerAgency);
      const listed = await client.must('GET', `/programmes?agency=${p.ownerAgency}&limit=100`, { as: owner });
      let found = (listed.body.items as { id: string; code: string }[]).find((x) => x.code === p.code);
      if (!found) {
        found = (await client.must('POST', '/programmes', { as: owner, body: p })).body;
        count('programmes');
      }
      state.programmes[p.code] = {
        id: found!.id,
        ownerAgency: p.ownerAgency,
        requiredDocuments: [...p.requiredDocuments],
        rubric: p.rubric?.id ?? null,
      };
    }
    const rubric = await client.must('GET', '/rubrics/generic', { as: stc });
    state.panelCriteria = (rubric.body.criteria as { id: string; source: string; maxPoints: number }[])
      .filter((c) => c.source === 'panel')
      .map((c) => ({ id: c.id, maxPoints: c.maxPoints }));
    // Panels for the programmes whose rubric has panel criteria (scoring learns of a programme from intake's event).
    for (const [code, p] of Object.entries(state.programmes)) {
      if (p.rubric !== 'generic') continue;
      const body = {
        reviewsPerApplication: 2,
        reviewers: [1, 2, 3].map((n) => ({ sub: reviewer(p.ownerAgency, n).sub, declaredInterests: [] })),
      };
      const set = await client.until(async () => {
        const r = await client.call('PUT', `/programmes/${p.id}/panel`, { as: officer(p.ownerAgency), body });
        return r.status === 404 ? undefined : r;
      }, 60_000);
      if (set?.status !== 200) throw new Error(`the panel of ${code} was refused: ${set?.status} ${JSON.stringify(set?.body)}`);
      count('panels');
    }
  }

  async function planOf(as: Caller) {
    return client.must('GET', `/plans/${state.planId}`, { as });
  }

  /** A write to the plan with If-Match, read again and retried when another contributor wrote meanwhile. */
  async function planWrite(as: Caller, path: string, body: (plan: any) => unknown): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await planOf(as);
      const r = await client.call('PUT', path, { as, body: body(current.body), headers: { 'if-match': current.headers.get('etag')! } });
      if (r.status === 200) return;
      if (r.status !== 409 || attempt >= 5) throw new Error(`PUT ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
    }
  }

  async function planAct(a: Extract<Act, { phase: 'setup' }>): Promise<void> {
    switch (a.kind) {
      case 'programmes':
        return programmesAct();
      case 'plan-draft': {
        const versions = (await client.must('GET', `/plans?year=${year}`, { as: stc })).body.items as { id: string; status: string }[];
        const open = versions.find((v) => v.status === 'draft');
        if (open) {
          state.planId = open.id;
          return;
        }
        const approved = versions.find((v) => v.status === 'approved');
        const created = await client.must('POST', '/plans', { as: stc, body: { year, ...(approved ? { basedOn: approved.id } : {}) } });
        state.planId = created.body.id;
        count('plan versions');
        if (!approved)
          await planWrite(stc, `/plans/${state.planId}/targets`, () => ({
            targets: [...schemeTargets(year), ...demoExtraTargets(year)],
            references: [...HISTORY],
          }));
        else
          await planWrite(stc, `/plans/${state.planId}/targets`, (p) => ({
            targets: [...p.targets, ...demoExtraTargets(year).filter((t) => !p.targets.some((x: { id: string }) => x.id === t.id))],
            references: p.references,
          }));
        return;
      }
      case 'plan-contribute': {
        const as = a.commune ? communeOfficer(a.commune) : officer(a.contributor);
        await planWrite(as, `/plans/${state.planId}/contributions/${a.contributor}`, (p) =>
          contribution(a.contributor, a.commune, new Set((p.targets as { id: string }[]).map((t) => t.id))),
        );
        count('plan contributions');
        return;
      }
      case 'plan-consolidate':
        // Sở Tài chính sets each target's allocations from the contributors' proposals.
        await planWrite(stc, `/plans/${state.planId}/targets`, (p) => ({
          targets: (p.targets as { id: string; allocations: unknown[] }[]).map((t) => ({
            ...t,
            allocations: (
              p.contributions as { agency: string; allocations: { targetId: string; goal: number; commune?: string }[] }[]
            ).flatMap((c) =>
              c.allocations
                .filter((x) => x.targetId === t.id)
                .map((x) => (x.commune ? { commune: x.commune, goal: x.goal } : { agency: c.agency, goal: x.goal })),
            ),
          })),
          references: p.references,
        }));
        return;
      case 'plan-submit':
        await client.must('POST', `/plans/${state.planId}/submit`, { as: stc });
        return;
      case 'plan-approve':
        await client.must('POST', `/plans/${state.planId}/approve`, { as: stcApprover });
        count('plans approved');
        return;
    }
  }

  const appCaller = (app: AppPlan) => officer(app.agency, 1);

  async function appAct(a: Extract<Act, { app: AppPlan }>): Promise<void> {
    const app = a.app;
    const p = state.programmes[app.programme]!;
    const id = state.apps[app.key];
    if (a.kind !== 'draft' && !id) return log(a, { ok: false, agency: app.agency, detail: 'no draft' });
    switch (a.kind) {
      case 'draft': {
        const r = await client.call('POST', '/applications', {
          as: appCaller(app),
          body: {
            programmeId: p.id,
            taxCode: app.taxCode,
            requestedAmountVnd: app.requestedAmountVnd,
            answers: app.answers,
            contact: CONTACT,
          },
        });
        if (r.status !== 201)
          return log(a, { ok: false, agency: app.agency, detail: `${r.status} ${JSON.stringify(r.body).slice(0, 200)}` });
        state.apps[app.key] = r.body.id;
        count('applications');
        for (const type of p.requiredDocuments) {
          const bytes = pdf(`${app.key} ${type}`);
          const doc = await client.must('POST', `/applications/${r.body.id}/documents`, {
            as: appCaller(app),
            body: { type, fileName: `${type}.pdf`, contentType: 'application/pdf', sizeBytes: bytes.length, sha256: sha256(bytes) },
          });
          const put = await fetch(doc.body.uploadUrl, { method: 'PUT', headers: doc.body.uploadHeaders, body: bytes });
          if (put.status !== 200) throw new Error(`document upload → ${put.status}`);
          count('documents');
        }
        return log(a, { ok: true, agency: app.agency });
      }
      case 'submit': {
        // Documents are verified as they land (seconds): until then submission is refused for them.
        let last: { status: number; body: any } | undefined;
        const r = await client.until(
          async () => {
            last = await client.call('POST', `/applications/${id}/submit`, { as: appCaller(app) });
            if (last.status === 200) return last;
            const onlyDocs =
              last.status === 422 && (last.body.errors ?? []).every((e: { path: string }) => e.path.startsWith('documents.'));
            return onlyDocs ? undefined : last;
          },
          30_000,
          250,
        );
        if (r?.status !== 200)
          return log(a, { ok: false, agency: app.agency, outcome: 'ineligible', detail: JSON.stringify(last?.body).slice(0, 300) });
        state.submitted[app.key] = true;
        count('submitted');
        return log(a, { ok: true, agency: app.agency });
      }
      case 'review': {
        if (!state.submitted[app.key]) return;
        const done = await review(app, id!);
        return log(a, { ok: done, agency: app.agency });
      }
      case 'withdraw': {
        const r = await client.call('POST', `/applications/${id}/withdraw`, {
          as: appCaller(app),
          body: { reason: 'Doanh nghiệp rút hồ sơ' },
        });
        if (r.status !== 200) return log(a, { ok: false, agency: app.agency, detail: `${r.status}` });
        count('withdrawn');
        return log(a, { ok: true, agency: app.agency, received: state.submitted[app.key] === true });
      }
      case 'decide': {
        if (!state.submitted[app.key]) return log(a, { ok: false, agency: app.agency, detail: 'not submitted' });
        const ready = p.rubric === null ? ['submitted', 'scored'] : ['scored'];
        let view = await waitStatus(app, id!, ready, 45_000);
        if (!view && p.rubric === 'generic') {
          // A review not in yet (an assignment that came late): the panel reviews now.
          await review(app, id!);
          view = await waitStatus(app, id!, ready, 45_000);
        }
        if (!view) return log(a, { ok: false, agency: app.agency, detail: 'not scored in time' });
        const decider = officer(app.agency, 2);
        const late = app.late ? { late: true } : {};
        if (app.approve) {
          const extra = app.programme.startsWith('DTNL-')
            ? { workersTrained: Number(app.answers.trainees ?? 20) }
            : app.programme.startsWith('CEO-')
              ? { ceosTrained: 1 }
              : {};
          const approved = await client.call('POST', `/applications/${id}/decision`, {
            as: decider,
            body: { outcome: 'approved', amountVnd: app.requestedAmountVnd, ...extra },
          });
          if (approved.status === 200) {
            count('approved');
            return log(a, { ok: true, agency: app.agency, outcome: 'approved', ...late });
          }
          if (approved.status !== 422)
            return log(a, { ok: false, agency: app.agency, detail: `${approved.status} ${JSON.stringify(approved.body).slice(0, 200)}` });
        }
        const rejected = await client.call('POST', `/applications/${id}/decision`, {
          as: decider,
          body: {
            outcome: 'rejected',
            reason: app.approve ? 'Không đạt điểm sàn hoặc vượt kinh phí' : 'Hồ sơ chưa đáp ứng yêu cầu của chương trình',
          },
        });
        if (rejected.status !== 200)
          return log(a, { ok: false, agency: app.agency, detail: `${rejected.status} ${JSON.stringify(rejected.body).slice(0, 200)}` });
        count('rejected');
        return log(a, { ok: true, agency: app.agency, outcome: 'rejected', ...late });
      }
    }
  }

  async function waitStatus(app: AppPlan, id: string, statuses: string[], ms: number) {
    return client.until(
      async () => {
        const r = await client.call('GET', `/applications/${id}`, { as: appCaller(app) });
        return statuses.includes(r.body.status) ? r.body : undefined;
      },
      ms,
      250,
    );
  }

  /** The assigned panel members mark the panel criteria. */
  async function review(app: AppPlan, id: string): Promise<boolean> {
    const score = await client.until(
      async () => {
        const r = await client.call('GET', `/applications/${id}/score`, { as: appCaller(app) });
        return r.status === 200 && (r.body.reviewers ?? []).length > 0 ? r.body : undefined;
      },
      30_000,
      250,
    );
    if (!score) return false;
    const h = Number.parseInt(sha256(app.key).slice(0, 8), 16);
    for (const rv of score.reviewers as { sub: string; reviewed: boolean }[]) {
      if (rv.reviewed) continue;
      const n = Number(rv.sub.split('-').pop());
      const r = await client.call('POST', `/applications/${id}/reviews`, {
        as: reviewer(app.agency, n),
        body: {
          criteria: state.panelCriteria.map((c, i) => ({
            id: c.id,
            points: Math.round(c.maxPoints * (0.35 + ((h >>> (i * 4 + n)) % 60) / 100)),
          })),
        },
      });
      if (r.status === 201) count('reviews');
      else throw new Error(`the review of ${app.key} by ${rv.sub} was refused: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    return true;
  }

  async function networkAct(a: Extract<Act, { phase: 'network' }>): Promise<void> {
    switch (a.kind) {
      case 'supplier': {
        const r = await client.call('PUT', `/suppliers/${a.taxCode}/profile`, { as: sct, body: supplierProfile(a.n, year) });
        if (r.status === 200) count('supplier profiles');
        return log(a, { ok: r.status === 200, ...(r.status === 200 ? {} : { detail: `${r.status}` }) });
      }
      case 'buyer': {
        const b = a.buyer;
        const r = await client.must('POST', '/buyers', {
          as: sct,
          body: {
            name: b.name,
            kind: b.kind,
            makesFinishedProducts: b.kind === 'oem' || b.kind === 'fdi',
            country: b.country,
            site: { park: b.park },
            sectors: b.sectors,
          },
        });
        state.buyers[b.key] = r.body.id;
        count('buyers');
        return log(a, { ok: true });
      }
      case 'need': {
        const n = a.need;
        const r = await client.must('POST', `/buyers/${state.buyers[n.buyer]}/needs`, {
          as: sct,
          body: {
            title: n.title,
            processes: n.processes,
            certifications: n.certifications,
            volumePerMonth: n.volumePerMonth,
            deadline: n.deadline,
          },
        });
        state.needs[n.key] = { id: r.body.id };
        count('needs');
        return log(a, { ok: true });
      }
      case 'match-step': {
        const need = state.needs[a.need];
        if (!need) return log(a, { ok: false, detail: 'no need' });
        if (!need.matches) {
          // The need's ranked suppliers, once (matching's index takes a few seconds to see a new need).
          const ranked = await client.until(
            async () => {
              const r = await client.call('GET', `/needs/${need.id}/matches?limit=20`, { as: sct });
              return r.status === 200 && r.body.items.length > 0
                ? (r.body.items as { matchId: string }[]).map((i) => i.matchId)
                : undefined;
            },
            20_000,
            250,
          );
          need.matches = ranked ?? [];
        }
        const matchId = need.matches[a.rank];
        if (!matchId) return log(a, { ok: false, detail: 'no such match' });
        const r = await client.call('POST', `/matches/${matchId}/events`, {
          as: sct,
          body: { step: a.step, ...(a.step === 'declined' ? { reason: 'Nhà cung cấp chưa đáp ứng giá và năng lực' } : {}) },
        });
        if (r.status === 201) count('match steps');
        return log(a, { ok: r.status === 201, outcome: a.step, ...(r.status === 201 ? {} : { detail: `${r.status}` }) });
      }
      case 'fair-create': {
        const f = a.fair;
        const r = await client.must('POST', '/fairs', {
          as: sct,
          body: {
            name: f.name,
            venue: 'Trung tâm Hội chợ Triển lãm Quốc gia (NECC)',
            slotMinutes: 20,
            sessions: [{ startsAt: `${f.heldOn}T08:30:00+07:00`, slots: 12 }],
            tables: 30,
          },
        });
        state.fairs[f.key] = { id: r.body.id };
        count('fairs');
        return log(a, { ok: true });
      }
      case 'fair-participants': {
        const fair = state.fairs[a.fair.key]!;
        let added = 0;
        const bodies = [
          ...a.fair.buyers.filter((b) => state.buyers[b]).map((b) => ({ role: 'buyer', buyerId: state.buyers[b] })),
          ...a.fair.exhibitors.map((taxCode) => ({ role: 'exhibitor', taxCode })),
        ];
        await forEachLimit(bodies, 4, async (body) => {
          const r = await client.call('POST', `/fairs/${fair.id}/participants`, { as: sct, body });
          if (r.status === 201) added++;
        });
        count('fair participants', added);
        return log(a, { ok: added > 0, outcome: `${added} participants` });
      }
      case 'fair-run': {
        const fair = state.fairs[a.fair.key]!;
        const asked = await client.must('POST', `/fairs/${fair.id}/schedule-runs`, { as: sct, body: { mode: 'initial' } });
        const run = await client.until(
          async () => {
            const r = await client.call('GET', `/fairs/${fair.id}/schedule-runs/${asked.body.id}`, { as: sct });
            return r.body.status === 'running' ? undefined : r.body;
          },
          180_000,
          1_000,
        );
        count('fair schedules');
        return log(a, { ok: run?.status === 'done', outcome: `${run?.meetings ?? 0} meetings` });
      }
      case 'fair-held': {
        const r = await client.call('POST', '/local/schedules/matching/fair-meetings-held');
        return log(a, { ok: r.status === 200 });
      }
    }
  }

  async function activityAct(a: Extract<Act, { phase: 'activities' }>): Promise<void> {
    const act = a.activity;
    const as = act.commune ? communeOfficer(act.commune) : officer(act.agency);
    if (a.kind === 'activity-create') {
      const r = await client.must('POST', '/activities', {
        as,
        body: {
          kind: act.kind,
          title: act.title,
          startsOn: act.startsOn,
          endsOn: act.endsOn,
          targetIds: act.targetIds,
          ...(act.commune ? { commune: act.commune } : {}),
        },
      });
      state.activities[act.key] = r.body.id;
      count('activities');
      return log(a, { ok: true, agency: act.agency });
    }
    const id = state.activities[act.key];
    if (!id) return log(a, { ok: false, detail: 'no activity' });
    if (a.kind === 'activity-attendance') {
      if (act.rows.length === 0) return log(a, { ok: true });
      if (act.csv) {
        const csv = attendanceCsv(act);
        const asked = await client.must('POST', `/activities/${id}/attendance-uploads`, {
          as,
          body: { sizeBytes: csv.length, fileName: 'danh-sach-hoc-vien.csv' },
        });
        const put = await fetch(asked.body.uploadUrl, { method: 'PUT', headers: asked.body.uploadHeaders, body: csv });
        if (put.status !== 200) throw new Error(`attendance upload → ${put.status}`);
        const job = await client.until(
          async () => {
            const r = await client.call('GET', `/activities/${id}/attendance-uploads/${asked.body.id}`, { as });
            return ['completed', 'rejected', 'failed'].includes(r.body.status) ? r.body : undefined;
          },
          60_000,
          250,
        );
        count('attendance CSV uploads');
        count('attendance rows', job?.accepted ?? 0);
        return log(a, {
          ok: job?.status === 'completed',
          outcome: 'csv',
          ...(job?.status === 'completed' ? {} : { detail: JSON.stringify(job).slice(0, 300) }),
        });
      }
      await client.must('POST', `/activities/${id}/attendance`, { as, body: { rows: attendanceRows(act) } });
      count('attendance rows', act.rows.length);
      return log(a, { ok: true });
    }
    const r = await client.call('POST', `/activities/${id}/complete`, { as });
    if (r.status === 200) count('activities completed');
    return log(a, { ok: r.status === 200, ...(r.status === 200 ? {} : { detail: `${r.status} ${JSON.stringify(r.body).slice(0, 200)}` }) });
  }

  async function reportAct(a: Extract<Act, { phase: 'reports' }>): Promise<void> {
    // A report counts what happened before it: everything caused so far is handled first — a
    // batch that failed (a handler timed out on a loaded machine) included, which SQS gives again
    // only after its visibility timeout (minutes).
    await client.settled(SETTLE_MS);
    const name = a.kind;
    await client.must('POST', `/local/schedules/reporting/${name}`);
    const id = `${name === 'weekly-report' ? 'weekly' : 'monthly'}-${a.period.from}`;
    const job = await client.until(
      async () => {
        const r = await client.call('GET', `/reports/${id}`, { as: officer(STC) });
        return r.status === 200 && r.body.status !== 'running' ? r.body : undefined;
      },
      120_000,
      250,
    );
    if (job?.status === 'done') count(name === 'weekly-report' ? 'weekly reports' : 'monthly reports');
    return log(a, { ok: job?.status === 'done', outcome: id });
  }

  async function perform(a: Act): Promise<void> {
    try {
      switch (a.phase) {
        case 'reports':
          return await reportAct(a);
        case 'setup':
          await planAct(a);
          return log(a, { ok: true });
        case 'registry': {
          const r = await client.registry(a.events);
          const applied = (r.body.results ?? []).filter((x) => x.outcome === 'applied').length;
          count('new enterprises registered', applied);
          return log(a, { ok: applied === a.events.length, outcome: `${applied} applied` });
        }
        case 'network':
          return await networkAct(a);
        case 'activities':
          return await activityAct(a);
        default:
          return await appAct(a);
      }
    } catch (error) {
      log(a, { ok: false, detail: error instanceof Error ? error.message.slice(0, 300) : String(error) });
      if (a.phase === 'setup') throw error;
    }
  }

  try {
    if (!opts.resume) {
      // The registry's enterprises first, on today's clock (their histories end before today) —
      // unless the registry has them already (the runtime's own seed loads the same ones).
      const known = async (e: { taxCode: string }) => (await client.call('GET', `/enterprises/${e.taxCode}`, { as: stc })).status === 200;
      const ends = [plan.population[0]!, plan.population.at(-1)!];
      if (!(await known(ends[0]!)) || !(await known(ends[1]!))) {
        progress(`registry: ${plan.population.length} enterprises through the signed feed`);
        for (let i = 0; i < plan.population.length; i += 200) {
          const r = await client.registry(plan.population.slice(i, i + 200));
          count('enterprises (registry feed)', (r.body.results ?? []).filter((x) => x.outcome === 'applied').length);
        }
      }
      await client.settled(900_000);
    }
    const days = plan.days.filter((d) => !state.lastDay || d > state.lastDay);
    let lastMonth = '';
    for (const day of days) {
      // 07:00: the scheduled reports (of what happened before today); 08:00: the day's work.
      const acts = plan.acts.filter((a) => a.date === day);
      const reports = acts.filter((a) => a.phase === 'reports');
      if (reports.length > 0) {
        await client.setClock(`${day}T07:00:00+07:00`);
        for (const a of reports) await perform(a);
      }
      await client.setClock(`${day}T08:00:00+07:00`);
      // The plan's steps one after another; everything else of the day is independent (an
      // application's steps, a need and its matches, a fair and its run fall on different days).
      for (const a of acts.filter((x) => x.phase === 'setup')) await perform(a);
      await forEachLimit(
        acts.filter((a) => a.phase !== 'reports' && a.phase !== 'setup'),
        concurrency,
        perform,
      );
      state.lastDay = day;
      state.requests = client.requests.count;
      state.elapsedMs = (opts.resume?.elapsedMs ?? 0) + Date.now() - started;
      if (day.slice(0, 7) !== lastMonth) {
        lastMonth = day.slice(0, 7);
        await samplePeak();
        progress(
          `${day}: ${state.counts.applications ?? 0} applications, ${state.counts.approved ?? 0} approved, ${Math.round(state.elapsedMs / 1000)} s`,
        );
      }
      await opts.checkpoint?.(state);
    }
    await client.settled(SETTLE_MS);
    await samplePeak();
  } finally {
    await restoreClock();
  }
  state.requests = client.requests.count;
  state.elapsedMs = (opts.resume?.elapsedMs ?? 0) + Date.now() - started;
  return { state, schedule: plan, peakRssBytes: peak, elapsedMs: state.elapsedMs };
}
