/**
 * What each function's bundle carries: built the way `npm run synth` builds them (infra/bundling.ts),
 * all in one esbuild run with shared chunks (code generated once, not once per function), not
 * minified nor written, then read from the metafile: a function's bundle is its entry and every
 * chunk it reaches.
 * The renderers (exceljs, pdfkit and its font stack) belong to the report builder alone, the OpenAPI
 * generator to the function that serves the contract, and zod's translations to nobody: a barrel
 * import that drags them elsewhere costs every cold start of those functions (`npm run bench:init`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, esbuildOptions, functionEntries } from '../../infra/bundling.ts';
import type { RawSourceMap } from '../../infra/source-map.ts';
import { services } from '../../services/index.ts';

const entries = functionEntries(services);
let packagesOf: Map<string, Set<string>>;
let filesOf: Map<string, string[]>;

/** `node_modules/@scope/pkg/…` → `@scope/pkg`. */
const packageOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];

/**
 * The function serving the contract is built on its own: zod-to-openapi takes all of zod (its
 * translations too), and in a shared chunk that would look like every function's.
 */
const ALONE = 'platform/openapi';

async function bundle(of: typeof entries, options: { splitting: boolean } = { splitting: true }): Promise<Metafile['outputs']> {
  const result = await build({
    ...esbuildOptions(Object.fromEntries(of.map((f) => [`${f.name}/index`, f.entry]))),
    minify: false,
    sourcemap: false,
    ...options,
    write: false,
    metafile: true,
    outdir: 'cdk.out/bundles-test',
  });
  return result.metafile.outputs;
}

beforeAll(async () => {
  const [shared, alone] = await Promise.all([
    bundle(entries.filter((f) => f.name !== ALONE)),
    bundle(entries.filter((f) => f.name === ALONE)),
  ]);
  const outputs = { ...shared, ...alone };
  packagesOf = new Map();
  filesOf = new Map();
  for (const f of entries) {
    const entry = Object.keys(f.name === ALONE ? alone : shared).find((path) => path.endsWith(`${f.name}/index.mjs`));
    if (!entry) throw new Error(`no bundle for ${f.name}`);
    const reached = new Set([entry]);
    for (const out of reached) for (const i of outputs[out]!.imports) if (!i.external) reached.add(i.path);
    // A file the tree shaking left nothing of is listed too, with 0 bytes.
    const files = [...reached].flatMap((out) =>
      Object.entries(outputs[out]!.inputs)
        .filter(([, i]) => i.bytesInOutput > 0)
        .map(([path]) => path),
    );
    filesOf.set(f.name, files);
    packagesOf.set(f.name, new Set(files.map(packageOf).filter((p): p is string => p !== undefined)));
  }
});

/** The functions whose bundle has `pkg`. */
const carrying = (pkg: string) => entries.filter((f) => packagesOf.get(f.name)!.has(pkg)).map((f) => f.name);

