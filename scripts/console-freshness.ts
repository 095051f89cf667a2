/**
 * Whether console/dist is the build of the console's sources as they are now: the build writes
 * a hash of the sources (and of the lock file, for the versions it was built with) beside it, and
 * `npm start` and the CDK app compare it with the sources' hash today. A newcomer's `npm ci &&
 * npm start` and `npx cdk synth` build the console when it is missing or out of date, so nobody
 * has to know about `npm run build:console`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const STAMP_FILE = '.source-hash';

/** What the build reads: the console's own files (not its tests or output) and the lock file. */
function sourceFiles(root: string): string[] {
  const consoleDir = join(root, 'console');
  const files: string[] = [join(root, 'package-lock.json')];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!['dist', 'test', 'node_modules'].includes(name)) walk(path);
      } else files.push(path);
    }
  };
  walk(consoleDir);
  return files;
}

/** A hash of every file the console's build reads, names included. */
export function consoleSourceHash(root: string): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(root)) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export type ConsoleState = 'fresh' | 'missing' | 'stale';

export function consoleState(root: string): ConsoleState {
  const dist = join(root, 'console', 'dist');
  if (!existsSync(join(dist, 'index.html'))) return 'missing';
  const stamp = join(dist, STAMP_FILE);
  if (!existsSync(stamp)) return 'stale';
  return readFileSync(stamp, 'utf8').trim() === consoleSourceHash(root) ? 'fresh' : 'stale';
}
