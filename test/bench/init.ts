/**
 * Function init benchmark: builds every deployed function's bundle the way `npm run synth` does
 * (the same esbuild options, infra/bundling.ts), then measures each function's init time — a
 * fresh `node` process importing the bundle (`node index.mjs`: module evaluation, the handler's
 * composition root, no invocation) — against bare node (`node -e 0`) in the same run. Runs are
 * interleaved (bare, every function, bare, …) so a change in the machine's load hits all alike.
 *
 * The child gets the env the local runtime gives handlers (table names, queue URLs, dummy
 * endpoints; nothing is called) and the NODE_OPTIONS a deployed function has
 * (`--enable-source-maps`), so a bundle's source map (trimmed to our own sources, as deployed) is
 * read as in Lambda.
 *
 * Prints per function: bundle size, median init wall time and CPU time (user + sys of the child),
 * and the ratio of the median wall time to bare node's, written `N × bare` (the target's measure),
 * with the same ratio of CPU times beside it: on a shared machine wall time is mostly waiting for a
 * core, and the CPU ratio is the steadier figure. Target: ≤ 2 × bare,
 * ≤ 3 × for the report builder (reporting/build-reports). Exits non-zero when one misses.
 *
 * `--profile DIR` also runs each function once under `node --cpu-prof` (same env), writing
 * `<function>.cpuprofile` files into DIR for test/bench/cpu-profile.ts.
 *
 *   npx tsx test/bench/init.ts [--runs 9] [--filter reporting] [--keep] [--profile DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundles, esbuildOptions, functionEntries, type FunctionEntry } from '../../infra/bundling.ts';
import { AUTHORIZER_ENTRY, RELAY_ENTRY } from '../../infra/paths.ts';
import { AUTHORIZER_ENV } from '../../shared/auth/authorizer.ts';
import { handlerEnv } from '../../local/runtime/runtime.ts';
import { services } from '../../services/index.ts';
import { envNames } from '../../shared/manifest.ts';
import { machine } from './support.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '9' },
    filter: { type: 'string' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const RUNS = Number(values.runs);

/** Functions allowed 3 × bare (they load the renderers); the rest 2 ×. */
const HEAVY = new Set(['reporting/build-reports']);
const targetOf = (name: string) => (HEAVY.has(name) ? 3 : 2);

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const entries = functionEntries(services).filter((f) => !values.filter || f.name.includes(values.filter));
const outdir = mkdtempSync(join(tmpdir(), 'bench-init-'));
console.log(`${machine()}; load average at start ${load()}`);
console.log(`Bundling ${entries.length} functions into ${outdir} …`);
// Source maps trimmed to our own sources, as a synth's afterBundling hook leaves them.
const built = await buildBundles({
  ...esbuildOptions(Object.fromEntries(entries.map((f) => [`${f.name}/index`, f.entry]))),
  outdir,
});
if (built.errors.length) throw new Error(built.errors.map((e) => e.text).join('\n'));
const bundleOf = (name: string) => join(outdir, name, 'index.mjs');

// The env handlers get locally, with placeholders for what the runtime would provision.
const env = {
  ...process.env,
  ...handlerEnv(
    { dynamodb: 'http://127.0.0.1:9', sqs: 'http://127.0.0.1:9', s3: 'http://127.0.0.1:9', api: 'http://127.0.0.1:9' },
    services,
    {
      tables: [],
      outboxTables: [],
      relayDlqs: new Map(services.map((m) => [m.name, `http://127.0.0.1:9/000000000000/${m.name}-relay-dlq`])),
      bucket: 'bench-init',
      queues: services.flatMap((m) =>
        m.consumers.map((c) => ({
          service: m.name,
          consumer: c.name,
          name: `${m.name}-${c.name}`,
          url: `http://127.0.0.1:9/000000000000/${m.name}-${c.name}`,
          dlqName: `${m.name}-${c.name}-dlq`,
          dlqUrl: `http://127.0.0.1:9/000000000000/${m.name}-${c.name}-dlq`,
        })),
      ),
      streamConsumers: services.flatMap((m) =>
        (m.streamConsumers ?? []).map((sc) => ({
          service: m.name,
          consumer: sc.name,
          table: sc.table,
          dlqUrl: `http://127.0.0.1:9/000000000000/${m.name}-${sc.name}-dlq`,
        })),
      ),
    },
    'WARN',
  ),
  NODE_OPTIONS: '--enable-source-maps',
};