describe('function bundles', () => {
  it('cover every function (routes, consumers, schedules, stream consumers, internal functions, relay, trigger)', () => {
    expect(entries.length).toBeGreaterThan(90);
    expect(entries.map((f) => f.name)).toEqual(
      expect.arrayContaining(['reporting/build-reports', 'reporting/events', 'platform/openapi', 'platform/outbox-relay']),
    );
  });

  it.each(['exceljs', 'pdfkit', 'fontkit'])('%s (a renderer) is in the report builder alone', (pkg) => {
    expect(carrying(pkg)).toEqual(['reporting/build-reports']);
  });

  it('the OpenAPI generator is only where the contract is served', () => {
    expect(carrying('@asteasolutions/zod-to-openapi')).toEqual(['platform/openapi']);
  });

  it("zod's translations stay out (import * as z from 'zod': only what is used is bundled), English messages aside", async () => {
    // Built apart, one bundle each (no shared chunk): a chunk shared with a function that takes
    // all of zod would look like every function's. One function per service is enough to catch a
    // `{ z }` import or a `z` passed around whole in shared code.
    const sample = services.map((m) => entries.find((f) => f.service === m.name && f.name !== ALONE)!);
    const outputs = await bundle(sample, { splitting: false });
    for (const f of sample) {
      const output = Object.entries(outputs).find(([path]) => path.endsWith(`${f.name}/index.mjs`))![1];
      const locales = Object.entries(output.inputs)
        .filter(([path, i]) => i.bytesInOutput > 0 && path.includes('zod/v4/locales/') && !path.endsWith('/en.js'))
        .map(([path]) => path);
      expect(locales, f.name).toEqual([]);
    }
  });

  it('the Lambda, SES and SQS clients are in the functions whose code uses them, not in every one', () => {
    // Planning invokes the registry's person refs; intake, and matching's routes open to enterprise
    // users, ask the registry whom an enterprise user acts for; notifications, whom to write to.
    const matchingOnline = ['put-profile', 'get-profile', 'opportunities', 'fair-open', 'fair-register', 'fair-preferences', 'fair-agenda'];
    const lambda = carrying('@aws-sdk/client-lambda');
    const others = [...matchingOnline.map((h) => `matching/${h}`), 'notifications/events', 'notifications/events-dead-letters'];
    expect(lambda.filter((name) => !name.startsWith('planning/') && !name.startsWith('intake/')).sort()).toEqual(others.sort());
    expect(carrying('@aws-sdk/client-sesv2').every((name) => name.startsWith('notifications/'))).toBe(true);
    expect(carrying('@aws-sdk/client-sesv2').length).toBeGreaterThan(0);
    expect(carrying('@aws-sdk/client-sqs').length).toBeLessThan(entries.length / 2);
  });
});

describe('source maps of built bundles', () => {
  // Minified, with source maps, written and trimmed (buildBundles), as a synth's afterBundling hook
  // leaves them: a small function and a fixture that fails in our code, called by ours or by zod's.
  const FIXTURE = new URL('./fixtures/bundle-error/main.ts', import.meta.url).pathname;
  const outdir = mkdtempSync(join(tmpdir(), 'bundles-test-'));
  const health = entries.find((f) => f.name === 'platform/health')!;
  beforeAll(async () => {
    await buildBundles({ ...esbuildOptions({ 'health/index': health.entry, 'fixture/index': FIXTURE }), outdir });
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const mapOf = (name: string) => JSON.parse(readFileSync(join(outdir, name, 'index.mjs.map'), 'utf8')) as RawSourceMap;
  const run = (arg: string) =>
    spawnSync(process.execPath, ['--enable-source-maps', join(outdir, 'fixture/index.mjs'), arg], { encoding: 'utf8', timeout: 30_000 });

  it.each(['health', 'fixture'])('%s: the map lists our own sources only', (name) => {
    const { sources } = mapOf(name);
    expect(sources.filter((s) => s?.includes('node_modules/'))).toEqual([]);
    expect(sources.some((s) => s?.endsWith('.ts'))).toBe(true);
  });

  it('an error thrown in our code shows its .ts file and line under --enable-source-maps', () => {
    const { status, stderr } = run('own');
    expect(status).not.toBe(0);
    expect(stderr).toContain('no one to greet');
    expect(stderr).toMatch(/test\/infra\/fixtures\/bundle-error\/main\.ts:13:\d+/);
  });

  it("through a dependency's code, our frames show their .ts files and the dependency's its place in the bundle", () => {
    const { status, stderr } = run('through-dependency');
    expect(status).not.toBe(0);
    const frames = stderr.split('\n').filter((l) => l.trimStart().startsWith('at '));
    expect(frames[0]).toMatch(/bundle-error\/main\.ts:8:\d+/);
    expect(frames.some((f) => f.includes('fixture/index.mjs:'))).toBe(true);
    expect(frames.some((f) => /bundle-error\/main\.ts:14:\d+/.test(f))).toBe(true);
    expect(stderr).not.toContain('node_modules');
  });
});
