/**
 * The top entries of a V8 CPU profile (`node --cpu-prof`), as docs/benchmarks.md quotes them: self
 * time per function and per package (or source folder), with the share of all samples.
 *
 *   npx tsx test/bench/cpu-profile.ts <file.cpuprofile | dir of them> [--top 20]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package under node_modules, a repository folder, node's own, or V8's pseudo-frames. */
export function ownerOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node (built-ins)';
  const repo = /\/(services\/[^/]+|shared\/[^/]+|local\/[^/]+|test\/[^/]+)/.exec(url);
  return repo ? repo[1]! : url.replace(/^.*\//, '');
}

export function topEntries(profile: Profile, top: number) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byNode.get(id)!.callFrame;
    const owner = ownerOf(url, functionName);
    const fn = url ? `${functionName || '(anonymous)'} — ${owner}${url.includes('node_modules') ? '' : `:${lineNumber + 1}`}` : owner;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
  }
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => ({ what: k, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, functions: rank(fns), owners: rank(owners) };
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '20' } }, allowPositionals: true });
  const target = positionals[0];
  if (!target) throw new Error('usage: cpu-profile.ts <file.cpuprofile | dir> [--top 20]');
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(target, f))
    : [target];
  for (const file of files) {
    const { totalMs, functions, owners } = topEntries(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(values.top));
    console.log(`\n${file}: ${totalMs.toFixed(0)} ms sampled`);
    console.log('\n| self ms | share | by package / folder |\n| ---: | ---: | --- |');
    for (const o of owners) console.log(`| ${o.ms.toFixed(0)} | ${(o.share * 100).toFixed(1)} % | ${o.what} |`);
    console.log('\n| self ms | share | function |\n| ---: | ---: | --- |');
    for (const f of functions) console.log(`| ${f.ms.toFixed(0)} | ${(f.share * 100).toFixed(1)} % | ${f.what} |`);
  }
}
