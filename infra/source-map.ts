/**
 * A function's source map trimmed to the repository's own code. Deployed functions run with
 * `--enable-source-maps`, and at init Node reads and parses the bundle's whole `index.mjs.map`,
 * whose mappings are mostly for bundled dependencies (AWS SDK, zod, Powertools; in the report
 * builder exceljs, pdfkit and fontkit too): that parse cost the report builder about 200 CPU ms of
 * its init. Stack traces need our own sources mapped, so every other segment is dropped.
 *
 * The trade-off: a frame inside a dependency is no longer mapped to that package's file; it shows
 * its place in the minified bundle (`index.mjs:LINE:COLUMN`) instead. So that such a frame is not
 * attributed to our code before it, a run of dropped segments leaves one unmapped segment (a
 * column alone) where it began: Node takes the nearest segment at or before a position, across
 * lines, and an unmapped one makes it print the generated position.
 *
 * Run as a script (`node infra/source-map.ts FILE.map…` on Node 22, or with `--import tsx`) it rewrites the files in
 * place: the afterBundling hook of every function (infra/constructs/service-function.ts) does.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

/** A source map (version 3) as esbuild writes it; other fields are kept as they are. */
export interface RawSourceMap {
  readonly version: 3;
  readonly file?: string;
  readonly sourceRoot?: string;
  readonly sources: readonly (string | null)[];
  readonly sourcesContent?: readonly (string | null)[];
  readonly names: readonly string[];
  readonly mappings: string;
  readonly ignoreList?: readonly number[];
}

/** A source in a dependency: any path through a `node_modules` folder. */
export const isDependencySource = (source: string | null): boolean => source !== null && /(^|[/\\])node_modules[/\\]/.test(source);

/**
 * `map` with only the segments whose source is our own code (not under `node_modules/`), `sources`
 * (and `sourcesContent`, `ignoreList`) without the others and `names` without those no longer
 * used, the kept segments re-indexed to match.
 */
export function ownSourcesOnly(map: RawSourceMap): RawSourceMap {
  const sourceIndex = new Map<number, number>();
  const sources: (string | null)[] = [];
  map.sources.forEach((source, i) => {
    if (isDependencySource(source)) return;
    sourceIndex.set(i, sources.length);
    sources.push(source);
  });

  const nameIndex = new Map<number, number>();
  const names: string[] = [];
  const nameOf = (i: number) => {
    let n = nameIndex.get(i);
    if (n === undefined) {
      n = names.push(map.names[i] ?? '') - 1;
      nameIndex.set(i, n);
    }
    return n;
  };

  // Whether the last segment kept (on this line or an earlier one) maps to a source.
  let mapped = false;
  const mappings = decode(map.mappings).map((line) => {
    const kept: SourceMapSegment[] = [];
    for (const segment of line) {
      const source = segment.length === 1 ? undefined : sourceIndex.get(segment[1]);
      if (segment.length === 1 || source === undefined) {
        if (mapped) kept.push([segment[0]]);
        mapped = false;
      } else {
        kept.push(
          segment.length === 5
            ? [segment[0], source, segment[2], segment[3], nameOf(segment[4])]
            : [segment[0], source, segment[2], segment[3]],
        );
        mapped = true;
      }
    }
    return kept;
  });
  // Node's parser (22) reads a column alone at the very end of `mappings` as mapped to the source
  // before it; an empty line after it (a trailing `;`) ends it as unmapped.
  if (mappings.at(-1)?.at(-1)?.length === 1) mappings.push([]);

  const keptIndexes = [...sourceIndex.keys()];
  return {
    ...map,
    sources,
    names,
    mappings: encode(mappings),
    ...(map.sourcesContent ? { sourcesContent: keptIndexes.map((i) => map.sourcesContent?.[i] ?? null) } : {}),
    ...(map.ignoreList ? { ignoreList: map.ignoreList.flatMap((i) => sourceIndex.get(i) ?? []) } : {}),
  };
}

/** Rewrites the source map at `path` with {@link ownSourcesOnly}. */
export function trimSourceMapFile(path: string): void {
  const map = JSON.parse(readFileSync(path, 'utf8')) as RawSourceMap;
  writeFileSync(path, JSON.stringify(ownSourcesOnly(map)));
}

if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: node infra/source-map.ts FILE.map… (Node 22, or with --import tsx)');
  for (const file of files) trimSourceMapFile(file);
}
