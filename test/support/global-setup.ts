import type { TestProject } from 'vitest/node';
import { startRuntimeProcess, type RuntimeInfo } from './runtime-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    runtime: RuntimeInfo;
  }
}

/** One in-memory runtime for the whole integration run, as the e2e layer prescribes. */
export default async function setup(project: TestProject) {
  // Rows whose eventId starts with "fault:" make their import chunk fail every attempt (the
  // registry's dead-letter path, test/e2e/registry-import-recovery.test.ts); never set outside tests.
  process.env.REGISTRY_IMPORT_TEST_FAULTS = 'on';
  // A loaded machine (CI, or several runs at once) can take more than a minute to bring the servers up.
  const runtime = await startRuntimeProcess(['--in-memory'], 180_000);
  project.provide('runtime', runtime.info);
  return async () => {
    const code = await runtime.stop();
    if (code !== 0) throw new Error(`local runtime exited with ${code} on SIGTERM:\n${runtime.stderr()}`);
  };
}
