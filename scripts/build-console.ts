/**
 * `npm run build:console`: the web console's production build, in three steps that each stop it
 * on failure — (1) the API types generated from the contract the API serves (the same document as
 * `/openapi.json`) by openapi-typescript, (2) a type-check, so a contract change that breaks a
 * page breaks the build, (3) Vite's build to console/dist. Then it prints the gzip size of the
 * first load (the entry and what it imports) and of each page's chunk.
 *
 * `--no-typecheck` skips step 2: `npm start` and the CDK app build a missing or out-of-date
 * console that way (scripts/console-freshness.ts); `npm test` runs the whole build.
 * The build stamps console/dist with the hash of the sources it was built from; `--if-stale` builds
 * only when that hash differs from the sources' (`npm ci` runs it as `prepare`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { services } from '../services/index.ts';
import { buildOpenApi } from '../shared/http/openapi.ts';
import { consoleSourceHash, consoleState, STAMP_FILE } from './console-freshness.ts';

const root = resolve(import.meta.dirname, '..');
const consoleDir = join(root, 'console');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

if (process.argv.includes('--if-stale') && consoleState(root) === 'fresh') {
  console.log('console/dist is up to date with its sources');
  process.exit(0);
}

// 1. Types from the contract.
const tmp = mkdtempSync(join(tmpdir(), 'console-openapi-'));
const docFile = join(tmp, 'openapi.json');
writeFileSync(docFile, JSON.stringify(buildOpenApi(services, { version: '1.0.0' })));
run(bin('openapi-typescript'), [docFile, '--output', join(consoleDir, 'src/api/schema.d.ts'), '--silent']);
rmSync(tmp, { recursive: true, force: true });

// 2. Type-check the console against them.
if (!process.argv.includes('--no-typecheck')) run(bin('tsc'), ['--noEmit', '-p', join(consoleDir, 'tsconfig.json')]);

// 3. Build.
run(bin('vite'), ['build', '--config', join(consoleDir, 'vite.config.ts'), '--logLevel', 'warn']);
writeFileSync(join(consoleDir, 'dist', STAMP_FILE), `${consoleSourceHash(root)}\n`);

interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  css?: string[];
}
const manifest = JSON.parse(readFileSync(join(consoleDir, 'dist/.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
const gz = (file: string) => gzipSync(readFileSync(join(consoleDir, 'dist', file)), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** A chunk and every chunk it imports statically: what must load before it runs. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const k of manifest[key]?.imports ?? []) closure(k, seen);
  return seen;
}
const jsOf = (keys: Set<string>) => [...keys].map((k) => manifest[k]!.file);
const cssOf = (keys: Set<string>) => [...keys].flatMap((k) => manifest[k]!.css ?? []);

const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
const first = closure(entryKey);
const firstJs = jsOf(first).reduce((s, f) => s + gz(f), 0);
const firstCss = cssOf(first).reduce((s, f) => s + gz(f), 0);
const rows: [string, string, string][] = [['first load (shell, sign-in)', kb(firstJs), kb(firstCss)]];
for (const [key, chunk] of Object.entries(manifest)) {
  if (!chunk.isDynamicEntry) continue;
  const extra = [...closure(key)].filter((k) => !first.has(k));
  const js = extra.reduce((s, k) => s + gz(manifest[k]!.file), 0);
  const css = extra.flatMap((k) => manifest[k]!.css ?? []).reduce((s, f) => s + gz(f), 0);
  rows.push([`+ ${chunk.src?.replace(/^src\/pages\//, '').replace(/\.tsx$/, '') ?? key}`, kb(js), kb(css)]);
}
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\nconsole/dist — gzip sizes (level 9)\n${'chunk'.padEnd(width)}  ${'JS'.padStart(9)}  ${'CSS'.padStart(8)}`);
for (const [name, js, css] of rows) console.log(`${name.padEnd(width)}  ${js.padStart(9)}  ${css.padStart(8)}`);
const budget = 300 * 1024;
console.log(`first load JS ${kb(firstJs)} of the ${kb(budget)} budget${firstJs > budget ? ' — OVER BUDGET' : ''}`);
if (firstJs > budget) process.exit(1);
