/**
 * What each function's bundle carries: built the way `npm run synth` builds them (infra/bundling.ts),
 * all in one esbuild run with shared chunks (code generated once, not once per function), not
 * minified nor written, then read from the metafile: a function's bundle is its entry and every
 * chunk it reaches.
 * The renderers (exceljs, pdfkit and its font stack) belong to the report builder alone, the OpenAPI
 * generator to the function that serves the contract, and zod's translations to nobody: a barrel
 * import that drags them elsewhere costs every cold start of those functions (`npm run bench:init`).
 */
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, functionEntries } from '../../infra/bundling.ts';
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
    // users, ask the registry whom an enterprise user acts for.
    const matchingOnline = ['put-profile', 'get-profile', 'opportunities', 'fair-open', 'fair-register', 'fair-preferences', 'fair-agenda'];
    const lambda = carrying('@aws-sdk/client-lambda');
    expect(lambda.filter((name) => !name.startsWith('planning/') && !name.startsWith('intake/'))).toEqual(
      expect.arrayContaining(matchingOnline.map((h) => `matching/${h}`)),
    );
    expect(
      lambda.every(
        (name) => name.startsWith('planning/') || name.startsWith('intake/') || matchingOnline.some((h) => name === `matching/${h}`),
      ),
    ).toBe(true);
    expect(carrying('@aws-sdk/client-sesv2').every((name) => name.startsWith('notifications/'))).toBe(true);
    expect(carrying('@aws-sdk/client-sesv2').length).toBeGreaterThan(0);
    expect(carrying('@aws-sdk/client-sqs').length).toBeLessThan(entries.length / 2);
  });
});
