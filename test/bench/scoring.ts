/**
 * Scoring benchmark, three parts (1 and 2 on one local runtime, in memory, no demo data):
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
 * 2. Selection over HTTP. `POST /programmes/{id}/selections?dryRun=true` over the N scored
 *    applications (eligible from cnht's pass mark, 50) with three share quotas that bind (≥ 55 % of
 *    funds to micro firms, ≤ 15 % to medium firms, ≥ 40 % to VSIC divisions 26–27) and a budget of
 *    10 % of all requests: end-to-end time over HTTP (target < 5 s), the walk's time and solver
 *    calls, and the departures from merit order each quota forced.
 * 3. Selection in-process (no store, no HTTP): the exact lexicographic selection beside the
 *    merit-order greedy (budget only, quotas ignored) on 1,000 and 10,000 synthetic applications,
 *    with the same three binding share quotas and with three that do not bind: time (target < 5 s),
 *    solver calls, how many applications each quota passed over, which quotas merit order breaks.
 *
 *   npx tsx test/bench/scoring.ts [--applications 10000] [--selections 3] [--selection-only]
 *
 * `--selection-only` runs part 3 alone (no runtime).
 */
import { forEachLimit } from '../../shared/concurrency.ts';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { newEnvelope } from '../../shared/contracts/envelope.ts';
import { localNames } from '../../shared/manifest.ts';
import { HANOI_COMMUNES } from '../../shared/reference/hanoi-communes.ts';
import { HighsSolver } from '../../services/scoring/adapters/outbound/highs-solver.ts';
import { policySchema, select, type Candidate, type SelectionOutcome } from '../../services/scoring/domain/selection.ts';
import { manifest as scoringManifest } from '../../services/scoring/manifest.ts';
import { call, tokenFor } from '../support/http.ts';
import { startRuntimeProcess } from '../support/runtime-process.ts';
import { freshTaxCode } from '../support/registry.ts';
import { machine, percentile, printTable } from './support.ts';

