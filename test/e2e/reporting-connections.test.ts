/**
 * Reporting counts the supporting-industry network on the local runtime: match funnel steps
 * recorded through `POST /matches/{id}/events` move the funnel counters of the need's agency, and
 * `contracted` with a buyer that makes or assembles finished products moves the direct-supplier
 * measure once per enterprise — a second contract and a re-delivered event included — and with a
 * tier-1 not at all; a fair's schedule runs (`fair.scheduled`, published through matching's outbox
 * and the relay like any of its events) move the fair meetings by difference; a training grant's
 * head counts (recorded on the decision) move the trainee targets' head counts, and the files of
 * the day they were received count one completed and one withdrawn.
 *
 * The runtime is shared with the other e2e files: figures asserted exactly belong to an agency
 * only this file uses (it owns the buyer, the needs and the fair); a commune's figures are deltas.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import '../../shared/contracts/index.ts';
import { newEnvelope, type Envelope } from '../../shared/contracts/envelope.ts';
import { assertMatchesContract } from '../../shared/contracts/registry.ts';
import { localNames } from '../../shared/manifest.ts';
import { localClients } from '../support/aws.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { reportingCell, reportingCells } from '../support/reporting.ts';
import { programmeBody, registeredEnterprise } from '../support/intake.ts';
import { postSigned, registryEvent } from '../support/registry.ts';
import { daysFromToday, thisYear } from '../support/clock.ts';
import { clock } from '../../shared/time/clock.ts';

const base = inject('runtime').url;
const AGENCY = `so-test-${randomUUID().slice(0, 8)}`;
const YEAR = thisYear();
let officer: string; // of this file's agency: owns the buyer, its needs and their matches
let network: string; // Sở Công Thương: keeps the supplier profiles
let coordinator: string;

beforeAll(async () => {
  officer = await tokenFor({ agency: AGENCY, roles: ['officer'], sub: `officer-${AGENCY}` });
  network = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'officer-sct' });
  coordinator = await tokenFor({ agency: 'so-tai-chinh', roles: ['viewer'], sub: 'coordinator' });
});

const { doc, sqs } = localClients();

/** The agency's counter cell for this year: every measure reporting keeps for it. */
const agencyCell = () => reportingCell(YEAR, 'agency', AGENCY);

const communeCell = (code: string) => reportingCell(YEAR, 'commune', code);

async function kpi(target: string): Promise<number> {
  const res = await call(base, 'GET', `/kpis?year=${YEAR}&agency=${AGENCY}`, { token: coordinator });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { target: string; actual: number }[]).find((i) => i.target === target)!.actual;
}

/** Wait until the agency's cell satisfies `ok`. */
const cellWhen = (ok: (c: Record<string, number>) => boolean) =>
  eventually(async () => {
    const c = await agencyCell();
    return ok(c) ? c : undefined;
  }, 30_000);

