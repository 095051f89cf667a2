/**
 * The SQS/S3 server (fauxqs) in a process of its own, forked by the runtime: its memory (every
 * S3 object is held in RAM) and its CPU stay out of the process running the handlers, as S3 and
 * SQS are outside Lambda. It answers the runtime over the IPC channel and exits when that closes.
 *
 * It ignores SIGINT, SIGTERM and SIGHUP: Ctrl-C in a terminal signals the whole process group,
 * and the runtime must still be able to stop its pollers and take the last queue snapshot from
 * this server before it goes. It stops on the runtime's `stop`, or when the runtime is gone (the
 * IPC channel closes, even if the runtime was killed with SIGKILL).
 */
import { startFauxqs } from 'fauxqs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FauxqsServer } from 'fauxqs';
import type { SavedMessage } from './aws-emulator.ts';

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);

/** Save every message still in the queues (ready, delayed, in flight). */
async function snapshotQueues(server: FauxqsServer, queueNames: string[], file: string): Promise<void> {
  const snapshot: Record<string, SavedMessage[]> = {};
  for (const name of queueNames) {
    const q = server.inspectQueue(name);
    if (!q) continue;
    const all = [...q.messages.ready, ...q.messages.delayed, ...q.messages.inflight.map((m) => m.message)];
    snapshot[name] = all.map((m) => ({ body: m.body, attributes: m.messageAttributes }));
  }
  await mkdir(dirname(file), { recursive: true });
  // Write then rename: a crash mid-write must not leave a truncated snapshot behind.
  await writeFile(`${file}.tmp`, JSON.stringify(snapshot));
  await rename(`${file}.tmp`, file);
}

type Request =
  | { type: 'snapshot'; id: number; queueNames: string[]; file: string }
  | { type: 'depth'; id: number; queueNames: string[] }
  | { type: 'stop' };

/** Messages in these queues, ready, delayed or in flight (read here, not over the busy HTTP port). */
function depth(queueNames: string[]): number {
  let n = 0;
  for (const name of queueNames) {
    const q = server.inspectQueue(name);
    if (q) n += q.messages.ready.length + q.messages.delayed.length + q.messages.inflight.length;
  }
  return n;
}

/** The runtime may be gone by the time an answer is ready. */
const reply = (message: object) => {
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
};

const port = Number(process.argv[2] ?? '0');
const server = await startFauxqs({ port, logger: false, host: '127.0.0.1' });
reply({ type: 'ready', port: server.port });

let stopping: Promise<void> | undefined;
const stop = () => (stopping ??= server.stop().finally(() => process.exit(0)));

process.on('message', (msg: Request) => {
  if (msg.type === 'snapshot') {
    snapshotQueues(server, msg.queueNames, msg.file).then(
      () => reply({ type: 'done', id: msg.id }),
      (error: unknown) => reply({ type: 'done', id: msg.id, error: error instanceof Error ? error.message : String(error) }),
    );
  } else if (msg.type === 'depth') {
    reply({ type: 'done', id: msg.id, result: depth(msg.queueNames) });
  } else if (msg.type === 'stop') {
    void stop();
  }
});
// The runtime is gone (even if it was killed): do not outlive it.
process.on('disconnect', () => void stop());
