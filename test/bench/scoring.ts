/**
 * Scoring benchmark, two parts on one local runtime (in memory, no demo data):
 *
 * 1. Throughput. N `application.submitted` messages (default 10,000; rubric `cnht`, random answers
 *    and registry figures, one programme) are sent straight to scoring's queue, as intake's outbox
 *    relay would; the clock runs from the first send until the store holds N scores (counted in
 *    scoring's table). Then, in the same run, the raw write rate of the store for the same items:
 *    the same four items a scoring commits per application (the score, its ranking row, the outbox
 *    event, the processed-message marker), written as one TransactWriteItems each by this process
 *    at the consumer's parallelism (maxConcurrency × batchSize) straight to DynamoDB Local. Printed:
 *    scored/s, raw transactions/s and their ratio (target ≥ 0.5).
 *    The bench bypasses intake, so intake receives N application.scored for applications it does
 *    not know and sends them to its DLQ: that work is part of the same run's load, as stated.
 * 2. Selection. `POST /programmes/{id}/selections?dryRun=true` over the N scored applications with
 *    three quotas (≥ 30 % of funds to micro firms, ≤ K grants per commune, ≤ 35 % to medium firms)
 *    and a budget of 10 % of all requests: end-to-end time over HTTP (target < 5 s), the solver's
 *    time and status, and the merit-order greedy's gap to the optimum.
 *
 *   npx tsx test/bench/scoring.ts [--applications 10000] [--per-commune 40] [--selections 3]
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { newEnvelope } from '../../shared/contracts/envelope.ts';
import { localNames } from '../../shared/manifest.ts';
import { HANOI_COMMUNES } from '../../shared/reference/hanoi-communes.ts';
import { manifest as scoringManifest } from '../../services/scoring/manifest.ts';
import { call, tokenFor } from '../support/http.ts';
import { startRuntimeProcess } from '../support/runtime-process.ts';
import { freshTaxCode } from '../support/registry.ts';
import { machine, percentile, printTable } from './support.ts';

const { values } = parseArgs({
  options: {
    applications: { type: 'string', default: '10000' },
    'per-commune': { type: 'string', default: '40' },
    selections: { type: 'string', default: '3' },
  },
});
const N = Number(values.applications);
const PER_COMMUNE = Number(values['per-commune']);
const SELECTIONS = Number(values.selections);
for (const [flag, n] of Object.entries({ applications: N, 'per-commune': PER_COMMUNE, selections: SELECTIONS })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive whole number`);
}
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const AGENCY = 'so-cong-thuong';

let seed = 20261130;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

function submission(programmeId: string) {
  const employees = 5 + Math.floor(rnd() * 190);
  const sizeClass = employees <= 10 ? 'micro' : rnd() < 0.45 ? 'micro' : rnd() < 0.6 ? 'small' : 'medium';
  const revenueVnd = Math.round(employees * (0.3 + rnd()) * 1e9);
  const maybe = <T>(v: T) => (rnd() < 0.85 ? v : undefined);
  const answers = Object.fromEntries(
    Object.entries({
      qualitySystem: maybe(pick(['none', 'ISO 9001', 'IATF 16949', 'ISO 13485', 'other'])),
      profitMarginPct: maybe(Math.round(-5 + rnd() * 25)),
      technologyInvestmentVnd: maybe(Math.round(revenueVnd * rnd() * 0.08)),
      environmentalStandard: maybe(pick(['ISO 14001', 'cleaner-production', 'in-progress', 'none'])),
      exportSharePct: maybe(Math.round(rnd() * 60)),
      trainedWorkersPct: maybe(Math.round(rnd() * 80)),
      producesPriorityCnhtProduct: maybe(rnd() < 0.4),
      producesKeyIndustrialProduct: maybe(rnd() < 0.2),
    }).filter(([, v]) => v !== undefined),
  );
  return newEnvelope({
    type: 'application.submitted',
    source: 'intake',
    data: {
      applicationId: randomUUID(),
      programmeId,
      programmeCode: 'BENCH-CNHT',
      agency: AGENCY,
      category: 'supporting-industry',
      taxCode: freshTaxCode(),
      communeCode: pick(HANOI_COMMUNES).code,
      rubric: { id: 'cnht', version: 1 },
      answers,
      requestedAmountVnd: Math.round(50 + rnd() * 450) * 1_000_000,
      submittedAt: new Date(Date.UTC(2026, 2, 1) + Math.floor(rnd() * 200 * 86_400_000)).toISOString(),
      dueOn: '2026-12-31',
      enterprise: { revision: 1, sizeClass, vsicMain: pick(['2592', '2599', '2620', '2740', '2930', '2219']), employees, revenueVnd },
    },
  });
}

async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function main() {
  console.log(
    `Scoring benchmark — ${machine()}; load average before start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('(the machine is shared with other work: figures are of this run only)');
  const runtime = await startRuntimeProcess(['--in-memory'], 120_000, { fixtures: false });
  try {
    const { url, endpoints } = runtime.info;
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'us-east-1', credentials }), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const sqs = new SQSClient({ endpoint: endpoints.sqs, region: 'us-east-1', credentials });
    const table = localNames.table('scoring', 'records');
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: localNames.queue('scoring', 'submissions') }));
    const programmeId = randomUUID();
    const scoredCount = async () => {
      let n = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byRank',
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': `RANK#${programmeId}` },
            Select: 'COUNT',
            ExclusiveStartKey: start,
          }),
        );
        n += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      return n;
    };

    // Warm-up (not measured): the consumer's and relay's cold starts.
    const warm = Array.from({ length: 20 }, () => submission(randomUUID()));
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: warm.slice(0, 10).map((e, i) => ({ Id: String(i), MessageBody: JSON.stringify(e) })),
      }),
    );
    await sqs.send(
      new SendMessageBatchCommand({ QueueUrl, Entries: warm.slice(10).map((e, i) => ({ Id: String(i), MessageBody: JSON.stringify(e) })) }),
    );
    for (let i = 0; i < 100; i++) {
      const got = await db.send(new GetCommand({ TableName: table, Key: { pk: `APP#${warm[19]!.data.applicationId}`, sk: 'APP' } }));
      if (got.Item) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    // 1. Throughput through the queue.
    const envelopes = Array.from({ length: N }, () => submission(programmeId));
    const batches = Array.from({ length: Math.ceil(N / 10) }, (_, i) => envelopes.slice(i * 10, i * 10 + 10));
    const t0 = performance.now();
    await pool(batches, 8, async (b) => {
      await sqs.send(
        new SendMessageBatchCommand({ QueueUrl, Entries: b.map((e, i) => ({ Id: String(i), MessageBody: JSON.stringify(e) })) }),
      );
    });
    const sentMs = performance.now() - t0;
    let done = 0;
    const progress: [number, number][] = [];
    const deadline = Date.now() + 30 * 60_000;
    while (done < N) {
      await new Promise((r) => setTimeout(r, 500));
      done = await scoredCount();
      progress.push([(performance.now() - t0) / 1000, done]);
      if (Date.now() > deadline) throw new Error(`only ${done} of ${N} scored after 30 minutes`);
    }
    const scoredSeconds = (performance.now() - t0) / 1000;
    const scoredPerSecond = N / scoredSeconds;

    // Raw write rate of the same items, same run: a stored score as the template.
    const sample = envelopes[0]!;
    const app = (await db.send(new GetCommand({ TableName: table, Key: { pk: `APP#${sample.data.applicationId}`, sk: 'APP' } }))).Item!;
    const row = (
      await db.send(new GetCommand({ TableName: table, Key: { pk: `PROG#${programmeId}`, sk: `APP#${sample.data.applicationId}` } }))
    ).Item!;
    const outboxTable = localNames.outboxTable('scoring');
    const scoredEnvelope = JSON.stringify(
      newEnvelope({
        type: 'application.scored',
        source: 'scoring',
        data: {
          applicationId: sample.data.applicationId,
          rubric: { id: 'cnht', version: 1 },
          totalPoints: 50,
          maxPoints: 100,
          scoredAt: new Date().toISOString(),
        },
      }),
    );
    const width =
      (scoringManifest.consumers.find((c) => c.name === 'submissions')!.maxConcurrency ?? 2) *
      scoringManifest.consumers.find((c) => c.name === 'submissions')!.batchSize;
    const rawIds = Array.from({ length: N }, () => randomUUID());
    const rawLatency: number[] = [];
    const r0 = performance.now();
    await pool(rawIds, width, async (id) => {
      const s = performance.now();
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: { ...app, pk: `RAW#${id}`, applicationId: id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: table,
                Item: { ...row, pk: `RAWPROG#${programmeId}`, sk: `APP#${id}`, applicationId: id, gsi1pk: `RAWRANK#${programmeId}` },
              },
            },
            // The outbox item goes to the records table: in the outbox table the relay would send it on.
            {
              Put: {
                TableName: table,
                Item: { pk: `RAWOUTBOX#${id}`, sk: 'OUTBOX', id, type: 'application.scored', envelope: scoredEnvelope, expiresAt: 1 },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: table,
                Item: { pk: `INBOX#raw-${id}`, sk: `INBOX#raw-${id}`, expiresAt: 1 },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      rawLatency.push(performance.now() - s);
    });
    const rawSeconds = (performance.now() - r0) / 1000;
    const rawPerSecond = N / rawSeconds;
    rawLatency.sort((a, b) => a - b);
    void outboxTable;

    printTable(`1. ${N.toLocaleString('en')} submitted applications through scoring's queue`, [
      ['sent to the queue in', `${(sentMs / 1000).toFixed(1)} s`],
      ['all scored after', `${scoredSeconds.toFixed(1)} s`],
      ['scored/s', scoredPerSecond.toFixed(1)],
      [
        `raw writes of the same items (1 transaction of 4 items each, ${width} in parallel)`,
        `${rawSeconds.toFixed(1)} s → ${rawPerSecond.toFixed(1)}/s (p50 ${percentile(rawLatency, 50).toFixed(0)} ms, p99 ${percentile(rawLatency, 99).toFixed(0)} ms)`,
      ],
      ['ratio scored/s ÷ raw/s', `${(scoredPerSecond / rawPerSecond).toFixed(2)} (target ≥ 0.5)`],
      [
        'progress (s → scored)',
        progress
          .filter((_, i) => i % Math.max(1, Math.floor(progress.length / 8)) === 0 || i === progress.length - 1)
          .map(([s, n]) => `${s.toFixed(0)}s:${n}`)
          .join('  '),
      ],
    ]);

    // 2. Selection over them, three quotas, a budget of 10 % of the requests.
    const token = await tokenFor({ agency: AGENCY, roles: ['officer'], sub: 'bench-selector' });
    const budgetVnd = Math.round(envelopes.reduce((s, e) => s + e.data.requestedAmountVnd, 0) * 0.1);
    const body = {
      budgetVnd,
      quotas: [
        { kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: 30 },
        { kind: 'max-grants-per', groupBy: 'commune', count: PER_COMMUNE },
        { kind: 'max-share-of-funds', where: { sizeClasses: ['medium'] }, pct: 35 },
      ],
    };
    const runs: { ms: number; body: any }[] = [];
    for (let i = 0; i < SELECTIONS; i++) {
      const s = performance.now();
      const res = await call(url, 'POST', `/programmes/${programmeId}/selections?dryRun=true`, { token, body });
      if (res.status !== 200) throw new Error(`selection failed: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
      runs.push({ ms: performance.now() - s, body: res.body });
    }
    const last = runs.at(-1)!.body;
    const c = last.comparison;
    printTable(
      `2. Selection (what-if) over ${last.candidates.toLocaleString('en')} scored applications, 3 quotas, budget ${(budgetVnd / 1e9).toFixed(1)} bn VND`,
      [
        ['end to end over HTTP, each run', runs.map((r) => `${(r.ms / 1000).toFixed(2)} s`).join(', ') + ' (target < 5 s)'],
        ['of which ranking + allocation (incl. solver)', `${last.solveMs} ms`],
        [
          'solver',
          `${c.solver.status} in ${c.solver.timeMs} ms${c.solver.gapPct !== undefined ? ` (proved gap ${Number(c.solver.gapPct).toFixed(4)} %)` : ''}`,
        ],
        [
          'funded',
          `${last.funded.length} for ${(last.totalVnd / 1e9).toFixed(2)} bn VND; waitlisted ${last.waitlisted.length}; not funded ${last.notFunded.length}`,
        ],
        [
          'merit (Σ points × M VND): optimum / greedy',
          `${c.optimalMerit} / ${c.greedyMerit} (greedy funds ${c.greedyFunded}${c.greedyViolations.length ? `, breaks ${c.greedyViolations.length} quota(s)` : ''})`,
        ],
        ['greedy gap to the optimum', `${c.gapPct} % (to the proved bound ${c.gapToBoundPct} %)`],
      ],
    );
    console.log(
      `\nload average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    const code = await runtime.stop();
    if (code !== 0) console.error(`runtime exited with ${code}`);
  }
}

await main();
