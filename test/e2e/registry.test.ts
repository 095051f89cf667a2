/**
 * The registry over HTTP on the local runtime: the signed feed, ordering and idempotency, the
 * checks with their reasons, Decree 80 size classes at their boundaries, search, history,
 * commune scoping, events reaching subscribers, and a bulk import with good and bad rows.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, eventually, tokenFor } from '../support/http.ts';
import { freshTaxCode, postSigned, registryEvent } from '../support/registry.ts';
import { clock } from '../../shared/time/clock.ts';

const base = inject('runtime').url;
let officer: string;
let admin: string;

beforeAll(async () => {
  officer = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'] });
  admin = await tokenFor({ agency: 'so-tai-chinh', roles: ['admin'] });
});

const profile = async (taxCode: string) => (await call(base, 'GET', `/enterprises/${taxCode}`, { token: officer })).body;

describe('signed feed', () => {
  it('applies a signed batch and answers each event', async () => {
    const a = registryEvent();
    const b = registryEvent({
      enterprise: { name: 'Công ty Cổ phần Điện tử Việt Hưng', legalForm: 'jsc', vsic: { version: '2018', main: '2610', others: [] } },
    });

    const res = await postSigned(base, { events: [a, b] });

    expect(res.status).toBe(202);
    expect(res.body.results).toEqual([
      { eventId: a.eventId, outcome: 'applied', errors: [] },
      { eventId: b.eventId, outcome: 'applied', errors: [] },
    ]);
    expect(await profile(b.taxCode)).toMatchObject({ taxCode: b.taxCode, name: 'Công ty Cổ phần Điện tử Việt Hưng', revision: 1 });
  });

  it('accepts a single event without the batch wrapper', async () => {
    const e = registryEvent();
    const res = await postSigned(base, e);
    expect(res.body.results[0].outcome).toBe('applied');
  });

  it('refuses a tampered body with 401 and stores nothing', async () => {
    const e = registryEvent();
    const res = await postSigned(base, { events: [e] }, { tamper: (raw) => raw.replace('Thăng Long', 'Thăng Lóng') });
    expect(res.status).toBe(401);
    expect(res.body.title).toBe('Unauthorized');
    expect((await call(base, 'GET', `/enterprises/${e.taxCode}`, { token: officer })).status).toBe(404);
  });

  it('refuses a timestamp more than 5 minutes old, and a wrong secret', async () => {
    const e = registryEvent();
    const old = await postSigned(base, { events: [e] }, { timestamp: Math.floor(clock.now().getTime() / 1000) - 301 });
    const wrong = await postSigned(base, { events: [e] }, { secret: 'another-secret-of-some-length' });
    expect(old.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect((await call(base, 'GET', `/enterprises/${e.taxCode}`, { token: officer })).status).toBe(404);
  });

  it('refuses an unsigned request before looking at its body', async () => {
    const res = await call(base, 'POST', '/registry/events', { body: { nonsense: true } });
    expect(res.status).toBe(401);
  });
});

describe('ordering and idempotency', () => {
  it('keeps the highest revision whatever the arrival order, and calls resends duplicates', async () => {
    const taxCode = freshTaxCode();
    const r1 = registryEvent({ taxCode, revision: 1, enterprise: { employees: 5 } });
    const r2 = registryEvent({
      taxCode,
      type: 'amended',
      revision: 2,
      occurredAt: '2026-04-01T08:00:00+07:00',
      enterprise: { employees: 20 },
    });
    const r3 = registryEvent({
      taxCode,
      type: 'amended',
      revision: 3,
      occurredAt: '2026-05-01T08:00:00+07:00',
      enterprise: { employees: 30, communeCode: '00008' },
    });

    const first = await postSigned(base, { events: [r3, r1] });
    const second = await postSigned(base, { events: [r2, r3, r1] });

    expect(first.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'stale']);
    expect(second.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['stale', 'duplicate', 'duplicate']);
    expect(await profile(taxCode)).toMatchObject({ revision: 3, employees: 30, communeCode: '00008' });
  });

  it('applies successive revisions of one enterprise in one batch in order, and keeps each in the history', async () => {
    const taxCode = freshTaxCode();
    const events = [1, 2, 3].map((revision) =>
      registryEvent({
        taxCode,
        revision,
        type: revision === 1 ? 'registered' : 'amended',
        occurredAt: `2026-0${revision}-01T08:00:00+07:00`,
        enterprise: { employees: revision * 10 },
      }),
    );
    const res = await postSigned(base, { events });
    expect(res.body.counts).toMatchObject({ applied: 3 });

    const history = await eventually(async () => {
      const h = await call(base, 'GET', `/enterprises/${taxCode}/history`, { token: officer });
      return h.body.items?.length === 3 ? h.body.items : undefined;
    });
    expect(history.map((h: { revision: number }) => h.revision)).toEqual([3, 2, 1]);
    expect(history[0].changes).toEqual([{ field: 'employees', from: 20, to: 30 }]);
  });

  it('lists the same event id twice in one batch as applied then duplicate', async () => {
    const e = registryEvent();
    const res = await postSigned(base, { events: [e, e] });
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'duplicate']);
  });
});

describe('checks', () => {
  it('rejects bad codes with every reason, while the rest of the batch applies', async () => {
    const good = registryEvent();
    const bad = registryEvent({
      taxCode: '0100233480',
      enterprise: { communeCode: '99999', vsic: { version: '2018', main: '0400', others: ['3400'] } },
    });
    const branch = registryEvent({ type: 'branch-opened', taxCode: '0100233488-000', enterprise: { legalForm: 'branch' } });
    const household = registryEvent({ taxCode: '0100233488', enterprise: { legalForm: 'household' } });

    const res = await postSigned(base, { events: [good, bad, branch, household] });

    expect(res.status).toBe(202);
    expect(res.body.results[0].outcome).toBe('applied');
    expect(res.body.results[1]).toMatchObject({ outcome: 'rejected' });
    expect(res.body.results[1].errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['enterprise.communeCode', 'enterprise.vsic.main', 'enterprise.vsic.others.0', 'taxCode'].sort(),
    );
    expect(res.body.results[1].errors.find((e: { path: string }) => e.path === 'taxCode').message).toMatch(/check digit should be 8/);
    expect(res.body.results[2].errors[0].message).toMatch(/000 is invalid/);
    expect(res.body.results[3].errors[0].message).toMatch(/household needs a personal code/);
  });

  it('accepts branches and household businesses with their own code forms', async () => {
    const parent = freshTaxCode();
    const branch = registryEvent({
      type: 'branch-opened',
      taxCode: `${parent}-001`,
      enterprise: { legalForm: 'branch', name: 'Chi nhánh Công ty TNHH An Phát' },
    });
    const household = registryEvent({
      taxCode: '001085012345',
      enterprise: {
        legalForm: 'household',
        name: 'Hộ kinh doanh Bánh cuốn Thanh Trì',
        vsic: { version: '2018', main: '5610', others: [] },
        employees: 3,
        revenueVnd: 900_000_000,
        totalCapitalVnd: 200_000_000,
      },
    });
    const res = await postSigned(base, { events: [branch, household] });
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'applied']);
  });
});

describe('Decree 80 size class', () => {
  const BN = 1_000_000_000;
  const cases: [string, string, number, number, number, string][] = [
    // [label, main VSIC, employees, revenue, capital, expected]
    ['industry: 10 employees, 3 bn revenue → micro', '2592', 10, 3 * BN, 50 * BN, 'micro'],
    ['industry: 11 employees → small', '2592', 11, 3 * BN, 3 * BN, 'small'],
    ['industry: revenue over 3 bn but capital within → micro', '2592', 10, 4 * BN, 3 * BN, 'micro'],
    ['industry: 100 employees, 50 bn → small', '2592', 100, 50 * BN, 90 * BN, 'small'],
    ['industry: 101 employees → medium', '2592', 101, 50 * BN, 20 * BN, 'medium'],
    ['industry: 200 employees, 200 bn → medium', '2592', 200, 200 * BN, 500 * BN, 'medium'],
    ['industry: 201 employees → not an SME', '2592', 201, 1 * BN, 1 * BN, 'not-sme'],
    ['industry: revenue and capital both over medium → not an SME', '2592', 150, 201 * BN, 101 * BN, 'not-sme'],
    ['trade: 10 employees, 10 bn → micro', '4659', 10, 10 * BN, 50 * BN, 'micro'],
    ['trade: 10 bn + 1 revenue and 3 bn + 1 capital → small', '4659', 10, 10 * BN + 1, 3 * BN + 1, 'small'],
    ['trade: 50 employees → small', '4659', 50, 100 * BN, 100 * BN, 'small'],
    ['trade: 51 employees → medium', '4659', 51, 100 * BN, 50 * BN, 'medium'],
    ['trade: 100 employees, 300 bn → medium', '4659', 100, 300 * BN, 300 * BN, 'medium'],
    ['trade: 101 employees → not an SME', '4659', 101, 1 * BN, 1 * BN, 'not-sme'],
  ];

  it.each(cases)('%s', async (_label, main, employees, revenueVnd, totalCapitalVnd, expected) => {
    const e = registryEvent({ enterprise: { vsic: { version: '2018', main, others: [] }, employees, revenueVnd, totalCapitalVnd } });
    await postSigned(base, { events: [e] });
    const p = await profile(e.taxCode);
    expect(p.sizeClass.class).toBe(expected);
    expect(p.sizeClass.sectorGroup).toBe(main.startsWith('46') ? 'trade-services' : 'agriculture-industry-construction');
    expect(p.sizeClass.reasons.at(-1)).toMatch(/Decree 80\/2021 Art\. 5/);
  });

  it('recomputes the class when employees change', async () => {
    const taxCode = freshTaxCode();
    await postSigned(base, {
      events: [registryEvent({ taxCode, enterprise: { employees: 5, revenueVnd: 1 * BN, totalCapitalVnd: 1 * BN } })],
    });
    await postSigned(base, {
      events: [
        registryEvent({
          taxCode,
          type: 'amended',
          revision: 2,
          enterprise: { employees: 150, revenueVnd: 1 * BN, totalCapitalVnd: 1 * BN },
        }),
      ],
    });
    expect((await profile(taxCode)).sizeClass.class).toBe('medium');
  });
});

describe('search and visibility', () => {
  it('finds enterprises by commune with a name prefix, by VSIC and by size class', async () => {
    const name = `Công ty TNHH Zeta ${Date.now()} Khuôn mẫu`;
    const e = registryEvent({
      enterprise: {
        name,
        communeCode: '00025',
        vsic: { version: '2018', main: '22201', others: [] },
        employees: 8,
        revenueVnd: 2_000_000_000,
      },
    });
    await postSigned(base, { events: [e] });
    const prefix = `zeta ${name.split(' ')[4]}`;

    const byCommune = await call(base, 'GET', `/enterprises?commune=00025&q=${encodeURIComponent(prefix)}`, { token: officer });
    const byName = await call(base, 'GET', `/enterprises?q=${encodeURIComponent('Zêta ' + name.split(' ')[4])}`, { token: officer });
    const byVsic = await call(base, 'GET', `/enterprises?vsic=2220&commune=00025`, { token: officer });
    const bySize = await call(base, 'GET', `/enterprises?sizeClass=micro&status=active&q=${encodeURIComponent(prefix)}`, {
      token: officer,
    });

    for (const res of [byCommune, byName, byVsic, bySize]) {
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { taxCode: string }) => i.taxCode)).toContain(e.taxCode);
    }
  });

  it('pages with an opaque cursor', async () => {
    for (let i = 0; i < 3; i++) await postSigned(base, { events: [registryEvent({ enterprise: { communeCode: '00070' } })] });
    const first = await call(base, 'GET', '/enterprises?commune=00070&limit=2', { token: officer });
    const second = await call(base, 'GET', `/enterprises?commune=00070&limit=2&cursor=${first.body.nextCursor}`, { token: officer });
    expect(first.body.items).toHaveLength(2);
    expect(second.status).toBe(200);
    expect(second.body.items[0].taxCode).not.toBe(first.body.items[0].taxCode);
  });

  it('shows a commune committee only its own commune', async () => {
    const inside = registryEvent({ enterprise: { communeCode: '00082' } });
    const outside = registryEvent({ enterprise: { communeCode: '00004' } });
    await postSigned(base, { events: [inside, outside] });
    const committee = await tokenFor({ agency: 'ubnd-xa', roles: ['viewer'], commune: '00082' });

    expect((await call(base, 'GET', `/enterprises/${inside.taxCode}`, { token: committee })).status).toBe(200);
    expect((await call(base, 'GET', `/enterprises/${outside.taxCode}`, { token: committee })).status).toBe(404);
    expect((await call(base, 'GET', '/enterprises?commune=00004', { token: committee })).status).toBe(403);
    const own = await call(base, 'GET', '/enterprises?sizeClass=small', { token: committee });
    expect(own.body.items.every((i: { communeCode: string }) => i.communeCode === '00082')).toBe(true);
  });

  it('refuses a search with no selective filter', async () => {
    const res = await call(base, 'GET', '/enterprises?status=active', { token: officer });
    expect(res.status).toBe(400);
  });
});

describe('events to subscribers', () => {
  it('delivers enterprise.registered, .changed and .closed to a subscribed service', async () => {
    const taxCode = freshTaxCode();
    await postSigned(base, {
      events: [
        registryEvent({ taxCode, revision: 1 }),
        registryEvent({ taxCode, type: 'amended', revision: 2, enterprise: { employees: 60 } }),
        registryEvent({ taxCode, type: 'dissolved', revision: 3, enterprise: { employees: 60, status: 'dissolved' } }),
      ],
    });
    const watched = await eventually(async () => {
      const res = await call(base, 'GET', `/watched/${taxCode}`, { token: officer });
      return res.body.items?.length === 3 ? res.body.items : undefined;
    });
    expect(watched.map((w: { type: string }) => w.type)).toEqual(['enterprise.registered', 'enterprise.changed', 'enterprise.closed']);
    expect(watched[1].data.changed).toEqual(['employees']);
  });
});

describe('bulk import', () => {
  it('imports a CSV file with good and bad rows, and writes the rejects file', async () => {
    const good = [registryEvent(), registryEvent({ enterprise: { name: 'Công ty TNHH "Hoa Sen", Hà Nội' } })];
    const header =
      'eventId,type,taxCode,revision,occurredAt,name,legalForm,communeCode,vsicVersion,vsicMain,vsicOthers,foundedOn,status,employees,revenueVnd,totalCapitalVnd,legalRepName,legalRepIdHash';
    const csv = (e: ReturnType<typeof registryEvent>) =>
      [
        e.eventId,
        e.type,
        e.taxCode,
        e.revision,
        e.occurredAt,
        `"${String(e.enterprise.name).replace(/"/g, '""')}"`,
        e.enterprise.legalForm,
        e.enterprise.communeCode,
        '2018',
        (e.enterprise.vsic as { main: string }).main,
        '',
        e.enterprise.foundedOn,
        'active',
        e.enterprise.employees,
        e.enterprise.revenueVnd,
        e.enterprise.totalCapitalVnd,
        'Nguyễn Văn A',
        '',
      ].join(',');
    const badCode = csv(registryEvent()).replace(/,0\d{9},/, ',0100233480,');
    const badCommune = csv(registryEvent()).replace(',00004,', ',99999,');
    const file = [header, csv(good[0]!), badCode, csv(good[1]!), badCommune].join('\n') + '\n';

    const started = await call(base, 'POST', '/registry/imports', { token: admin, body: { format: 'csv', fileName: 'snapshot.csv' } });
    expect(started.status).toBe(201);
    const put = await fetch(started.body.uploadUrl, { method: 'PUT', headers: started.body.uploadHeaders, body: file });
    expect(put.status).toBe(200);

    const job = await eventually(async () => {
      const res = await call(base, 'GET', `/registry/imports/${started.body.importId}`, { token: admin });
      return res.body.status === 'completed' ? res.body : undefined;
    }, 30_000);
    expect(job).toMatchObject({ rowsRead: 4, applied: 2, rejected: 2, stale: 0 });
    expect(job.rejections.map((r: { row: number }) => r.row)).toEqual([2, 4]);
    expect(job.rejections[0].errors[0]).toMatchObject({ path: 'taxCode' });
    const rejects = await (await fetch(job.rejectsUrl)).text();
    expect(
      rejects
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).row),
    ).toEqual([2, 4]);
    expect((await profile(good[1]!.taxCode)).name).toBe('Công ty TNHH "Hoa Sen", Hà Nội');
  });

  it('takes a large file in presigned parts, completed with their ETags', async () => {
    const events = [registryEvent(), registryEvent()];
    // Past the 8 MiB single-PUT limit: two real rows, then blank lines the reader skips.
    const file = Buffer.concat([
      Buffer.from(events.map((e) => JSON.stringify(e)).join('\n') + '\n'),
      Buffer.from(`${' '.repeat(1023)}\n`.repeat(9 * 1024)),
    ]);
    const started = await call(base, 'POST', '/registry/imports', { token: admin, body: { format: 'ndjson', sizeBytes: file.length } });
    expect(started.status).toBe(201);
    expect(started.body.multipart.parts).toHaveLength(2);

    const parts: { partNumber: number; etag: string }[] = [];
    for (const p of started.body.multipart.parts as { partNumber: number; url: string }[]) {
      const slice = file.subarray((p.partNumber - 1) * started.body.multipart.partSize, p.partNumber * started.body.multipart.partSize);
      const put = await fetch(p.url, { method: 'PUT', body: slice });
      expect(put.status).toBe(200);
      parts.push({ partNumber: p.partNumber, etag: put.headers.get('etag')! });
    }
    const wrong = await call(base, 'POST', started.body.multipart.completePath, {
      token: admin,
      body: { parts: [{ partNumber: 1, etag: '"nope"' }] },
    });
    expect(wrong.status).toBe(422);
    const completed = await call(base, 'POST', started.body.multipart.completePath, { token: admin, body: { parts } });
    expect(completed.status).toBe(200);

    const job = await eventually(async () => {
      const res = await call(base, 'GET', `/registry/imports/${started.body.importId}`, { token: admin });
      return res.body.status === 'completed' ? res.body : undefined;
    }, 30_000);
    expect(job).toMatchObject({ rowsRead: 2, applied: 2, rejected: 0 });
  });

  it('only lets admins start an import', async () => {
    const res = await call(base, 'POST', '/registry/imports', { token: officer, body: { format: 'csv' } });
    expect(res.status).toBe(403);
  });
});