const { values } = parseArgs({
  options: {
    applications: { type: 'string', default: '10000' },
    selections: { type: 'string', default: '3' },
    'selection-only': { type: 'boolean', default: false },
  },
});
const N = Number(values.applications);
const SELECTIONS = Number(values.selections);
for (const [flag, n] of Object.entries({ applications: N, selections: SELECTIONS })) {
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

async function main() {
  console.log(
    `Scoring benchmark — ${machine()}; load average before start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('(the machine is shared with other work: figures are of this run only)');
  if (!values['selection-only']) await throughAndOverHttp();
  await inProcess();
  console.log(
    `\nload average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

/** Quotas that bind on the bench's data (micro ≈ 47 %, medium ≈ 21 %, VSIC 26–27 ≈ 33 % of applications). */
const BINDING = [
  { kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: 55 },
  { kind: 'max-share-of-funds', where: { sizeClasses: ['medium'] }, pct: 15 },
  { kind: 'min-share-of-funds', where: { vsicDivisions: ['26', '27'] }, pct: 40 },
];
/** Quotas merit order keeps anyway on the same data. */
const SLACK = [
  { kind: 'min-share-of-funds', where: { sizeClasses: ['micro'] }, pct: 30 },
  { kind: 'max-share-of-funds', where: { sizeClasses: ['medium'] }, pct: 35 },
  { kind: 'min-share-of-funds', where: { vsicDivisions: ['26', '27'] }, pct: 20 },
];

function comparisonRows(o: Pick<SelectionOutcome, 'funded' | 'totalVnd' | 'comparison'>): [string, string][] {
  const c = o.comparison!;
  return [
    ['lexicographic: funded', `${o.funded.length} for ${(o.totalVnd / 1e9).toFixed(2)} bn VND`],
    [
      'merit-order greedy (quotas ignored): funded',
      `${c.meritOrder.funded} for ${(c.meritOrder.totalVnd / 1e9).toFixed(2)} bn VND; breaks ${c.meritOrder.violations.length ? c.meritOrder.violations.join('; ') : 'no quota'}`,
    ],
    ['applications funded by one and not the other', String(c.changed)],
    [
      'passed over (departures from merit order), per quota',
      `${c.passedOver} in all: ${c.departures.map((d) => `${d.quota} ${d.passedOver}`).join('; ')}`,
    ],
  ];
}

/** Part 3: the domain's select() on synthetic applications, as the bench's data is distributed. */
async function inProcess() {
  const solver = new HighsSolver();
  for (const n of [1_000, 10_000]) {
    let s = 20261130 + n;
    const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const choose = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const cands: Candidate[] = Array.from({ length: n }, (_, i) => {
      const u = r();
      return {
        applicationId: `app-${String(i).padStart(6, '0')}`,
        taxCode: '0100000000',
        totalPoints: Math.round(300 + 700 * r()) / 10,
        priorityPoints: Math.floor(r() * 3) * 10,
        submittedAt: new Date(Date.UTC(2026, 2, 1) + Math.floor(r() * 200 * 86_400_000)).toISOString(),
        requestedAmountVnd: Math.round(50 + 450 * r()) * 1_000_000,
        sizeClass: u < 0.47 ? 'micro' : u < 0.79 ? 'small' : 'medium',
        communeCode: choose(HANOI_COMMUNES).code,
        vsicMain: choose(['2592', '2599', '2620', '2740', '2930', '2219']),
      };
    });
    const budgetVnd = Math.round(cands.reduce((a, c) => a + c.requestedAmountVnd, 0) * 0.1);
    for (const [name, quotas] of [
      ['binding', BINDING],
      ['not binding', SLACK],
    ] as const) {
      const policy = policySchema.parse({ budgetVnd, quotas });
      await select(cands.slice(0, 50), policy, solver, { rubricPassMark: 50 }); // warm the solver's WebAssembly
      const t = performance.now();
      const out = await select(cands, policy, solver, { rubricPassMark: 50 });
      const ms = performance.now() - t;
      printTable(
        `3. ${n.toLocaleString('en')} applications in-process, 3 share quotas (${name}), pass mark 50, budget ${(budgetVnd / 1e9).toFixed(1)} bn VND`,
        [
          [
            'time (exact lexicographic + the greedy beside it)',
            `${(ms / 1000).toFixed(2)} s (target < 5 s); solver: ${out.comparison!.solver.calls} calls, ${out.comparison!.solver.timeMs} ms; exact: ${out.exact}`,
          ],
          ...comparisonRows(out),
        ],
      );
    }
  }
}

async function throughAndOverHttp() {
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
    await forEachLimit(batches, 8, async (b) => {
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
    await forEachLimit(rawIds, width, async (id) => {
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

    // 2. Selection over them, three binding share quotas, a budget of 10 % of the requests.
    const token = await tokenFor({ agency: AGENCY, roles: ['officer'], sub: 'bench-selector' });
    const budgetVnd = Math.round(envelopes.reduce((s, e) => s + e.data.requestedAmountVnd, 0) * 0.1);
    const body = { budgetVnd, quotas: BINDING };
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
      `2. Selection (what-if) over HTTP, ${last.candidates.toLocaleString('en')} scored applications, 3 share quotas, budget ${(budgetVnd / 1e9).toFixed(1)} bn VND`,
      [
        ['end to end over HTTP, each run', `${runs.map((r) => `${(r.ms / 1000).toFixed(2)} s`).join(', ')} (target < 5 s)`],
        [
          'of which ranking + allocation',
          `${last.solveMs} ms; solver: ${c.solver.calls} calls, ${c.solver.timeMs} ms; exact: ${last.exact}`,
        ],
        [
          'eligible (pass mark)',
          `${last.funded.length + last.waitlisted.length} of ${last.candidates} (pass mark ${last.passMark}; ${last.notFunded.length} below it)`,
        ],
        ...comparisonRows(last),
      ],
    );
  } finally {
    const code = await runtime.stop();
    if (code !== 0) console.error(`runtime exited with ${code}`);
  }
}

await main();
