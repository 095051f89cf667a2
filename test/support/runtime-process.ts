/**
 * Starts `npm start`'s runtime as a child process (exactly what a newcomer runs) and waits for
 * its `{"ready": …}` line. Used by the integration global setup and by tests that need a runtime
 * of their own (persistence across restarts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const WIRING_MANIFEST = 'test/fixtures/wiring/manifest.ts';

export interface RuntimeInfo {
  url: string;
  endpoints: { dynamodb: string; sqs: string; s3: string };
  dataDir: string | null;
}

export interface RuntimeProcess {
  info: RuntimeInfo;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Signal the runtime's whole process group, as Ctrl-C in a terminal does (needs `detached`). */
  stopGroup(signal: NodeJS.Signals): Promise<number | null>;
  stderr(): string;
}

export async function startRuntimeProcess(
  args: string[],
  timeoutMs = 60_000,
  opts: {
    fixtures?: boolean;
    detached?: boolean;
    npm?: boolean;
    seed?: boolean;
    onSpawn?: (child: ChildProcess) => void;
    /** Options for node itself (not `npm`), e.g. `--cpu-prof` for a benchmark's profile of the runtime. */
    nodeArgs?: string[];
  } = {},
): Promise<RuntimeProcess> {
  const fixtures = (opts.fixtures ?? true) ? ['--extra-manifest', WIRING_MANIFEST] : [];
  // Tests never build the console behind the runtime: `npm test` builds it once before them.
  // Seeded runtimes get the services' demo data, not the demo year (it moves the runtime's clock for minutes).
  const startArgs = ['--port', '0', '--no-console-build', ...(opts.seed ? ['--no-demo'] : ['--no-seed']), ...fixtures, ...args];
  // `npm start` itself (npm, its shell, then node) when the test is about what a newcomer's terminal sees.
  const [command, commandArgs] = opts.npm
    ? ['npm', ['start', '--silent', '--', ...startArgs]]
    : [process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'local/start.ts', ...startArgs]];
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    detached: opts.detached ?? false,
  });
  opts.onSpawn?.(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const info = await new Promise<RuntimeInfo>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime not ready within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    void exited.then((code) => reject(new Error(`runtime exited (${code}) before ready:\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{"ready"')) return;
      clearTimeout(timer);
      resolvePromise((JSON.parse(line) as { ready: RuntimeInfo }).ready);
    });
  });

  return {
    info,
    child,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    stopGroup: async (signal) => {
      if (child.exitCode === null) process.kill(-child.pid!, signal);
      return exited;
    },
  };
}
