/** Shared pieces of the benchmarks: RSS sampling, percentiles, machine description, a table. */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execSync } from 'node:child_process';

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The java process DynamoDB Local runs in, under the runtime's watchdog shell. */
export function javaPid(runtimePid: number): number | undefined {
  try {
    const out = execSync(`pgrep -f "DynamoDBLocal.jar" -a`, { encoding: 'utf8' });
    const pids = out
      .trim()
      .split('\n')
      .map((l) => Number(l.split(' ')[0]));
    return pids.find((p) => {
      try {
        const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1]);
        const gppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${ppid}/status`, 'utf8'))?.[1]);
        return gppid === runtimePid;
      } catch {
        return false;
      }
    });
  } catch {
    return undefined;
  }
}

/** The runtime's SQS/S3 server child process. */
export function awsServerPid(runtimePid: number): number | undefined {
  try {
    const out = execSync(`pgrep -P ${runtimePid} -f aws-server-process`, { encoding: 'utf8' }).trim();
    return out ? Number(out.split('\n')[0]) : undefined;
  } catch {
    return undefined;
  }
}

export function peakSampler(pids: () => number[], everyMs = 200) {
  const peaks = new Map<number, number>();
  const timer = setInterval(() => {
    for (const pid of pids()) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, rssMb(pid)));
  }, everyMs);
  return { stop: () => (clearInterval(timer), peaks) };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export function printTable(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

/**
 * A horizontal bar chart in plain text, so a benchmark's figures read at a glance in a terminal
 * and paste into docs/benchmarks.md as they are. Bars share one scale; `mark` draws a target line.
 */
export function printBars(
  title: string,
  rows: [string, number][],
  opts: { unit: string; width?: number; mark?: { at: number; label: string } },
): string {
  const width = opts.width ?? 50;
  const max = Math.max(...rows.map(([, v]) => v), opts.mark?.at ?? 0);
  const scale = (v: number) => (max > 0 ? Math.round((v / max) * width) : 0);
  const labelWidth = Math.max(...rows.map(([k]) => k.length));
  const lines = [title];
  for (const [k, v] of rows) {
    const n = scale(v);
    const bar = '█'.repeat(n) + ' '.repeat(width - n);
    const withMark = opts.mark
      ? bar.slice(0, scale(opts.mark.at)) + (bar[scale(opts.mark.at)] === '█' ? '▓' : '│') + bar.slice(scale(opts.mark.at) + 1)
      : bar;
    lines.push(`  ${k.padEnd(labelWidth)} ${withMark} ${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${opts.unit}`);
  }
  if (opts.mark) lines.push(`  ${' '.repeat(labelWidth)} ${' '.repeat(scale(opts.mark.at))}└ ${opts.mark.label}`);
  const text = lines.join('\n');
  console.log(`\n${text}`);
  return text;
}
