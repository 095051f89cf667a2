/**
 * Registry feed benchmark under overload: 50 clients (default) post signed batches of 100
 * synthetic events to POST /registry/events on the local runtime for 30 s, each as the registry
 * would — the next batch as soon as the answer comes, and after a 429 the same batch again once
 * Retry-After has passed. At the end every client finishes its request in flight, so every batch
 * sent has an answer. The run prints and checks:
 *
 * - every request answered within the deadline (5 s): accepted (202) or 429 with Retry-After;
 * - no 5xx (nor any other status);
 * - every accepted event applied exactly once: one answer per event id, one stored event-id record
 *   per `applied` answer and no other, one history entry per applied change (once the change
 *   stream has caught up);
 * - events applied per second, beside the store's raw conditional-write rate measured in the same
 *   run on the same DynamoDB Local: conditional TransactWriteItems of the same items the feed
 *   writes for a change (profile + event-id record, 50 changes a call, as many calls at once as
 *   the feed function's concurrency) into a fresh table with the registry table's keys and indexes.
 *   Target: ratio ≥ 0.5.
 *
 *   npx tsx test/bench/registry-feed.ts [--duration 30] [--connections 50] [--batch 100] [--baseline-changes 10000]
 */
import { parseArgs } from 'node:util';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_PERSON_REF_KEY, LOCAL_WEBHOOK_SECRET } from '../../local/runtime/runtime.ts';
import { toItem } from '../../services/registry/adapters/outbound/dynamodb-enterprise-repository.ts';
import { profileFrom } from '../../services/registry/domain/enterprise.ts';
import { personRefOf } from '../../services/registry/domain/person-ref.ts';
import { checkRegistryEvent } from '../../services/registry/domain/registry-event.ts';
import { sign } from '../../services/registry/domain/signature.ts';
import { generateEvents, latestStates, type SyntheticRegistryEvent } from '../../local/data/synthetic-enterprises.ts';
import { manifest as registry } from '../../services/registry/manifest.ts';
import { routes } from '../../services/registry/routes.ts';
import { startRuntimeProcess } from '../support/runtime-process.ts';
import { machine, percentile, printBars, printTable } from './support.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '50' },
    batch: { type: 'string', default: '100' },
    'baseline-changes': { type: 'string', default: '10000' },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const BATCH = Number(values.batch);
const BASELINE_CHANGES = Number(values['baseline-changes']);
const DEADLINE_MS = routes.postEvents.shedding.deadlineSeconds * 1000;
const CONCURRENCY = routes.postEvents.shedding.concurrency;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Count items of the registry table by key prefix (a scan: benchmark bookkeeping only). */
async function countItems(db: DynamoDBClient): Promise<{ appliedIds: Set<string>; eventIds: number; history: number }> {
  const counts = { appliedIds: new Set<string>(), eventIds: 0, history: 0 };
  let start: Record<string, any> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({ TableName: 'registry-enterprises', ProjectionExpression: 'pk, sk, outcome', ExclusiveStartKey: start }),
    );
    for (const i of out.Items ?? []) {
      const pk = i.pk?.S ?? '';
      if (pk.startsWith('EVT#')) {
        counts.eventIds += 1;
        if (i.outcome?.S === 'applied') counts.appliedIds.add(pk.slice(4));
      } else if ((i.sk?.S ?? '').startsWith('HIST#')) counts.history += 1;
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return counts;
}

/**
 * The store's own rate for the feed's writes: conditional TransactWriteItems of profile +
 * event-id record per change, 50 changes a call, CONCURRENCY calls at once, into a fresh table.
 */
