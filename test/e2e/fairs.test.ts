/**
 * A trade fair over HTTP on the local runtime: enterprises pushed through the registry feed, a
 * buyer with a need one of them fits and their match contacted; a fair, its participants (linked
 * to the registry and to the buyer, and one by name only), wishes with If-Match; a schedule run
 * polled to its end; the schedule by slot and by table, an agenda as JSON and as an iCalendar file
 * parsed back; fair.scheduled in the outbox, and the meeting in the match's funnel (scheduled at
 * the fair; met once over, by the fair's agency on another agency's match; taken back when a top-up
 * removes it); a run whose worker was killed, failed through its dead letter.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newEnvelope } from '../../shared/contracts/envelope.ts';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localNames } from '../../shared/manifest.ts';
import { localClients } from '../support/aws.ts';
import { reportingCell } from '../support/reporting.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { postSigned, registryEvent } from '../support/registry.ts';
import { daysFromToday, hanoiInstant, instantFromNow, nowIso } from '../support/clock.ts';

const base = inject('runtime').url;
let sct: string; // Sở Công Thương officer: runs the supplier network and the fair
let khcn: string; // another agency's officer
let stc: string; // the coordinator's viewer

beforeAll(async () => {
  sct = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'officer-sct' });
  khcn = await tokenFor({ agency: 'so-khcn', roles: ['officer'], sub: 'officer-khcn' });
  stc = await tokenFor({ agency: 'so-tai-chinh', roles: ['viewer'], sub: 'viewer-stc' });
});

/** An enterprise announced by the registry, with a supplier profile (CNC machining, ISO 9001). */
async function supplier(): Promise<string> {
  const event = registryEvent({ enterprise: { communeCode: '00454' } });
  expect((await postSigned(base, event)).body.results[0].outcome).toBe('applied');
  const res = await eventually(
    async () => {
      const r = await call(base, 'PUT', `/suppliers/${event.taxCode}/profile`, {
        token: sct,
        body: {
          processes: ['cnc-machining'],
          certifications: [{ standard: 'ISO 9001', validUntil: daysFromToday(600) }],
          monthlyCapacity: 20_000,
          tier: 1,
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

async function scheduledEvents(fairId: string) {
  const { doc } = localClients();
  const out: { type: string; data: Record<string, unknown> }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: localNames.outboxTable('matching'), ExclusiveStartKey: start }));
    for (const i of page.Items ?? []) {
      const e = JSON.parse(i.envelope as string);
      if (e.type === 'fair.scheduled' && e.data.fairId === fairId) out.push(e);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

describe('trade fairs', () => {
  it('schedules a fair from HTTP to the agendas, publishes fair.scheduled and records the meeting in the match’s funnel', async () => {
    const [t1, t2] = [await supplier(), await supplier()];
    const buyer = await call(base, 'POST', '/buyers', {
      token: sct,
      body: { name: 'Canon Vietnam', kind: 'fdi', country: 'JP', site: { park: 'thang-long' } },
    });
    expect(buyer.status, JSON.stringify(buyer.body)).toBe(201);
    const need = await call(base, 'POST', `/buyers/${buyer.body.id}/needs`, {
      token: sct,
      body: { title: 'Machined brackets', processes: ['cnc-machining'], deadline: daysFromToday(120) },
    });
    expect(need.status, JSON.stringify(need.body)).toBe(201);
    const matchId = `${need.body.id}_${t1}`;
    expect((await call(base, 'POST', `/matches/${matchId}/events`, { token: sct, body: { step: 'contacted' } })).status).toBe(201);

    const fair = await call(base, 'POST', '/fairs', {
      token: sct,
      body: {
        name: 'Hội chợ CNHT 2026',
        venue: 'NECC',
        slotMinutes: 20,
        sessions: [{ startsAt: hanoiInstant(3), slots: 3 }],
        tables: 4,
      },
    });
    expect(fair.status, JSON.stringify(fair.body)).toBe(201);
    const fairId = fair.body.id as string;
    expect(fair.body.slots.map((s: { id: string }) => s.id)).toEqual(['s01', 's02', 's03']);
    expect((await call(base, 'GET', `/fairs/${fairId}`, { token: khcn })).status).toBe(404);
    expect((await call(base, 'GET', `/fairs/${fairId}`, { token: stc })).status).toBe(200);
    expect((await call(base, 'GET', '/fairs?limit=100', { token: sct })).body.items.some((f: { id: string }) => f.id === fairId)).toBe(
      true,
    );

    const add = async (body: Record<string, unknown>) => {
      const r = await call(base, 'POST', `/fairs/${fairId}/participants`, { token: sct, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as { id: string; name: string };
    };
    const canon = await add({ role: 'buyer', buyerId: buyer.body.id });
    const lg = await add({ role: 'buyer', name: 'LG Display', maxMeetings: 2, blockedSlots: ['s01'] });
    const e1 = await add({ role: 'exhibitor', taxCode: t1, fixedTable: 4 });
    const e2 = await add({ role: 'exhibitor', taxCode: t2 });
    const e3 = await add({ role: 'exhibitor', name: 'Xưởng cơ khí Gia Lâm' });
    expect(canon.name).toBe('Canon Vietnam');
    const bad = await call(base, 'POST', `/fairs/${fairId}/participants`, {
      token: sct,
      body: { role: 'buyer', name: 'X', blockedSlots: ['s09'] },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');

    // Wishes: LG must meet e2 and says no thanks to e3, who asked to meet LG; Canon, e1 and e2 gave none
    // (matching proposes Canon's pairs: both suppliers fit its need).
    const put = (pid: string, body: unknown, ifMatch?: string) =>
      call(base, 'PUT', `/fairs/${fairId}/participants/${pid}/preferences`, {
        token: sct,
        body,
        ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
      });
    const saved = await put(lg.id, { mustMeet: [e2.id], noThanks: [e3.id] }, '"1"');
    expect((await put(e3.id, { meet: [lg.id] })).status).toBe(200);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');
    expect((await put(lg.id, { mustMeet: [e2.id] }, '"1"')).status).toBe(409);
    expect((await put(lg.id, { meet: [canon.id] })).status).toBe(422);

    const asked = await call(base, 'POST', `/fairs/${fairId}/schedule-runs`, { token: sct, body: { mode: 'initial' } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const runId = asked.body.id as string;
    const run = await eventually(
      async () => {
        const r = await call(base, 'GET', `/fairs/${fairId}/schedule-runs/${runId}`, { token: sct });
        return r.body.status === 'running' ? undefined : r.body;
      },
      60_000,
      250,
    );
    expect(run).toMatchObject({ status: 'done', mode: 'initial', meetings: 3, boundMethod: 'lp' });
    expect(run.totalWeight).toBeLessThanOrEqual(run.upperBound);
    expect(run.gapPct).toBeGreaterThanOrEqual(0);

    const schedule = await call(base, 'GET', `/fairs/${fairId}/schedule?by=table`, { token: stc });
    expect(schedule.status).toBe(200);
    type TableGroup = { table: number; meetings: { slotId: string; buyerId: string; exhibitorId: string }[] };
    const meetings = (schedule.body.items as TableGroup[]).flatMap((g) => g.meetings.map((m) => ({ ...m, table: g.table })));
    expect(schedule.body).toMatchObject({ part: 'groups', by: 'table', counts: { meetings: 3, unscheduled: 1 }, nextCursor: null });
    expect(schedule.body).not.toHaveProperty('meetings');
    const pairs = meetings.map((m) => `${m.buyerId}|${m.exhibitorId}`).sort();
    expect(pairs).toEqual([`${canon.id}|${e1.id}`, `${canon.id}|${e2.id}`, `${lg.id}|${e2.id}`].sort());
    expect(meetings.find((m) => m.exhibitorId === e1.id)!.table).toBe(4);
    expect(meetings.find((m) => m.buyerId === lg.id)!.slotId).not.toBe('s01');
    const unscheduled = await call(base, 'GET', `/fairs/${fairId}/schedule?part=unscheduled&limit=10`, { token: stc });
    expect(unscheduled.body.items).toEqual([expect.objectContaining({ buyerId: lg.id, exhibitorId: e3.id, code: 'declined', weight: 10 })]);
    expect(unscheduled.body.participants.map((p: { id: string }) => p.id).sort()).toEqual([lg.id, e3.id].sort());
    const stored = await fetch(schedule.body.download.url);
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { run: { meetings: unknown[] } }).run.meetings).toHaveLength(3);
    // By slot, a page at a time: every slot of the fair in time order, two to a page.
    const first = await call(base, 'GET', `/fairs/${fairId}/schedule?limit=2`, { token: sct });
    expect(first.body.items.map((g: { slotId: string }) => g.slotId)).toEqual(['s01', 's02']);
    const rest = await call(base, 'GET', `/fairs/${fairId}/schedule?limit=2&cursor=${first.body.nextCursor}`, { token: sct });
    expect(rest.body.items.map((g: { slotId: string }) => g.slotId)).toEqual(['s03']);
    expect(rest.body.nextCursor).toBeNull();
    const narrowWrong = await call(base, 'GET', `/fairs/${fairId}/schedule?part=unscheduled&slot=s01`, { token: sct });
    expect(narrowWrong.status).toBe(400);

    const agenda = await call(base, 'GET', `/fairs/${fairId}/participants/${e1.id}/agenda`, { token: sct });
    expect(agenda.status).toBe(200);
    expect(agenda.body.meetings).toEqual([
      expect.objectContaining({ table: 4, with: { id: canon.id, role: 'buyer', name: 'Canon Vietnam' } }),
    ]);
    const ics = await call(base, 'GET', `/fairs/${fairId}/participants/${e1.id}/agenda`, {
      token: sct,
      headers: { accept: 'text/calendar' },
    });
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = ics.body as string;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe(agenda.body.meetings[0].startsAt);
    // In Vietnamese unless the reader asks for English.
    expect(events[0]!.location).toBe('Bàn 4, NECC');
    expect(events[0]!.uid).toBe(`${fairId}.${canon.id}.${e1.id}@sme-support`);
    const en = await call(base, 'GET', `/fairs/${fairId}/participants/${e1.id}/agenda?lang=en`, {
      token: sct,
      headers: { accept: 'text/calendar' },
    });
    expect(en.status).toBe(200);
    const [enEvent] = new ICAL.Component(ICAL.parse(en.body as string)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(enEvent!.location).toBe('Table 4, NECC');

    const published = await eventually(async () => {
      const found = await scheduledEvents(fairId);
      return found.length ? found : undefined;
    });
    expect(published).toHaveLength(1);
    expect(published[0]!.data).toMatchObject({
      runId,
      mode: 'initial',
      agency: 'so-cong-thuong',
      heldOn: daysFromToday(3),
      meetings: 3,
      meetingsAdded: 3,
    });
    expect((published[0]!.data.enterprises as { taxCode: string; added: number }[]).map((e) => [e.taxCode, e.added]).sort()).toEqual(
      [
        [t1, 1],
        [t2, 2],
      ].sort(),
    );

    // The meeting is in the match's funnel: scheduled at the fair, not met — the fair is yet to come.
    const scheduled = await eventually(
      async () => {
        const m = await call(base, 'GET', `/matches/${matchId}`, { token: sct });
        return m.body.step === 'scheduled-at-fair' ? m.body : undefined;
      },
      30_000,
      250,
    );
    expect(scheduled.history.at(-1)).toMatchObject({ step: 'scheduled-at-fair', by: `fair-run:${runId}`, agency: 'so-cong-thuong' });

    // A top-up keeps the schedule and changes nothing when nothing changed.
    const topUp = await call(base, 'POST', `/fairs/${fairId}/schedule-runs`, { token: sct, body: { mode: 'top-up' } });
    expect(topUp.status).toBe(202);
    const second = await eventually(
      async () => {
        const r = await call(base, 'GET', `/fairs/${fairId}/schedule-runs/${topUp.body.id}`, { token: sct });
        return r.body.status === 'running' ? undefined : r.body;
      },
      60_000,
      250,
    );
    expect(second).toMatchObject({
      status: 'done',
      mode: 'top-up',
      meetings: 3,
      meetingsAdded: 0,
      meetingsRemoved: 0,
      previousRunId: runId,
    });
  });

  it('records a meeting in another agency’s match funnel as the fair’s agency: met once over, taken back when removed', async () => {
    const coordinator = await tokenFor({ agency: 'so-tai-chinh', roles: ['officer'], sub: 'officer-stc' });
    // An agency of this test alone owns the buyer, its need and matches: reporting's figures for it are exact.
    const agency = `so-test-${randomUUID().slice(0, 8)}`;
    const owner = await tokenFor({ agency, roles: ['officer'], sub: `officer-${agency}` });
    const [t1, t2] = [await supplier(), await supplier()];
    const buyer = await call(base, 'POST', '/buyers', { token: owner, body: { name: 'Samsung Display', kind: 'fdi', country: 'KR' } });
    const need = await call(base, 'POST', `/buyers/${buyer.body.id}/needs`, {
      token: owner,
      body: { title: 'CNC frames', processes: ['cnc-machining'], deadline: daysFromToday(200) },
    });
    const [m1, m2] = [`${need.body.id}_${t1}`, `${need.body.id}_${t2}`];
    for (const m of [m1, m2])
      expect((await call(base, 'POST', `/matches/${m}/events`, { token: owner, body: { step: 'contacted' } })).status).toBe(201);
    const stepOf = (matchId: string, step: string) =>
      eventually(
        async () => {
          const m = await call(base, 'GET', `/matches/${matchId}`, { token: owner });
          return m.body.step === step ? m.body : undefined;
        },
        30_000,
        250,
      );
    // Fairs run by the coordinator's agency, which may link every agency's buyers.
    const fairWith = async (startsAt: string, taxCode: string) => {
      const fair = await call(base, 'POST', '/fairs', {
        token: coordinator,
        body: { name: 'Hội chợ kết nối', slotMinutes: 20, sessions: [{ startsAt, slots: 1 }], tables: 2 },
      });
      expect(fair.status, JSON.stringify(fair.body)).toBe(201);
      const add = async (body: unknown) =>
        (await call(base, 'POST', `/fairs/${fair.body.id}/participants`, { token: coordinator, body })).body;
      const b = await add({ role: 'buyer', buyerId: buyer.body.id });
      const e = await add({ role: 'exhibitor', taxCode });
      const put = await call(base, 'PUT', `/fairs/${fair.body.id}/participants/${b.id}/preferences`, {
        token: coordinator,
        body: { mustMeet: [e.id] },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      return { fairId: fair.body.id as string, b, e };
    };
    const runTo = async (fairId: string, mode: string) => {
      const asked = await call(base, 'POST', `/fairs/${fairId}/schedule-runs`, { token: coordinator, body: { mode } });
      expect(asked.status, JSON.stringify(asked.body)).toBe(202);
      const done = await eventually(
        async () => {
          const r = await call(base, 'GET', `/fairs/${fairId}/schedule-runs/${asked.body.id}`, { token: coordinator });
          return r.body.status === 'running' ? undefined : r.body;
        },
        60_000,
        250,
      );
      expect(done.status).toBe('done');
      return asked.body.id as string;
    };

    // A fair whose one meeting ended an hour ago: scheduled at the fair, then met — both by the fair's agency.
    const past = await fairWith(instantFromNow(-80 * 60_000), t1);
    const pastRun = await runTo(past.fairId, 'initial');
    const met = await stepOf(m1, 'met');
    expect(met.history.slice(-2)).toMatchObject([
      { step: 'scheduled-at-fair', by: `fair-run:${pastRun}`, agency: 'so-tai-chinh' },
      { step: 'met', by: `fair:${past.fairId}`, agency: 'so-tai-chinh' },
    ]);
    // The held-meetings schedule finds nothing more to record.
    expect((await call(base, 'POST', '/local/schedules/matching/fair-meetings-held')).status).toBe(200);
    expect((await call(base, 'GET', `/matches/${m1}`, { token: owner })).body.history).toHaveLength(met.history.length);

    // A fair to come: scheduled at the fair; a top-up after the buyer's no-thanks removes the meeting
    // and takes the step back.
    const future = await fairWith(instantFromNow(3 * 24 * 3600_000), t2);
    await runTo(future.fairId, 'initial');
    await stepOf(m2, 'scheduled-at-fair');
    const no = await call(base, 'PUT', `/fairs/${future.fairId}/participants/${future.b.id}/preferences`, {
      token: coordinator,
      body: { noThanks: [future.e.id] },
    });
    expect(no.status).toBe(200);
    const topUp = await runTo(future.fairId, 'top-up');
    const back = await stepOf(m2, 'contacted');
    expect(back.history.at(-1)).toMatchObject({
      step: 'contacted',
      undoes: 'scheduled-at-fair',
      by: `fair-run:${topUp}`,
      agency: 'so-tai-chinh',
    });

    // Reporting, from matching's events: both matches scheduled at a fair, one taken back; one met.
    const year = new Date(met.history.at(-1).at).getUTCFullYear();
    const cell = await eventually(
      async () => {
        const c = await reportingCell(year, 'agency', agency);
        return c['funnel:met'] === 1 && c['funnel:scheduled-at-fair'] === 1 ? c : undefined;
      },
      30_000,
      250,
    );
    expect(cell['funnel:contacted']).toBe(2);
  });

  it('fails a run whose worker was killed in every attempt: the run queue’s dead letter is settled with why', async () => {
    const fair = await call(base, 'POST', '/fairs', {
      token: sct,
      body: { name: 'Hội chợ thử', slotMinutes: 20, sessions: [{ startsAt: hanoiInstant(3), slots: 2 }], tables: 2 },
    });
    expect(fair.status, JSON.stringify(fair.body)).toBe(201);
    const fairId = fair.body.id as string;
    expect((await call(base, 'POST', `/fairs/${fairId}/participants`, { token: sct, body: { role: 'buyer', name: 'B' } })).status).toBe(
      201,
    );

    // What a run killed three times (out of memory, say) leaves behind: its record, running, three
    // attempts counted and no error noted, the fair's active run — and its request in the DLQ,
    // where SQS moves it after the third receive.
    const { doc, sqs } = localClients();
    const runId = randomUUID();
    const at = nowIso();
    const table = localNames.table('matching', 'fairs');
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: `FAIR#${fairId}`,
          sk: `RUN#${runId}`,
          fairId,
          id: runId,
          mode: 'initial',
          status: 'running',
          requestedAt: at,
          requestedBy: 'officer-sct',
          attempts: 3,
        },
      }),
    );
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `FAIR#${fairId}`, sk: 'FAIR' },
        UpdateExpression: 'SET activeRun = :run',
        ExpressionAttributeValues: { ':run': { id: runId, at } },
      }),
    );
    expect((await call(base, 'POST', `/fairs/${fairId}/schedule-runs`, { token: sct, body: {} })).status).toBe(409);
    const dlq = (await sqs.send(new GetQueueUrlCommand({ QueueName: localNames.dlq('matching', 'fair-runs') }))).QueueUrl!;
    const letter = newEnvelope({ type: 'fair.run-requested', source: 'matching', data: { fairId, runId, mode: 'initial' } });
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: JSON.stringify(letter) }));

    const failed = await eventually(
      async () => {
        const r = await call(base, 'GET', `/fairs/${fairId}/schedule-runs/${runId}`, { token: sct });
        return r.body.status === 'running' ? undefined : r.body;
      },
      30_000,
      250,
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('after 3 attempts, the last ended without finishing or reporting an error');
    expect(failed.error).toContain('out of memory, or past its 300 s time limit');
    // The fair is free to be scheduled again.
    expect((await call(base, 'POST', `/fairs/${fairId}/schedule-runs`, { token: sct, body: {} })).status).toBe(202);
  });
});
