/**
 * The console built behind the runtime: on a first start (or after the console's sources
 * changed) `npm start` builds console/dist in a child process while the API already answers, so
 * `npm ci && npm start` is the whole product. The page at `/` says it is being built and reloads
 * itself until it is there.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { consoleState, type ConsoleState } from '../../scripts/console-freshness.ts';

export type ConsoleStatus = 'ready' | 'building' | 'failed' | 'absent';

export interface ConsoleBuild {
  status(): ConsoleStatus;
  /** Settles when the build (if any) has ended: true when the console is there. */
  done: Promise<boolean>;
}

/** Build the console if it is missing or out of date (unless `build` is false); report as it goes. */
export function ensureConsole(root: string, opts: { build: boolean; log: (line: string) => void }): ConsoleBuild {
  const state: ConsoleState = consoleState(root);
  if (state === 'fresh') return { status: () => 'ready', done: Promise.resolve(true) };
  if (!opts.build) {
    const status: ConsoleStatus = state === 'missing' ? 'absent' : 'ready';
    return { status: () => status, done: Promise.resolve(state !== 'missing') };
  }
  let status: ConsoleStatus = 'building';
  const started = Date.now();
  opts.log(
    `building the console (${state === 'missing' ? 'first start' : 'its sources changed since the last build'}): ` +
      'about half a minute; the API answers meanwhile',
  );
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-console.ts'), '--no-typecheck'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const done = new Promise<boolean>((resolve) => {
    child.once('error', (error) => {
      status = 'failed';
      opts.log(`the console could not be built: ${error.message}`);
      resolve(false);
    });
    child.once('exit', (code) => {
      if (code === 0) {
        status = 'ready';
        opts.log(`console built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      } else {
        status = 'failed';
        const last = output.trim().split('\n').slice(-5).join(' | ');
        opts.log(`the console build failed (exit ${code}); run \`npm run build:console\` to see why. Last lines: ${last}`);
      }
      resolve(code === 0);
    });
  });
  // The runtime stopping must not wait for, nor orphan, a build.
  child.unref();
  process.once('exit', () => child.exitCode === null && child.kill());
  return { status: () => status, done };
}
