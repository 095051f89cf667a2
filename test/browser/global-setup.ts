/**
 * The browser tests' runtime: `npm start`'s, in memory, with its demo data (programmes, 2,000
 * enterprises), serving the built console — built here first if console/dist is missing (`npm test`
 * builds it before the tests run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, type RuntimeInfo, startRuntimeProcess } from '../support/runtime-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    consoleRuntime: RuntimeInfo;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(join(ROOT, 'console/dist/index.html')))
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-console.ts'], { cwd: ROOT, stdio: 'inherit' });
  const runtime = await startRuntimeProcess(['--in-memory'], 90_000, { fixtures: false, seed: true });
  project.provide('consoleRuntime', runtime.info);
  return async () => {
    const code = await runtime.stop();
    if (code !== 0) throw new Error(`local runtime exited with ${code} on SIGTERM:\n${runtime.stderr()}`);
  };
}
