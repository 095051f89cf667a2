/**
 * Ctrl-C on `npm start` in a terminal signals the whole process group at once: npm, its shell,
 * the runtime, the SQS/S3 server, DynamoDB Local's watchdog shell and Java. Whatever reaches
 * which process first, the runtime stops its pollers, takes its last snapshot and leaves nothing
 * behind, quietly and within seconds; what was queued is there after the next start.
 */
import { readFile, readdir, readlink, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sqsAt = (endpoint: string) => new SQSClient({ endpoint, region: 'us-east-1', credentials, useQueueUrlAsEndpoint: false });
/** A DLQ: no poller consumes it, so the message can only survive the restart through the queue snapshot. */
const QUEUE = 'intake-registry-events-dlq';

/** Every process in a process group, from /proc (field 5 of stat is the group). */
async function groupProcesses(pgid: number): Promise<{ pid: number; exe: string; cmd: string }[]> {
  const found: { pid: number; exe: string; cmd: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    const exe = await readlink(`/proc/${entry}/exe`).catch(() => '');
    const cmd = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ').trim();
    found.push({ pid: Number(entry), exe, cmd });
  }
  return found;
}

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
};

let dataDir: string;
let runtime: RuntimeProcess | undefined;
/** Every process group started here, even one still starting when a test timed out. */
const groups: ChildProcess[] = [];
const start = (args: string[], npm: boolean) =>
  startRuntimeProcess(args, 90_000, { fixtures: false, detached: true, npm, onSpawn: (child) => groups.push(child) });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sme-shutdown-'));
});
afterAll(async () => {
  // Only if an assertion failed half-way: never leave a runtime behind.
  for (const child of groups) if (child.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('Ctrl-C on npm start (SIGINT to the whole process group)', () => {
  it('stops within seconds, without a stack trace or a process left, and keeps what was queued', async () => {
    runtime = await start(['--data-dir', dataDir], true);
    const pgid = runtime.child.pid!;
    const processes = await groupProcesses(pgid);
    // Everything npm started runs on the project's Node 22 (node_modules/.bin first on PATH), as in Lambda.
    const nodes = processes.filter((p) => /\/node$/.test(p.exe) && !p.cmd.startsWith('npm'));
    expect(nodes.map((p) => p.cmd).join('\n')).toMatch(/aws-server-process\.ts/);
    for (const p of nodes) expect(p.exe, p.cmd).toMatch(/node_modules\/node\/bin\/node$/);
    expect(processes.some((p) => /java$/.test(p.exe))).toBe(true);

    const sqs = sqsAt(runtime.info.endpoints.sqs);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: QUEUE }));
    const body = JSON.stringify({ kept: `through shutdown ${Date.now()}` });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    sqs.destroy();

    const signalled = Date.now();
    process.kill(-pgid, 'SIGINT');
    const exit = await Promise.race([
      new Promise<string>((resolve) => runtime!.child.once('exit', (code, signal) => resolve(signal ?? String(code)))),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000)),
    ]);
    // npm, having been interrupted itself, ends by its own SIGINT once its script exits (0).
    expect(['0', 'SIGINT'], runtime.stderr()).toContain(exit);
    // npm waits for its script; the rest of the group goes with the runtime (Java within its 5 s).
    while (groupAlive(pgid) && Date.now() - signalled < 10_000) await new Promise((r) => setTimeout(r, 100));
    expect(await groupProcesses(pgid)).toEqual([]);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(runtime.stderr()).not.toMatch(/^\s+at /m);
    expect(runtime.stderr()).toMatch(/SIGINT: stopping…/);
    expect(runtime.stderr()).toMatch(/\[local\] stopped/);

    runtime = await start(['--data-dir', dataDir], false);
    const again = sqsAt(runtime.info.endpoints.sqs);
    try {
      const url = (await again.send(new GetQueueUrlCommand({ QueueName: QUEUE }))).QueueUrl;
      const out = await again.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }));
      expect((out.Messages ?? []).map((m) => m.Body)).toContain(body);
    } finally {
      again.destroy();
      expect(await runtime.stopGroup('SIGINT')).toBe(0);
    }
  }, 240_000);
});
