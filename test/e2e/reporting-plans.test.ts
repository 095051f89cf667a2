/**
 * The approved plan and completed activities reach reporting on the local runtime, through its
 * events queue as the planning service's outbox would deliver them: `plan.approved` → `GET /kpis`
 * shows the plan's goals for the city and an agency's allocation as that agency's goal (a later
 * version replaces it, an older one arriving late does not); an `activity.completed` in two parts,
 * each delivered more than once and the activity completed again, moves indirect support and the
 * workers trained once — distinct enterprises, distinct people, head counts apart.
 *
 * The runtime is shared with the other e2e files, whose events count in this year: the plan here
 * is for a year no other file writes (40 years on, inside the contract's range), so its figures
 * are this file's alone and asserted exactly.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import '../../shared/contracts/index.ts';
import { newEnvelope, type Envelope } from '../../shared/contracts/envelope.ts';
import { assertMatchesContract } from '../../shared/contracts/registry.ts';
import { localNames } from '../../shared/manifest.ts';
import { localClients } from '../support/aws.ts';
import { nowIso, thisYear } from '../support/clock.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { freshTaxCode } from '../support/registry.ts';

const base = inject('runtime').url;
const YEAR = thisYear() + 40;
const AGENCY = `so-test-${randomUUID().slice(0, 8)}`;
const OTHER = `so-test-${randomUUID().slice(0, 8)}`;
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

type Item = {
  target: string;
  label: string;
  unit: string;
  period: { kind: string; from: string; to: string };
  actual: number;
  byHeadCount?: number;
  goal?: number;
  status?: string;
};
type Kpis = { plan: { id: string; version: number } | null; items: Item[] };

async function kpis(query = '', language = 'en'): Promise<Kpis> {
  const res = await call(base, 'GET', `/kpis?year=${YEAR}&language=${language}${query}`, { token: coordinator });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Kpis;
}

const item = (k: Kpis, target: string) => k.items.find((i) => i.target === target);

const annual = { kind: 'annual' as const, from: String(YEAR), to: String(YEAR) };

/** The plan as the planning service publishes it when a version is approved. */
function approved(version: number, directGoal: number) {
  return newEnvelope({
    type: 'plan.approved',
    source: 'planning',
    data: {
      planId: `plan-${YEAR}-${version}-${randomUUID().slice(0, 8)}`,
      year: YEAR,
      version,
      approvedAt: nowIso(),
      approvedBy: 'approver-2',
      supersedes: null,
      targets: [
        {
          id: 'direct-capacity-support',
          name: { vi: 'DNNVV được hỗ trợ trực tiếp nâng cao năng lực', en: 'SMEs given direct capacity support' },
          unit: 'enterprises',
          period: annual,
          goal: directGoal,
          source: 'Decision 5418/QĐ-UBND (000)',
          measures: ['direct-support'],
          allocations: [{ agency: AGENCY, goal: 12 }],
        },
        {
          id: 'indirect-support',
          name: { vi: 'DNNVV được hỗ trợ gián tiếp', en: 'SMEs supported indirectly' },
          unit: 'enterprises',
          period: annual,
          goal: 40_000,
          source: 'Decision 5418/QĐ-UBND (000)',
          measures: ['indirect-support'],
          allocations: [{ agency: AGENCY, goal: 300 }],
        },
        {
          id: 'workers-trained',
          name: { vi: 'Lao động được đào tạo', en: 'Workers trained' },
          unit: 'people',
          period: annual,
          goal: 15_000,
          source: 'Decision 5418/QĐ-UBND (000)',
          measures: ['workers-trained'],
          allocations: [],
        },
      ],
    },
  });
}

