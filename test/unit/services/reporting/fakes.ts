/** In-memory fakes of reporting's ports, with the same exactly-once semantics as the DynamoDB store. */
import type {
  AggregateStore,
  ApplyOutcome,
  CellRow,
  PlanStore,
  RenderedFile,
  ReportFileStore,
  ReportBuilderDeps,
  ReportQueue,
  ReportRepository,
} from '../../../../services/reporting/app/ports.ts';
import type { Dimension, PlannedEvent } from '../../../../services/reporting/domain/measures.ts';
import { contribute, difference, type ItemState } from '../../../../services/reporting/domain/contributions.ts';
import type { ApprovedPlan } from '../../../../services/reporting/domain/kpis.ts';
import type { ReportJob } from '../../../../services/reporting/domain/report.ts';

export class FakeAggregateStore implements AggregateStore {
  readonly processed = new Set<string>();
  readonly markers = new Set<string>();
  readonly rows = new Map<string, CellRow>();
  readonly states = new Map<string, ItemState>();

  private add(c: { year: number; dim: string; value: string }, measure: string, amount: number) {
    const k = `${c.year}|${c.dim}|${c.value}`;
    const row = this.rows.get(k) ?? this.rows.set(k, { value: c.value, measures: {} }).get(k)!;
    row.measures[measure] = (row.measures[measure] ?? 0) + amount;
  }

  async apply(events: readonly PlannedEvent[]): Promise<ApplyOutcome> {
    const outcome: ApplyOutcome = { applied: [], duplicates: [] };
    for (const e of events) {
      if (this.processed.has(e.id)) {
        outcome.duplicates.push(e.id);
        continue;
      }
      this.processed.add(e.id);
      for (const f of e.effects) {
        if (f.once) {
          if (this.markers.has(f.once)) continue;
          this.markers.add(f.once);
        }
        for (const c of f.cells) this.add(c, f.measure, f.amount);
      }
      for (const c of e.contributions ?? []) {
        const before = this.states.get(c.item) ?? {};
        const after = contribute(before, c);
        for (const d of difference(before, after)) this.add(d.cell, d.counter, d.amount);
        this.states.set(c.item, after);
      }
      for (const l of e.labels) {
        const row = this.rows.get(`${l.cell.year}|${l.cell.dim}|${l.cell.value}`);
        if (row) row.label = l.text;
      }
      outcome.applied.push(e.id);
    }
    return outcome;
  }

  async cells(year: number, dim: Dimension, range?: { from: string; to: string }): Promise<CellRow[]> {
    const prefix = `${year}|${dim}|`;
    return [...this.rows.entries()]
      .filter(([k, r]) => k.startsWith(prefix) && (!range || (r.value >= range.from && r.value <= `${range.to}\uffff`)))
      .map(([, r]) => structuredClone(r))
      .sort((a, b) => a.value.localeCompare(b.value));
  }

  measure(year: number, dim: Dimension, value: string, measure: string): number {
    return this.rows.get(`${year}|${dim}|${value}`)?.measures[measure] ?? 0;
  }
}

/** The approved plans, as the DynamoDB store keeps them: one per year, a higher version wins. */
export class FakePlans implements PlanStore {
  readonly byYear = new Map<number, ApprovedPlan>();
  async save(plan: ApprovedPlan) {
    const kept = this.byYear.get(plan.year);
    if (kept && kept.version >= plan.version) return 'kept' as const;
    this.byYear.set(plan.year, structuredClone(plan));
    return 'stored' as const;
  }
  async approved(year: number) {
    const p = this.byYear.get(year);
    return p ? structuredClone(p) : undefined;
  }
}

export class FakeReports implements ReportRepository {
  readonly jobs = new Map<string, ReportJob>();
  async create(job: ReportJob) {
    if (this.jobs.has(job.id)) return 'exists' as const;
    this.jobs.set(job.id, structuredClone(job));
    return 'created' as const;
  }
  async get(id: string) {
    const j = this.jobs.get(id);
    return j ? structuredClone(j) : undefined;
  }
  async list(page: { limit: number }) {
    const items = [...this.jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, page.limit);
    return { items, nextCursor: null };
  }
  async finish(id: string, outcome: Parameters<ReportRepository['finish']>[1]) {
    const j = this.jobs.get(id);
    if (j?.status === 'running') this.jobs.set(id, { ...j, ...outcome });
  }
}

export class FakeFiles implements ReportFileStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  async put(key: string, body: Uint8Array, contentType: string) {
    this.objects.set(key, { body, contentType });
  }
  async downloadUrl(key: string) {
    return `https://files.example/${key}`;
  }
}

export class FakeQueue implements ReportQueue {
  readonly sent: string[] = [];
  async enqueue(id: string) {
    this.sent.push(id);
  }
}

export const NOW = new Date('2026-11-30T03:00:00Z');

export function setup(render?: ReportBuilderDeps['render']) {
  const store = new FakeAggregateStore();
  const plans = new FakePlans();
  const reports = new FakeReports();
  const files = new FakeFiles();
  const queue = new FakeQueue();
  let n = 0;
  const fakeRender: ReportBuilderDeps['render'] = render ?? {
    progress: async (data, formats) =>
      formats.map(
        (format): RenderedFile => ({ format, extension: format, contentType: 'x', body: new TextEncoder().encode(JSON.stringify(data)) }),
      ),
    openData: async (table) => [
      { format: 'json', extension: 'json', contentType: 'application/json', body: new TextEncoder().encode(JSON.stringify(table)) },
    ],
  };
  const deps: ReportBuilderDeps = {
    store,
    plans,
    reports,
    files,
    queue,
    render: fakeRender,
    now: () => NOW,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  };
  return { deps, store, plans, reports, files, queue };
}
