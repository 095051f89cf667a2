/**
 * The KPI projection on the local runtime, over HTTP: a plan for this year approved and grants
 * counted (through reporting's events queue, as intake's outbox delivers them) → each item of
 * `GET /kpis` has its year-end projection with an 80 % interval around it, for the city and for an
 * agency, and the city's target whose interval cannot reach its goal is at risk. A year that is
 * over projects nothing (its actual is final), nor does a year without data.
 *
 * The runtime is shared with the other e2e files, whose events count in this year too: figures
 * are asserted for this file's own agency, and only as bounds for the city.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import '../../shared/contracts/index.ts';
import { newEnvelope, type Envelope } from '../../shared/contracts/envelope.ts';
import { assertMatchesContract } from '../../shared/contracts/registry.ts';
import { localNames } from '../../shared/manifest.ts';
import { localClients } from '../support/aws.ts';
import { thisYear, today } from '../support/clock.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { freshTaxCode } from '../support/registry.ts';

const base = inject('runtime').url;
const YEAR = thisYear();
const AGENCY = `so-test-${randomUUID().slice(0, 8)}`;
let coordinator: string;

beforeAll(async () => {
  coordinator = await tokenFor({ agency: 'so-tai-chinh', roles: ['viewer'], sub: 'coordinator' });
});

const { sqs } = localClients();

async function send(...envelopes: Envelope[]) {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: localNames.queue('reporting', 'events') }));
  for (const e of envelopes) {
    assertMatchesContract(e);
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(e) }));
  }
}

type Projection = { expected: number; low: number; high: number; coverage: number; method: string; profile: { source: string } };
type Item = { target: string; actual: number; goal?: number; atRisk?: boolean; projection: Projection | null };
type Kpis = { plan: { id: string } | null; items: Item[] };

async function kpis(year: number, query = ''): Promise<Kpis> {
  const res = await call(base, 'GET', `/kpis?year=${year}&language=en${query}`, { token: coordinator });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Kpis;
}
const direct = (k: Kpis) => k.items.find((i) => i.target === 'direct-capacity-support')!;

const plan = (planId: string) =>
  newEnvelope({
    type: 'plan.approved',
    source: 'planning',
    data: {
      planId,
      year: YEAR,
      version: 1,
      approvedAt: new Date().toISOString(),
      approvedBy: 'approver-2',
      supersedes: null,
      targets: [
        {
          id: 'direct-capacity-support',
          name: { vi: 'DNNVV được hỗ trợ trực tiếp nâng cao năng lực', en: 'SMEs given direct capacity support' },
          unit: 'enterprises',
          period: { kind: 'annual', from: String(YEAR), to: String(YEAR) },
          // Far beyond what a test run grants: the interval's top stays under it.
          goal: 900_000,
          source: 'Decision 5418/QĐ-UBND (000)',
          measures: ['direct-support'],
          allocations: [{ agency: AGENCY, goal: 2 }],
        },
      ],
    },
  });

const grant = (year: number, grantedOn: string) =>
  newEnvelope({
    type: 'support.granted',
    source: 'intake',
    data: {
      grantId: randomUUID(),
      applicationId: randomUUID(),
      programmeId: randomUUID(),
      programmeCode: 'PRJ-TEST',
      agency: AGENCY,
      category: 'technology-innovation',
      taxCode: freshTaxCode(),
      communeCode: '00091',
      vsicMain: '2592',
      amountVnd: 10_000_000,
      year,
      grantedOn,
      targets: ['direct-capacity-support'],
      contents: ['tech-innovation/equipment'],
    },
  });

describe('the projection in GET /kpis', () => {
  it('gives each target of a running year its year-end projection with an 80 % interval; a goal out of reach is at risk', async () => {
    const planId = `plan-${YEAR}-proj-${randomUUID().slice(0, 8)}`;
    await send(plan(planId), grant(YEAR, today()), grant(YEAR, today()), grant(YEAR, today()));
    const agency = await eventually(async () => {
      const k = await kpis(YEAR, `&agency=${AGENCY}`);
      return k.plan?.id === planId && direct(k).actual === 3 ? k : undefined;
    }, 30_000);
    for (const k of [agency, await kpis(YEAR)]) {
      const p = direct(k).projection;
      expect(p).toMatchObject({ coverage: 0.8, method: 'seasonal-negative-binomial' });
      expect(p!.low).toBeLessThanOrEqual(p!.expected);
      expect(p!.expected).toBeLessThanOrEqual(p!.high);
      expect(p!.low).toBeGreaterThanOrEqual(direct(k).actual);
    }
    // The agency's allocation (2) is met: not at risk. The city's 900,000 is out of any interval's reach.
    expect(direct(agency)).toMatchObject({ goal: 2, atRisk: false });
    const city = direct(await kpis(YEAR));
    expect(city.projection!.high).toBeLessThan(900_000);
    expect(city).toMatchObject({ goal: 900_000, atRisk: true });
  });

  it('projects nothing for a year that is over (its actual is final), nor for a year without data', async () => {
    const last = YEAR - 1;
    await send(grant(last, `${last}-06-15`));
    const over = await eventually(async () => {
      const k = await kpis(last, `&agency=${AGENCY}`);
      return direct(k).actual === 1 ? k : undefined;
    }, 30_000);
    expect(direct(over).projection).toBeNull();
    for (const i of (await kpis(YEAR + 41)).items) expect(i.projection).toBeNull();
  });
});
