/**
 * Data persists under the data folder: what a runtime stored is there after a clean restart, and
 * an event committed just before the process was killed (SIGKILL, no shutdown) is still
 * delivered after the restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess } from '../support/runtime-process.ts';
import { call, eventually, tokenFor } from '../support/http.ts';

let dataDir: string;
let officer: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sme-data-'));
  officer = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'] });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('a persisted runtime', () => {
  it('keeps data across a clean restart and delivers events committed before a crash', async () => {
    const first = await startRuntimeProcess(['--data-dir', dataDir]);
    const kept = await call(first.info.url, 'POST', '/things', { token: officer, body: { name: 'kept', quantity: 1 } });
    await eventually(async () =>
      (await call(first.info.url, 'GET', `/things/${kept.body.id}`, { token: officer })).body.status === 'processed' ? true : undefined,
    );
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startRuntimeProcess(['--data-dir', dataDir]);
    const afterRestart = await call(second.info.url, 'GET', `/things/${kept.body.id}`, { token: officer });
    expect(afterRestart.body).toMatchObject({ name: 'kept', status: 'processed' });
    const pending = await call(second.info.url, 'POST', '/things', { token: officer, body: { name: 'in-flight', quantity: 2 } });
    expect(pending.status).toBe(201);
    await second.stop('SIGKILL');

    const third = await startRuntimeProcess(['--data-dir', dataDir]);
    try {
      const processed = await eventually(async () => {
        const res = await call(third.info.url, 'GET', `/things/${pending.body.id}`, { token: officer });
        return res.body.status === 'processed' ? res.body : undefined;
      }, 30_000);
      expect(processed.name).toBe('in-flight');
    } finally {
      expect(await third.stop('SIGTERM')).toBe(0);
    }
    // Three cold starts of DynamoDB Local and the SQS/S3 server: on a busy machine that alone exceeds the default minute.
  }, 240_000);
});

describe('Ctrl-C in a terminal', () => {
  it('signals the whole process group, and still leaves no local server behind', async () => {
    const runtime = await startRuntimeProcess(['--in-memory'], 60_000, { fixtures: false, detached: true });
    const ports = Object.values(runtime.info.endpoints).map((u) => Number(new URL(u).port));

    expect(await runtime.stopGroup('SIGINT')).toBe(0);

    // DynamoDB Local (a JVM) and the SQS/S3 server must be gone: nothing answers on their ports.
    await eventually(
      async () => {
        const open = await Promise.all(
          ports.map((port) =>
            fetch(`http://127.0.0.1:${port}/`).then(
              () => port,
              () => undefined,
            ),
          ),
        );
        return open.every((p) => p === undefined) ? true : undefined;
      },
      15_000,
      250,
    );
  });
});