async function rawConditionalRate(endpoint: string): Promise<number> {
  const db = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
  const doc = DynamoDBDocumentClient.from(db, { marshallOptions: { removeUndefinedValues: true } });
  const spec = registry.tables.find((t) => t.name === 'enterprises')!;
  const attrs = new Map<string, string>([
    [spec.partitionKey.name, 'S'],
    [spec.sortKey!.name, 'S'],
  ]);
  for (const g of spec.globalIndexes ?? []) [g.partitionKey, g.sortKey].forEach((k) => k && attrs.set(k.name, k.type));
  const table = `bench-feed-baseline-${Date.now()}`;
  await db.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType: AttributeType as 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: (spec.globalIndexes ?? []).map((g) => ({
        IndexName: g.name,
        KeySchema: [
          { AttributeName: g.partitionKey.name, KeyType: 'HASH' as const },
          { AttributeName: g.sortKey!.name, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'ALL' as const },
      })),
    }),
  );
  const now = new Date();
  const refOf = personRefOf(LOCAL_PERSON_REF_KEY);
  const changes: { profile: Record<string, unknown>; eventId: string; revision: number }[] = [];
  for (const e of latestStates(generateEvents({ count: BASELINE_CHANGES, seed: 99, eventIdPrefix: 'base' }))) {
    const check = checkRegistryEvent(e, now);
    if (check.ok)
      changes.push({
        profile: toItem(profileFrom(check.event, e.eventId, now, refOf)),
        eventId: e.eventId,
        revision: check.event.revision,
      });
  }
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < changes.length) {
      const chunk = changes.slice(next, (next += 50));
      await doc.send(
        new TransactWriteCommand({
          TransactItems: chunk.flatMap((c) => [
            {
              Put: {
                TableName: table,
                Item: c.profile,
                ConditionExpression: 'attribute_not_exists(pk) OR revision < :rev',
                ExpressionAttributeValues: { ':rev': c.revision },
              },
            },
            {
              Put: {
                TableName: table,
                Item: { pk: `EVT#${c.eventId}`, sk: 'EVT', outcome: 'applied', at: now.toISOString() },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]),
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const rate = changes.length / ((performance.now() - started) / 1000);
  await db.send(new DeleteTableCommand({ TableName: table }));
  db.destroy();
  return rate;
}

interface FeedRun {
  latencies: number[];
  /** Every answer: when it was sent (ms from the start), how long it took, its status — the slowest are printed. */
  answered: { sentAtMs: number; ms: number; status: number }[];
  statuses: Map<number, number>;
  shedWithoutRetryAfter: number;
  answers: Map<string, string[]>;
  sent: number;
  /** Events in answers that were neither 202 nor 429, or without an answer: their fate is unknown to the caller. */
  unknownFate: number;
  /** Requests that got no answer at all (connection reset), sent again. */
  networkErrors: number;
  elapsedSeconds: number;
}

async function runFeed(url: string): Promise<FeedRun> {
  const source: Iterator<SyntheticRegistryEvent> = generateEvents({ count: 5_000_000, seed: 2026, eventIdPrefix: 'bench' });
  const run: FeedRun = {
    latencies: [],
    answered: [],
    statuses: new Map(),
    shedWithoutRetryAfter: 0,
    answers: new Map(),
    sent: 0,
    unknownFate: 0,
    networkErrors: 0,
    elapsedSeconds: 0,
  };
  const started = performance.now();
  const stopAt = started + DURATION * 1000;
  let last = 0;

  const client = async () => {
    let pending: SyntheticRegistryEvent[] | undefined;
    while (performance.now() < stopAt) {
      const events = pending ?? Array.from({ length: BATCH }, () => source.next().value as SyntheticRegistryEvent);
      pending = undefined;
      const body = JSON.stringify({ events });
      const ts = String(Math.floor(Date.now() / 1000));
      const t0 = performance.now();
      run.sent += events.length;
      let res: Response;
      let text: string;
      try {
        res = await fetch(`${url}/registry/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-registry-timestamp': ts,
            'x-registry-signature': sign(LOCAL_WEBHOOK_SECRET, ts, body),
          },
          body,
        });
        text = await res.text();
      } catch {
        // A kept-alive connection the server closed while this client slept (ECONNRESET): no
        // answer, so the fate of these events is unknown to the client, which sends them again.
        run.networkErrors += 1;
        run.unknownFate += events.length;
        pending = events;
        continue;
      }
      run.latencies.push(performance.now() - t0);
      run.answered.push({ sentAtMs: t0 - started, ms: performance.now() - t0, status: res.status });
      run.statuses.set(res.status, (run.statuses.get(res.status) ?? 0) + 1);
      last = performance.now();
      if (res.status === 202) {
        for (const r of (JSON.parse(text) as { results: { eventId: string; outcome: string }[] }).results) {
          const list = run.answers.get(r.eventId) ?? [];
          list.push(r.outcome);
          run.answers.set(r.eventId, list);
        }
      } else if (res.status === 429) {
        // Nothing was stored: the registry sends the same batch again after Retry-After.
        run.sent -= events.length;
        const after = Number(res.headers.get('retry-after'));
        if (!(after >= 1)) run.shedWithoutRetryAfter += 1;
        pending = events;
        await sleep((after >= 1 ? after : 1) * 1000);
      } else {
        run.unknownFate += events.length;
      }
    }
  };
  const progress = setInterval(() => {
    const s = (performance.now() - started) / 1000;
    process.stdout.write(`\r  ${s.toFixed(0).padStart(3)} s  ${[...run.statuses].map(([k, v]) => `${k}: ${v}`).join('  ')}   `);
  }, 1000);
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  clearInterval(progress);
  process.stdout.write('\n');
  run.elapsedSeconds = (last - started) / 1000;
  return run;
}

async function main() {
  console.log(`machine: ${machine()}`);
  const runtime = await startRuntimeProcess(['--in-memory'], 60_000, { fixtures: false });
  const db = new DynamoDBClient({ endpoint: runtime.info.endpoints.dynamodb, region: 'us-east-1', credentials });
  try {
    console.log(
      `\nfeed: POST /registry/events, batches of ${BATCH}, ${CONNECTIONS} clients, ${DURATION} s (deadline ${DEADLINE_MS} ms, function concurrency ${CONCURRENCY})`,
    );
    const run = await runFeed(runtime.info.url);

    // Exactly once: one answer per event; one stored id per `applied` answer and no other; one history entry each.
    const outcomes: Record<string, number> = {};
    let answeredTwice = 0;
    const appliedAnswers = new Set<string>();
    for (const [id, list] of run.answers) {
      if (list.length > 1) answeredTwice += 1;
      for (const o of list) outcomes[o] = (outcomes[o] ?? 0) + 1;
      if (list.includes('applied')) appliedAnswers.add(id);
    }
    let stored = await countItems(db);
    // History is written from the change stream, behind the feed: wait while it keeps catching up.
    let lastMove = Date.now();
    // Every look is a scan of the whole table, which on DynamoDB Local competes with the history
    // writer it waits for: look every 10 s.
    while (stored.history < stored.appliedIds.size && Date.now() - lastMove < 30_000) {
      await sleep(10_000);
      const now = await countItems(db);
      if (now.history !== stored.history) lastMove = Date.now();
      stored = now;
      process.stdout.write(`\r  history catching up: ${stored.history} / ${stored.appliedIds.size}`);
    }
    process.stdout.write('\n');
    const appliedNotAnswered = [...stored.appliedIds].filter((id) => !appliedAnswers.has(id)).length;
    const answeredNotStored = [...appliedAnswers].filter((id) => !stored.appliedIds.has(id)).length;
    const exactlyOnce =
      answeredTwice === 0 && appliedNotAnswered <= run.unknownFate && answeredNotStored === 0 && stored.history === stored.appliedIds.size;

    console.log(
      `raw baseline: conditional TransactWriteItems of ${BASELINE_CHANGES.toLocaleString()} changes (profile + event-id record), 50 a call, ${CONCURRENCY} at once…`,
    );
    const rawChangesPerSecond = await rawConditionalRate(runtime.info.endpoints.dynamodb);

    const sorted = [...run.latencies].sort((a, b) => a - b);
    const max = sorted.at(-1) ?? 0;
    const accepted = run.statuses.get(202) ?? 0;
    const shed = run.statuses.get(429) ?? 0;
    const other = [...run.statuses].filter(([s]) => s !== 202 && s !== 429);
    const fiveXx = other.filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    const applied = outcomes.applied ?? 0;
    const appliedPerSecond = applied / run.elapsedSeconds;
    const ratio = appliedPerSecond / rawChangesPerSecond;
    const inTime = max <= DEADLINE_MS;

    printTable('registry-feed', [
      ['requests: 202 / 429 / other (5xx)', `${accepted} / ${shed} / ${other.reduce((n, [, c]) => n + c, 0)} (${fiveXx})`],
      ['429 without Retry-After', String(run.shedWithoutRetryAfter)],
      ['no answer (connection reset; sent again)', String(run.networkErrors)],
      [
        'latency p50 / p99 / max',
        `${percentile(sorted, 50).toFixed(0)} / ${percentile(sorted, 99).toFixed(0)} / ${max.toFixed(0)} ms  (deadline ${DEADLINE_MS} ms)`,
      ],
      ['every request answered within the deadline', inTime ? 'yes' : 'NO'],
      [
        'outcomes',
        Object.entries(outcomes)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ],
      [
        'events applied / s',
        `${appliedPerSecond.toFixed(0)}  (${applied.toLocaleString()} in ${run.elapsedSeconds.toFixed(1)} s; ${run.sent.toLocaleString()} accepted)`,
      ],
      ['raw conditional writes, same run (changes / s)', rawChangesPerSecond.toFixed(0)],
      ['ratio applied / raw', `${ratio.toFixed(2)}  (target ≥ 0.5)`],
      [
        'stored applied ids / history entries',
        `${stored.appliedIds.size} / ${stored.history} (applied, not answered: ${appliedNotAnswered}; answered, not stored: ${answeredNotStored})`,
      ],
      ['exactly once', exactlyOnce ? 'yes' : 'NO'],
      [
        'slowest answers (sent at s: ms, status)',
        [...run.answered]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 5)
          .map((a) => `${(a.sentAtMs / 1000).toFixed(1)}: ${a.ms.toFixed(0)} ${a.status}`)
          .join(', '),
      ],
    ]);
    printBars(
      'events / s (same run)',
      [
        ['raw conditional writes', rawChangesPerSecond],
        ['feed, applied', appliedPerSecond],
      ],
      { unit: '/s', mark: { at: rawChangesPerSecond / 2, label: 'target: ≥ 0.5 of raw' } },
    );
    if (!exactlyOnce || !inTime || fiveXx > 0 || other.length > 0 || run.shedWithoutRetryAfter > 0 || ratio < 0.5) process.exitCode = 1;
  } finally {
    db.destroy();
    await runtime.stop();
  }
}

await main();