describe('an approved plan', () => {
  it("gives /kpis the plan's goals, and an agency the plan's allocation as its goal; the highest version wins", async () => {
    expect((await kpis()).plan).toBeNull();
    const v2 = approved(2, 4_800);
    await send(v2, v2);
    const k = await eventually(async () => {
      const out = await kpis();
      return out.plan?.version === 2 ? out : undefined;
    }, 30_000);
    expect(k.items.map((i) => i.target)).toEqual(['direct-capacity-support', 'indirect-support', 'workers-trained']);
    expect(item(k, 'direct-capacity-support')).toMatchObject({
      label: 'SMEs given direct capacity support',
      unit: 'enterprises',
      period: annual,
      goal: 4_800,
      actual: 0,
    });
    expect(item(await kpis('', 'vi'), 'indirect-support')?.label).toBe('DNNVV được hỗ trợ gián tiếp');
    const agency = await kpis(`&agency=${AGENCY}`);
    expect(item(agency, 'direct-capacity-support')).toMatchObject({ goal: 12, actual: 0 });
    expect(item(agency, 'workers-trained')?.goal).toBeUndefined();
    expect(item(await kpis(`&agency=${OTHER}`), 'direct-capacity-support')?.goal).toBeUndefined();

    // An older version approved before, delivered late: the year keeps version 2.
    await send(approved(1, 5_000));
    const v3 = approved(3, 5_200);
    await send(v3);
    await eventually(async () => ((await kpis()).plan?.version === 3 ? true : undefined), 30_000);
    expect(item(await kpis(), 'direct-capacity-support')?.goal).toBe(5_200);
  });
});

describe('a completed activity', () => {
  it('moves indirect support and the workers trained once, however often its parts are delivered', async () => {
    const enterprises = [freshTaxCode(), freshTaxCode(), freshTaxCode()];
    const people = [randomUUID(), randomUUID()].map((u) => (u.replaceAll('-', '') + u.replaceAll('-', '')).slice(0, 64));
    const activityId = `act-${randomUUID()}`;
    const part = (n: number, revision: number, attendance: Record<string, unknown>) =>
      newEnvelope({
        type: 'activity.completed',
        source: 'planning',
        data: {
          activityId,
          revision,
          part: n,
          parts: 2,
          kind: 'training-course',
          agency: AGENCY,
          startsOn: `${YEAR}-03-02`,
          endsOn: `${YEAR}-03-03`,
          completedAt: nowIso(),
          targetIds: ['workers-trained', 'indirect-support'],
          attendance: { enterprises: [], people: [], headCounts: [], organisations: [], ...attendance },
        },
      });
    const first = part(1, 1, {
      enterprises: enterprises.slice(0, 2),
      people: people.map((personRef) => ({ personRef, role: 'worker' })),
      headCounts: [{ role: 'worker', count: 14 }],
    });
    const second = part(2, 1, { enterprises: enterprises.slice(1) });
    // Each part twice, the second before the first; then the activity completed again after a correction.
    await send(second, first, second, first);
    const corrected = [
      part(1, 2, {
        enterprises: enterprises.slice(0, 2),
        people: people.map((personRef) => ({ personRef, role: 'worker' })),
        headCounts: [{ role: 'worker', count: 14 }],
      }),
      part(2, 2, { enterprises: enterprises.slice(1) }),
    ];
    await send(...corrected, corrected[0]!);

    const settled = (k: Kpis) => (item(k, 'indirect-support')?.actual === 3 && item(k, 'workers-trained')?.actual === 16 ? k : undefined);
    const agency = await eventually(async () => settled(await kpis(`&agency=${AGENCY}`)), 30_000);
    // Every message is in (the settled figures need the last part of each revision): nothing moves further.
    await new Promise((r) => setTimeout(r, 2_000));
    const again = await kpis(`&agency=${AGENCY}`);
    expect(item(again, 'indirect-support')).toMatchObject({ actual: 3, goal: 300 });
    expect(item(again, 'workers-trained')).toMatchObject({ actual: 16, byHeadCount: 14 });
    expect(item(agency, 'indirect-support')?.status).toBe('on-track');
    const city = await kpis();
    expect(item(city, 'indirect-support')?.actual).toBe(3);
    expect(item(city, 'workers-trained')).toMatchObject({ actual: 16, byHeadCount: 14 });
  });
});
