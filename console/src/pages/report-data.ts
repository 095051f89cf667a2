/**
 * The data behind the dashboard's charts: the newest finished progress report of a year, read from
 * its JSON file (the same figures the PDF and XLSX show).
 */
import { ok } from '../api/client.ts';
import type { AppContext } from '../app-context.tsx';
import { storageUrl } from '../config.ts';

export interface Breakdown {
  key: string;
  label: string;
  values: Record<string, number>;
}

export interface ReportData {
  from: string;
  to: string;
  generatedAt: string;
  trend: Breakdown[];
  byCommune: Breakdown[];
  bySection: Breakdown[];
  url: string;
}

export const MEASURES = ['received', 'approved', 'supportedSmes', 'grants', 'supportVnd'] as const;
export type Measure = (typeof MEASURES)[number];

interface ReportSummary {
  id: string;
  kind?: string;
  status: string;
  from?: string;
}
interface ReportFile {
  format: string;
  url: string;
}

/** null when the year has no finished progress report yet. */
export async function latestReportData(ctx: AppContext, year: number): Promise<ReportData | null> {
  const list = (await ok(ctx.api.GET('/reports', { params: { query: { limit: 50 } } }))) as unknown as { items: ReportSummary[] };
  const done = list.items.find((r) => r.status === 'done' && (r.kind ?? 'progress') === 'progress' && r.from?.startsWith(String(year)));
  if (!done) return null;
  const report = (await ok(ctx.api.GET('/reports/{id}', { params: { path: { id: done.id } } }))) as unknown as { files: ReportFile[] };
  const json = report.files.find((f) => f.format === 'json');
  if (!json) return null;
  const res = await fetch(storageUrl(ctx.config, json.url));
  if (!res.ok) throw new Error(`report file: ${res.status}`);
  const data = (await res.json()) as Omit<ReportData, 'url'>;
  return { ...data, url: json.url };
}
