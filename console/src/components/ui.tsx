/** Small building blocks shared by the pages: form fields with their errors, notices, progress. */
import { type ReactNode, useId } from 'react';
import { ApiError, type Problem } from '../api/problem.ts';
import { useI18n } from '../i18n/index.tsx';

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="muted">
      {t('common.loading')}
    </p>
  );
}

/** The problem of a failed call, with every field error that no input on the page shows. */
export function ProblemNotice({ problem, shown = [] }: { problem: Problem | undefined; shown?: readonly string[] }) {
  const { t } = useI18n();
  if (!problem) return null;
  const rest = (problem.errors ?? []).filter((e) => !shown.includes(e.path.replace(/^body\./, '')));
  return (
    <div role="alert" className="notice error">
      <strong>{problemTitle(problem, t)}</strong>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {rest.length ? (
        <ul>
          {rest.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function problemTitle(p: Problem, t: ReturnType<typeof useI18n>['t']): string {
  switch (p.status) {
    case 400:
      return t('problem.400');
    case 403:
      return t('problem.403');
    case 404:
      return t('problem.404');
    case 409:
    case 412:
      return t('problem.409');
    case 422:
      return t('problem.422');
    default:
      return p.title ?? t('problem.other', { status: p.status });
  }
}

export const problemOf = (error: unknown): Problem | undefined =>
  error instanceof ApiError
    ? error.problem
    : error
      ? { status: 0, title: String(error instanceof Error ? error.message : error) }
      : undefined;

/** A failed load: not-found reads as such (another agency's object is a 404 by design). */
export function LoadError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const problem = problemOf(error);
  if (problem?.status === 404)
    return (
      <section aria-labelledby="nf">
        <h1 id="nf">{t('notFound.title')}</h1>
        <p>{t('notFound.body')}</p>
      </section>
    );
  return <ProblemNotice problem={problem} />;
}

interface FieldProps {
  label: string;
  name: string;
  errors: Map<string, string[]>;
  hint?: string;
  children: (props: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}

/** A labelled input whose API errors (by field path) sit right under it. */
export function Field({ label, name, errors, hint, children }: FieldProps) {
  const id = useId();
  const messages = errors.get(name) ?? [];
  const described = [hint ? `${id}-hint` : '', messages.length ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${messages.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        name,
        ...(messages.length ? { 'aria-invalid': true as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
      {messages.length ? (
        <small id={`${id}-err`} className="field-error" data-field-error={name}>
          {messages.join('; ')}
        </small>
      ) : null}
    </div>
  );
}

export function ProgressBar({ value, max, label, marker }: { value: number; max: number; label: string; marker?: number }) {
  const pct = max > 0 ? Math.min(100, (value / max) * 100) : 0;
  const markerPct = marker !== undefined && max > 0 ? Math.min(100, (marker / max) * 100) : undefined;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value}>
      <div className="progress-fill" style={{ width: `${pct}%` }} />
      {markerPct !== undefined ? <div className="progress-marker" style={{ left: `${markerPct}%` }} aria-hidden="true" /> : null}
    </div>
  );
}

export interface Bar {
  key: string;
  label: string;
  value: number;
}

/** A horizontal bar chart in plain SVG, with the figures as text (readable without the bars). */
export function BarChart({ title, bars, format }: { title: string; bars: Bar[]; format: (n: number) => string }) {
  const { t } = useI18n();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 24;
  const labelW = 130;
  const width = 380;
  if (bars.length === 0) return <p className="muted">{t('common.noData')}</p>;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${bars.length * row + 4}`} role="img" aria-label={title} width="100%">
        {bars.map((b, i) => {
          const w = ((width - labelW - 80) * b.value) / max;
          return (
            <g key={b.key} transform={`translate(0 ${i * row + 2})`}>
              <text x={labelW - 6} y={row / 2 + 4} textAnchor="end" fontSize="12" fill="#1f2933">
                <title>{b.label}</title>
                {b.label.length > 17 ? `${b.label.slice(0, 16)}…` : b.label}
              </text>
              <rect x={labelW} y={4} width={Math.max(w, b.value > 0 ? 2 : 0)} height={row - 10} fill="#1d5fa8" rx="2" />
              <text x={labelW + w + 6} y={row / 2 + 4} fontSize="12" fill="#1f2933">
                {format(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export function Badge({ kind, children }: { kind: string; children: ReactNode }) {
  return <span className={`badge badge-${kind}`}>{children}</span>;
}

/**
 * A wide table that scrolls sideways on a narrow screen: the scrolling region is focusable and
 * named, so keyboard users can scroll it too (WCAG 2.1.1).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard
    <section className="table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

/**
 * A list page's table: loading, a load error, the "none" line, the table (named, with a hidden
 * caption) and, when there is a next page, the button that asks for it.
 */
export function ListTable<T>({
  list,
  title,
  none,
  testId,
  head,
  row,
  onNext,
}: {
  list: { loading: boolean; error?: unknown; data?: { items: T[]; nextCursor?: string | null } | undefined };
  title: string;
  none: string;
  testId: string;
  head: ReactNode;
  row: (item: T) => ReactNode;
  onNext?: (cursor: string) => void;
}) {
  const { t } = useI18n();
  const next = list.data?.nextCursor;
  return (
    <>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="muted">{none}</p>
        ) : (
          <TableScroll label={title}>
            <table data-testid={testId}>
              <caption className="sr-only">{title}</caption>
              <thead>
                <tr>{head}</tr>
              </thead>
              <tbody>{list.data.items.map(row)}</tbody>
            </table>
          </TableScroll>
        )
      ) : null}
      {next && onNext ? (
        <button type="button" onClick={() => onNext(next)}>
          {t('common.next')}
        </button>
      ) : null}
    </>
  );
}
