/**
 * How every Lambda function is bundled, in one place: {@link ServiceFunction} hands these options
 * to NodejsFunction, and `npm run bench:init` and the bundle test (test/infra/bundles.test.ts)
 * build the very same bundles with esbuild directly, without a synth. {@link functionEntries}
 * lists what is bundled: one entry per function the stacks deploy.
 */
import path from 'node:path';
import type { BuildOptions, BuildResult, Metafile } from 'esbuild';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { handlerPath, hasOutbox, type ServiceManifest } from '../shared/manifest.ts';
import { AUTHORIZER_ENTRY, ENTERPRISE_PRE_TOKEN_GENERATION_ENTRY, PRE_TOKEN_GENERATION_ENTRY, RELAY_ENTRY } from './paths.ts';
import { trimSourceMapFile } from './source-map.ts';

/**
 * ESM bundles have no `require`, yet some CommonJS dependencies bundled into them call it for
 * Node built-ins; esbuild's shim then throws "Dynamic require is not supported".
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as topLevelCreateRequire } from 'node:module'; const require = topLevelCreateRequire(import.meta.url);";

/** The bundling options of every function (NodejsFunction's `bundling`, without the hooks: infra/constructs/service-function.ts). */
export const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  // Stack traces need the mappings, not a second copy of every source file.
  sourcesContent: false,
  // Prefer the ESM builds of dependencies: esbuild can tree-shake them.
  mainFields: ['module', 'main'],
  // Bundle AWS SDK v3 too: each function ships only the clients it imports, at the version
  // the lock file pins, instead of whatever the runtime happens to carry.
  externalModules: [],
  banner: ESM_REQUIRE_BANNER,
} as const satisfies BundlingOptions;

/** {@link BUNDLING} as esbuild options, as NodejsFunction passes them to esbuild (it writes `index.mjs`). */
export function esbuildOptions(entryPoints: BuildOptions['entryPoints']): BuildOptions {
  return {
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    mainFields: [...BUNDLING.mainFields],
    external: [...BUNDLING.externalModules],
    banner: { js: BUNDLING.banner },
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  };
}

/**
 * esbuild's build of `options` (from {@link esbuildOptions}), written to disk, then each source map
 * it wrote trimmed to our own sources (infra/source-map.ts), as every function's afterBundling hook
 * does in a synth: what is measured or tested is what is deployed.
 */
export async function buildBundles(options: BuildOptions): Promise<BuildResult & { metafile: Metafile }> {
  if (options.write === false) throw new Error('buildBundles trims the source maps it writes: write must not be false');
  const { build } = await import('esbuild');
  const result = await build({ ...options, metafile: true });
  const cwd = options.absWorkingDir ?? process.cwd();
  for (const out of Object.keys(result.metafile.outputs)) if (out.endsWith('.map')) trimSourceMapFile(path.resolve(cwd, out));
  return result;
}

export interface FunctionEntry {
  /** `<service>/<function>`: a route by its handler's file name, the rest by their manifest name. */
  readonly name: string;
  readonly service: string;
  /** Absolute path of the handler module. */
  readonly entry: string;
}

const baseName = (handler: string) => handler.replace(/^.*\//, '').replace(/\.handler\.ts$/, '');

/**
 * One entry per deployed function: routes, consumers (and their dead-letter consumers), schedules,
 * stream consumers, internal functions, the outbox relay of each service that has one, and the
 * Cognito trigger. Functions that share a handler module (the report schedules) are one entry.
 */
export function functionEntries(manifests: readonly ServiceManifest[]): FunctionEntry[] {
  const byEntry = new Map<string, FunctionEntry>();
  const add = (service: string, name: string, entry: string) => {
    if (!byEntry.has(entry)) byEntry.set(entry, { name: `${service}/${name}`, service, entry });
  };
  for (const m of manifests) {
    for (const r of m.routes) add(m.name, baseName(r.handler), handlerPath(m, r.handler));
    for (const spec of [...m.consumers, ...m.schedules, ...(m.streamConsumers ?? []), ...(m.functions ?? [])]) {
      add(m.name, spec.name, handlerPath(m, spec.handler));
    }
    for (const c of m.consumers) if (c.deadLetters) add(m.name, `${c.name}-dead-letters`, handlerPath(m, c.deadLetters.handler));
    if (hasOutbox(m)) add('platform', 'outbox-relay', RELAY_ENTRY);
  }
  add('platform', 'pre-token-generation', PRE_TOKEN_GENERATION_ENTRY);
  add('platform', 'enterprise-pre-token-generation', ENTERPRISE_PRE_TOKEN_GENERATION_ENTRY);
  add('platform', 'authorizer', AUTHORIZER_ENTRY);
  return [...byEntry.values()];
}
