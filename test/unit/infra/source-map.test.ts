import { SourceMap } from 'node:module';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { describe, expect, it } from 'vitest';
import { ownSourcesOnly, type RawSourceMap } from '../../../infra/source-map.ts';

const ZOD = '../../node_modules/zod/v4/core/core.js';

/** Our code and zod's interleaved on one generated line, and a second line that starts in zod's. */
const map: RawSourceMap = {
  version: 3,
  sources: [ZOD, '../../services/intake/handler.ts', '../../shared/http/errors.ts'],
  names: ['parse', 'handler', 'toProblem'],
  mappings: encode([
    [
      [0, 1, 4, 2, 1], // handler.ts 5:3, named `handler`
      [10, 0, 40, 0, 0], // zod's `parse`
      [20, 1, 6, 4], // handler.ts 7:5
    ],
    [
      [0, 0, 41, 2], // zod's, again
      [5, 2, 9, 0, 2], // errors.ts 10:1, named `toProblem`
      [9], // unmapped already
      [12, 0, 42, 0],
    ],
  ]),
};

describe('ownSourcesOnly', () => {
  const trimmed = ownSourcesOnly(map);

  it('lists only our own sources, and the names they still use', () => {
    expect(trimmed.sources).toEqual(['../../services/intake/handler.ts', '../../shared/http/errors.ts']);
    expect(trimmed.names).toEqual(['handler', 'toProblem']);
    expect(trimmed.version).toBe(3);
  });

  it("keeps our segments at their places, re-indexed, and leaves one unmapped column where a dependency's code begins", () => {
    expect(decode(trimmed.mappings)).toEqual([
      [[0, 0, 4, 2, 0], [10], [20, 0, 6, 4]],
      [[0], [5, 1, 9, 0, 1], [9]],
      // Else Node would read the last [9] as mapped (see ownSourcesOnly).
      [],
    ]);
  });

  it("maps our code as before for Node, and a dependency's to no source (the frame keeps its bundle position)", () => {
    const before = new SourceMap(map as never);
    const after = new SourceMap(trimmed as never);
    for (const [line, column] of [
      [0, 3],
      [0, 25],
      [1, 6],
    ] as const) {
      expect(after.findEntry(line, column), `${line}:${column}`).toEqual(before.findEntry(line, column));
    }
    for (const [line, column] of [
      [0, 12],
      [1, 2],
      [1, 13],
    ] as const) {
      expect(after.findEntry(line, column), `${line}:${column}`).not.toHaveProperty('originalSource', expect.anything());
      expect(before.findEntry(line, column), `${line}:${column}`).toHaveProperty('originalSource', expect.stringContaining('node_modules'));
    }
  });

  it('keeps sourcesContent and ignoreList in step with sources, when a map has them', () => {
    const withContent = ownSourcesOnly({ ...map, sourcesContent: ['zod', 'handler', 'errors'], ignoreList: [0, 2] });
    expect(withContent.sourcesContent).toEqual(['handler', 'errors']);
    expect(withContent.ignoreList).toEqual([1]);
  });
});