async function supplier(communeCode: string) {
  const event = registryEvent({ enterprise: { communeCode } });
  expect((await postSigned(base, event)).body.results[0].outcome).toBe('applied');
  const res = await eventually(
    async () => {
      const r = await call(base, 'PUT', `/suppliers/${event.taxCode}/profile`, {
        token: network,
        body: {
          processes: ['cnc-machining', 'anodising'],
          products: [{ name: 'Machined aluminium housings', sector: 'electronics', hsCode: '847330' }],
          materials: ['aluminium 6061'],
          certifications: [{ standard: 'ISO 9001', validUntil: daysFromToday(600) }],
          monthlyCapacity: 20_000,
          toleranceMm: 0.01,
          tier: 2,
          customers: [],
          exportExperience: true,
          languages: ['vi'],
          contacts: [],
        },
      });
      return r.status === 422 ? undefined : r;
    },
    30_000,
    200,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return event.taxCode;
}

/** An FDI assembler of finished products (it says so), or a tier-1 (by default it does not). */
async function buyer(kind: 'fdi' | 'tier1' = 'fdi'): Promise<string> {
  const res = await call(base, 'POST', '/buyers', {
    token: officer,
    body:
      kind === 'fdi'
        ? { name: 'Canon Vietnam', kind, makesFinishedProducts: true, country: 'JP', site: { park: 'thang-long' } }
        : { name: 'Denso Vietnam', kind, country: 'JP' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function need(buyerId: string): Promise<string> {
  const res = await call(base, 'POST', `/buyers/${buyerId}/needs`, {
    token: officer,
    body: {
      title: 'Anodised housings',
      processes: ['cnc-machining'],
      certifications: [],
      volumePerMonth: 10_000,
      deadline: daysFromToday(120),
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function steps(matchId: string, list: string[]) {
  for (const step of list) {
    const r = await call(base, 'POST', `/matches/${matchId}/events`, {
      token: officer,
      body: step === 'declined' ? { step, reason: 'price too high' } : { step },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
}

async function eventsQueue(): Promise<string> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: localNames.queue('reporting', 'events') }));
  return QueueUrl!;
}

const funnel = (c: Record<string, number>, step: string) => c[`funnel:${step}`] ?? 0;

describe('the match funnel in the counters', () => {
  it('moves each step once, and counts a supplier contracted twice, and re-delivered, once toward direct suppliers', async () => {
    const [a, b] = await Promise.all([supplier('00454'), supplier('00493')]);
    const buyerId = await buyer();
    const [n1, n2] = await Promise.all([need(buyerId), need(buyerId)]);

    await steps(`${n1}_${a}`, ['proposed', 'contacted', 'met', 'contracted']);
    await steps(`${n2}_${a}`, ['proposed', 'sample', 'contracted']);
    await steps(`${n1}_${b}`, ['proposed', 'declined']);

    const cell = await cellWhen((c) => funnel(c, 'contracted') === 2 && funnel(c, 'declined') === 1 && funnel(c, 'proposed') === 3);
    expect(
      Object.fromEntries(
        ['proposed', 'contacted', 'met', 'sample', 'trial-order', 'contracted', 'declined'].map((s) => [s, funnel(cell, s)]),
      ),
    ).toEqual({ proposed: 3, contacted: 1, met: 1, sample: 1, 'trial-order': 0, contracted: 2, declined: 1 });
    // Two contracts, one enterprise: one direct supplier. Two suppliers proposed to one buyer: two participations.
    expect(await kpi('cnht-direct-suppliers')).toBe(1);
    expect(await kpi('cnht-connection')).toBe(2);

    // The contract's message delivered again (twice), then a marker: a new supplier's proposal.
    const outbox = await doc.send(
      new ScanCommand({
        TableName: localNames.outboxTable('matching'),
        FilterExpression: '#t = :t AND contains(envelope, :m)',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':t': 'match.progressed', ':m': `${n1}_${a}` },
      }),
    );
    const contracted = (outbox.Items ?? [])
      .map((i) => JSON.parse(i.envelope as string) as Envelope<{ step: string }>)
      .find((e) => e.data.step === 'contracted')!;
    expect(contracted).toBeDefined();
    const url = await eventsQueue();
    for (let i = 0; i < 2; i++) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(contracted) }));
    const c = await supplier('00454');
    await steps(`${n2}_${c}`, ['proposed']);
    const after = await cellWhen((x) => funnel(x, 'proposed') === 4);

    expect(funnel(after, 'contracted')).toBe(2);
    expect(after['m:direct-suppliers']).toBe(1);
    expect(await kpi('cnht-direct-suppliers')).toBe(1);

    // A contract with a tier-1 (it supplies modules; it makes no finished product): the funnel moves, no direct supplier.
    const tier1 = await need(await buyer('tier1'));
    const d = await supplier('00454');
    await steps(`${tier1}_${d}`, ['proposed', 'contracted']);
    const last = await cellWhen((x) => funnel(x, 'contracted') === 3);
    expect(last['m:direct-suppliers']).toBe(1);
    expect(await kpi('cnht-direct-suppliers')).toBe(1);
  });
});

describe('fair meetings in the counters', () => {
  const COMMUNE = '00025';

  /** A schedule run, written to matching's outbox as matching's unit of work writes it: the relay delivers it. */
  async function published(data: Record<string, unknown>): Promise<Envelope> {
    const envelope = newEnvelope({ type: 'fair.scheduled', source: 'matching', data });
    assertMatchesContract(envelope);
    await doc.send(
      new PutCommand({
        TableName: localNames.outboxTable('matching'),
        Item: {
          id: envelope.id,
          type: envelope.type,
          envelope: JSON.stringify(envelope),
          expiresAt: Math.floor(Date.now() / 1000) + 86_400,
        },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
    return envelope;
  }

  const run = (runId: string, o: { added: number; removed: number; meetings: number; enterprises: unknown[] }) => ({
    fairId: `fair-${AGENCY}`,
    runId,
    mode: o.removed ? 'top-up' : 'initial',
    agency: AGENCY,
    heldOn: `${YEAR}-12-05`,
    completedAt: clock.now().toISOString(),
    meetings: o.meetings,
    meetingsAdded: o.added,
    meetingsRemoved: o.removed,
    enterprises: o.enterprises,
  });
  const enterprise = (taxCode: string, added: number, removed: number) => ({
    taxCode,
    role: 'exhibitor',
    communeCode: COMMUNE,
    vsicMain: '2592',
    sizeClass: 'small',
    added,
    removed,
  });

  it('adds each run’s meetings added minus removed, once however often a run is delivered', async () => {
    const commune0 = (await communeCell(COMMUNE)).fairMeetings ?? 0;
    await published(run('run-1', { added: 10, removed: 0, meetings: 10, enterprises: [enterprise('0100000001', 4, 0)] }));
    await cellWhen((c) => c.fairMeetings === 10);
    const topUp = await published(run('run-2', { added: 3, removed: 2, meetings: 11, enterprises: [enterprise('0100000001', 0, 1)] }));
    await cellWhen((c) => c.fairMeetings === 11);

    // The top-up delivered again, then a third run as the marker.
    const url = await eventsQueue();
    for (let i = 0; i < 2; i++) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(topUp) }));
    await published(run('run-3', { added: 1, removed: 0, meetings: 12, enterprises: [] }));
    const after = await cellWhen((c) => c.fairMeetings === 12);

    expect(after.fairMeetings).toBe(12);
    expect(((await communeCell(COMMUNE)).fairMeetings ?? 0) - commune0).toBe(3);
  });
});

describe('intake in the counters', () => {
  async function programme(): Promise<string> {
    const res = await call(base, 'POST', '/programmes', {
      token: officer,
      body: programmeBody({
        ownerAgency: AGENCY,
        category: 'worker-training',
        rubric: null,
        questions: [],
        requiredDocuments: [],
        annualTargets: [
          { target: 'workers-trained', count: 500 },
          { target: 'ceos-trained', count: 20 },
        ],
      }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  const submit = async (id: string) => {
    const r = await call(base, 'POST', `/applications/${id}/submit`, { token: officer });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { dueOn: string };
  };

  it("counts the head counts a training grant records as the trainee targets' head counts, and the day's files one completed and one withdrawn", async () => {
    const p = await programme();
    const trained = await registeredEnterprise(base, officer, p);
    const left = await registeredEnterprise(base, officer, p);
    await submit(trained.draft.id);
    await submit(left.draft.id);
    // Another officer of the agency decides (four eyes).
    const head = await tokenFor({ agency: AGENCY, roles: ['officer'], sub: `head-${AGENCY}` });
    const tooMany = await call(base, 'POST', `/applications/${trained.draft.id}/decision`, {
      token: head,
      body: { outcome: 'approved', amountVnd: 10_000_000, workersTrained: 100_001, ceosTrained: -1 },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.ceosTrained', 'body.workersTrained']);
    const decided = await call(base, 'POST', `/applications/${trained.draft.id}/decision`, {
      token: head,
      body: { outcome: 'approved', amountVnd: 10_000_000, workersTrained: 35, ceosTrained: 2 },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const withdrawn = await call(base, 'POST', `/applications/${left.draft.id}/withdraw`, {
      token: officer,
      body: { reason: 'changed plans' },
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);

    const cell = await cellWhen((c) => c.workersTrained === 35 && c.withdrawn === 1 && c.completed === 1 && c.received === 2);
    expect(cell).toMatchObject({ received: 2, completed: 1, withdrawn: 1, workersTrained: 35, ceosTrained: 2 });
    expect(await kpi('workers-trained')).toBe(35);
    expect(await kpi('ceos-trained')).toBe(2);
    // The files of the day they were received (today, or the decision's day for a decision that does
    // not say when its file came in): two received, one completed, one withdrawn — none in progress.
    const days = (await reportingCells(YEAR, 'day-agency')).filter((c) => c.value.endsWith(`#${AGENCY}`)).map((c) => c.measures);
    const sum = (m: string) => days.reduce((n, i) => n + (i[m] ?? 0), 0);
    expect([sum('received'), sum('receivedCompleted'), sum('receivedWithdrawn')]).toEqual([2, 1, 1]);
  });
});
