/**
 * The SQS/S3 server (fauxqs) in a process of its own, forked by the runtime: its memory (every
 * S3 object is held in RAM) and its CPU stay out of the process running the handlers, as S3 and
 * SQS are outside Lambda. It answers the runtime over the IPC channel and exits when that closes.
 */
import { startFauxqs } from 'fauxqs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FauxqsServer } from 'fauxqs';
import type { SavedMessage } from './aws-emulator.ts';

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
  await writeFile(file, JSON.stringify(snapshot));
}

type Request = { type: 'snapshot'; id: number; queueNames: string[]; file: string } | { type: 'stop' };

const port = Number(process.argv[2] ?? '0');
const server = await startFauxqs({ port, logger: false, host: '127.0.0.1' });
process.send?.({ type: 'ready', port: server.port });

process.on('message', (msg: Request) => {
  if (msg.type === 'snapshot') {
    snapshotQueues(server, msg.queueNames, msg.file).then(
      () => process.send?.({ type: 'done', id: msg.id }),
      (error: unknown) => process.send?.({ type: 'done', id: msg.id, error: String(error) }),
    );
  } else if (msg.type === 'stop') {
    void server.stop().finally(() => process.exit(0));
  }
});
// The runtime is gone (even if it was killed): do not outlive it.
process.on('disconnect', () => void server.stop().finally(() => process.exit(0)));
