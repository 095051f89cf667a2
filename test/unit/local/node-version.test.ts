/**
 * Lambda runs Node.js 22 (infra: Runtime.NODEJS_22_X). npm puts node_modules/.bin first on PATH,
 * where the `node` devDependency installs Node 22, so `npm test`, `npm start` and `npx …` run on
 * the same major as Lambda even on a machine whose own Node is older.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the Node.js the tests run on', () => {
  it('is Node 22, the Lambda runtime', () => {
    expect(process.versions.node.split('.')[0]).toBe('22');
  });

  it('is also what a child process started as `node` gets', () => {
    // Tools spawn either process.execPath or `node` from PATH (tsx, cdk's app command).
    const version = execFileSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    expect(version.split('.')[0]).toBe('22');
  });
});