/** What CDK sets on one function beyond the shared names: its service name; on a relay its routes and DLQ. */
function functionEnv(f: FunctionEntry): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: f.service,
    ...(f.entry === RELAY_ENTRY
      ? { [envNames.outboxRoutes]: '{}', [envNames.outboxRelayDlqUrl]: 'http://127.0.0.1:9/000000000000/relay-dlq' }
      : {}),
    // The authorizer reads its pools at init, as the stack sets them.
    ...(f.entry === AUTHORIZER_ENTRY
      ? {
          [AUTHORIZER_ENV.staffIssuer]: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_staff',
          [AUTHORIZER_ENV.staffClientIds]: 'staff-console',
          [AUTHORIZER_ENV.enterpriseIssuer]: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_enterprises',
          [AUTHORIZER_ENV.enterpriseClientIds]: 'enterprise-console',
        }
      : {}),
  };
}

interface Sample {
  wall: number;
  cpu: number;
}

/** One fresh process: wall and CPU (user + sys) time in ms, as bash's `time` reads them from wait4. */
function run(args: string[], extraEnv: Record<string, string> = {}): Sample {
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%3R %3U %3S"; time "$0" "$@" >/dev/null', process.execPath, ...args], {
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`node ${args.join(' ')} failed (status ${r.status}):\n${r.stderr}`);
  return { wall: Number(m[1]) * 1000, cpu: (Number(m[2]) + Number(m[3])) * 1000 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const samples = new Map<string, Sample[]>([['bare', []], ...entries.map((f) => [f.name, []] as [string, Sample[]])]);
run(['-e', '0']); // the first process of a run pays for the disk cache
for (let i = 0; i < RUNS; i++) {
  samples.get('bare')!.push(run(['-e', '0']));
  for (const f of entries) samples.get(f.name)!.push(run([bundleOf(f.name)], functionEnv(f)));
  process.stdout.write(`  run ${i + 1}/${RUNS} done (load ${load()})\n`);
}

if (values.profile) {
  mkdirSync(values.profile, { recursive: true });
  for (const f of entries) {
    const name = `${f.name.replace('/', '--')}.cpuprofile`;
    run(
      ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', values.profile, '--cpu-prof-name', name, bundleOf(f.name)],
      functionEnv(f),
    );
  }
  console.log(`  CPU profiles in ${values.profile} (npx tsx test/bench/cpu-profile.ts ${values.profile})`);
}

const bare = samples.get('bare')!;
const bareWall = median(bare.map((s) => s.wall));
const bareCpu = median(bare.map((s) => s.cpu));
const rows = entries.map((f) => {
  const s = samples.get(f.name)!;
  const wall = median(s.map((x) => x.wall));
  const cpu = median(s.map((x) => x.cpu));
  return { name: f.name, bytes: statSync(bundleOf(f.name)).size, wall, cpu, ratio: wall / bareWall, target: targetOf(f.name) };
});

const header = ['function', 'bundle', 'init ms', 'CPU ms', 'init ÷ bare', 'CPU ÷ bare', 'target'];
const table = [
  header,
  ['bare node (`node -e 0`)', '', bareWall.toFixed(0), bareCpu.toFixed(0), '1.00 × bare', '1.00 ×', ''],
  ...rows.map((r) => [
    r.name,
    `${(r.bytes / 1024).toFixed(0)} KiB`,
    r.wall.toFixed(0),
    r.cpu.toFixed(0),
    `${r.ratio.toFixed(2)} × bare`,
    `${(r.cpu / bareCpu).toFixed(2)} ×`,
    `≤ ${r.target} ×${r.ratio <= r.target ? '' : ' MISSED'}`,
  ]),
];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
const line = (row: string[]) => `| ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
console.log(`\nInit time, median of ${RUNS} fresh processes each (NODE_OPTIONS=--enable-source-maps); load average at end ${load()}\n`);
console.log(line(table[0]!));
console.log(`| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
for (const row of table.slice(1)) console.log(line(row));

const missed = rows.filter((r) => r.ratio > r.target);
const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
console.log(
  `\n${rows.length} functions; largest bundle ${(Math.max(...rows.map((r) => r.bytes)) / 1024).toFixed(0)} KiB; ` +
    `slowest ${worst.name} at ${worst.ratio.toFixed(2)} × bare; ${missed.length ? `${missed.length} MISSED their target` : 'every target met'}`,
);
if (!values.keep) rmSync(outdir, { recursive: true, force: true });
if (missed.length) process.exitCode = 1;
