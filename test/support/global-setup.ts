import type { TestProject } from 'vitest/node';
import { startRuntimeProcess, type RuntimeInfo } from './runtime-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    runtime: RuntimeInfo;
  }
}

/** One in-memory runtime for the whole integration run, as the e2e layer prescribes. */
export default async function setup(project: TestProject) {
  const runtime = await startRuntimeProcess(['--in-memory']);
  project.provide('runtime', runtime.info);
  return async () => {
    const code = await runtime.stop();
    if (code !== 0) throw new Error(`local runtime exited with ${code} on SIGTERM:\n${runtime.stderr()}`);
  };
}
