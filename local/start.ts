/**
 * `npm start`: the whole system on this machine, no AWS account, no Docker.
 *
 *   npm start -- [--port 3000] [--in-memory] [--no-seed] [--data-dir .local/data]
 *                [--dynamodb-port N] [--aws-port N] [--verbose] [--extra-manifest path.ts]...
 *                [--demo-until YYYY-MM-DD] [--demo-applications N]
 *
 * On a first start (unless --no-seed) the demo data loads behind the ready API: each service's seed,
 * then the demo year (local/demo: `npm run demo` in a child process, its progress on this terminal),
 * once per data folder (`<data-dir>/demo-year-<Y>.json`; a start after an interrupted load resumes it).
 *
 * Prints one JSON line `{"ready": …}` on stdout when it is serving (tests and scripts read it),
 * then a human summary. Ctrl-C, SIGTERM or SIGHUP stops every server it started: the pollers
 * first, then the last snapshot of the in-memory queues and documents, then the servers — even
 * when the signal reached the whole process group (as Ctrl-C in a terminal does).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ServiceManifest } from '../shared/manifest.ts';
import { clockFromEnv, setClock } from '../shared/time/clock.ts';
import { services } from '../services/index.ts';
import { StartupError } from './runtime/ports.ts';
import { ensureConsole, type ConsoleBuild } from './runtime/console-build.ts';
import { startRuntime, type Runtime } from './runtime/runtime.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { systemClock } from '../shared/time/clock.ts';

const root = resolve(import.meta.dirname, '..');

const STOP_DEADLINE_MS = 30_000;

const HELP = `Usage: npm start -- [options]
  --port N            HTTP port (default 3000; 0 picks a free one)
  --in-memory         keep nothing on disk (tests, quick tries)
  --data-dir DIR      where data persists (default .local/data)
  --no-seed           do not load the demo data set (nor the demo year)
  --no-demo           the services' demo data only, not the demo year
  --demo-until DATE   the demo year up to DATE (default: today); --demo-applications N over a whole year
  --dynamodb-port N   DynamoDB Local port (default: a free port)
  --aws-port N        SQS/S3 port (default: a free port)
  --verbose           handler logs at INFO (default WARN)
  --extra-manifest F  also run the service described by manifest module F (test fixtures)
  --no-console-build  do not build a missing or out-of-date web console (tests)`;

async function main(): Promise<void> {
  // The lock file pins an SDK release that supports Node 20; its warning concerns later releases.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3000' },
      'in-memory': { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.local/data' },
      'no-seed': { type: 'boolean', default: false },
      'dynamodb-port': { type: 'string' },
      'aws-port': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'extra-manifest': { type: 'string', multiple: true, default: [] },
      'no-console-build': { type: 'boolean', default: false },
      'no-demo': { type: 'boolean', default: false },
      'demo-until': { type: 'string' },
      'demo-applications': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new StartupError(`--${name} must be a port number, got "${v}"`);
    return n;
  };

  const extra: ServiceManifest[] = [];
  for (const file of values['extra-manifest']) {
    const mod = (await import(pathToFileURL(resolve(file)).href)) as { manifest?: ServiceManifest };
    if (!mod.manifest) throw new StartupError(`${file} does not export a manifest`);
    extra.push(mod.manifest);
  }

  // TEST_NOW (local runs and tests only): the whole runtime lives on that day, running from there.
  let testClock: ReturnType<typeof clockFromEnv>;
  try {
    testClock = clockFromEnv();
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  if (testClock) {
    setClock(testClock);
    console.error(`[local] clock set by TEST_NOW: it is ${testClock.now().toISOString()} here`);
  }

  const consoleDir = resolve(root, 'console', 'dist');
  const dataDir = values['in-memory'] ? undefined : resolve(root, values['data-dir']);
  let stopping = false;
  let runtime: Runtime | undefined;
  let demo: ChildProcess | undefined;
  function stop(reason: string, code: number): void {
    if (stopping) return;
    stopping = true;
    // The demo year stops first (what it did so far is kept; the next start resumes it).
    if (demo && demo.exitCode === null) demo.kill('SIGTERM');
    console.error(`[local] ${reason}: stopping…`);
    // Each phase of stopping is bounded; this is the last resort if something hangs regardless.
    setTimeout(() => {
      console.error(`[local] not stopped after ${STOP_DEADLINE_MS / 1000} s: exiting anyway`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    // A server that dies during start-up fails startRuntime, which stops what it started.
    if (!runtime) return;
    runtime
      .stop()
      .then(() => {
        console.error('[local] stopped');
        process.exit(code);
      })
      .catch((error: unknown) => {
        console.error(`[local] error while stopping: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
  }

  // The console builds behind the API when it is missing or older than its sources.
  let consoleBuild: ConsoleBuild | undefined;
  runtime = await startRuntime({
    root,
    manifests: [...services, ...extra],
    port: port('port', values.port) ?? 3000,
    dataDir,
    ...(values['dynamodb-port'] ? { dynamoDbPort: port('dynamodb-port', values['dynamodb-port'])! } : {}),
    ...(values['aws-port'] ? { awsPort: port('aws-port', values['aws-port'])! } : {}),
    logLevel: values.verbose ? 'INFO' : 'WARN',
    seed: !values['no-seed'],
    consoleDir,
    consoleStatus: () => consoleBuild?.status() ?? 'absent',
    log: (line) => console.error(`[local] ${line}`),
    onServerExit: (message) => stop(message, 1),
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal, 0));

  // The demo year, behind the ready API, after the services' own demo data (it builds on them).
  if (!values['no-seed'] && !values['no-demo']) {
    const url = runtime.url;
    void runtime.seeded.then((ok) => {
      if (!ok || stopping) return;
      const args = ['--import', 'tsx', resolve(root, 'local/demo/cli.ts'), '--url', url];
      if (values['demo-until']) args.push('--until', values['demo-until']);
      if (values['demo-applications']) args.push('--applications', values['demo-applications']);
      demo = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      for (const stream of [demo.stdout!, demo.stderr!])
        createInterface({ input: stream }).on('line', (line) => console.error(line.startsWith('[demo]') ? line : `[demo] ${line}`));
      demo.once('exit', (code, signal) => {
        // A demo that died mid-day leaves the runtime's clock on that day: back to this run's own.
        setClock(testClock ?? systemClock);
        if (!stopping && code !== 0) console.error(`[demo] the demo year stopped (${signal ?? code}); the next start resumes it`);
      });
    });
  }

  consoleBuild = ensureConsole(root, { build: !values['no-console-build'], log: (line) => console.error(`[local] ${line}`) });
  console.log(JSON.stringify({ ready: { url: runtime.url, endpoints: runtime.endpoints, dataDir: dataDir ?? null } }));
  console.error(
    [
      '',
      `  SME support — local runtime ready`,
      consoleBuild.status() === 'absent'
        ? `  Console      not built (--no-console-build): run \`npm run build:console\`, then open ${runtime.url}/`
        : `  Console      ${runtime.url}/   (sign in: pick an agency, roles and, for a commune committee, its commune)${consoleBuild.status() === 'building' ? ' — being built, ready in about half a minute' : ''}`,
      `  API          ${runtime.url}   (health: ${runtime.url}/health, contract: ${runtime.url}/openapi.json)`,
      `  DynamoDB     ${runtime.endpoints.dynamodb}`,
      `  SQS + S3     ${runtime.endpoints.sqs}`,
      `  Data         ${dataDir ?? 'in memory (nothing is kept)'}`,
      `  Token        npm run token -- --agency so-cong-thuong --roles officer`,
      values['no-seed']
        ? `  Demo data    none (--no-seed)`
        : `  Demo data    a year of the scheme's work loads behind the API ([demo] lines below; \`npm run demo -- --help\`)`,
      `  Stop         Ctrl-C`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) console.error(`Cannot start: ${error.message}`);
  else console.error('Cannot start:', error);
  process.exit(1);
});
