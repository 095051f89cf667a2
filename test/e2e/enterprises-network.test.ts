/**
 * Enterprises online beyond their applications, over HTTP on the local runtime (issue 21): a changed
 * answer to a request for supplement is scored again before a decision; the enterprise keeps its
 * supplier profile and sees its opportunities; it registers for a published fair, is accepted,
 * states its wishes and gets its agenda. Another enterprise's user gets 404 on each of those objects.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { daysFromToday, hanoiInstant } from '../support/clock.ts';
import { enterpriseToken, idHash, registered } from '../support/enterprises.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { contact } from '../support/intake.ts';
import { createProgramme, scoreOf } from '../support/scoring.ts';

const base = inject('runtime').url;

let sct: string;
let own: string;
let other: string;
let taxCode: string;
/** The own enterprise's representative's account e-mail, as the identity provider asserts it verified. */
const accountEmail = `giam.doc.${randomUUID().slice(0, 8)}@example.vn`;

beforeAll(async () => {
  sct = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'officer-sct-net' });
  const ownHash = idHash(`0010870${randomUUID()}`);
  const otherHash = idHash(`0010880${randomUUID()}`);
  taxCode = await registered(base, ownHash);
  const otherTaxCode = await registered(base, otherHash);
  own = await enterpriseToken(`vneid-${randomUUID()}`, ownHash, accountEmail);
  other = await enterpriseToken(`vneid-${randomUUID()}`, otherHash);
  // Each links as its enterprise's legal representative: verified at once.
  for (const [token, t] of [
    [own, taxCode],
    [other, otherTaxCode],
  ] as const) {
    const link = await call(base, 'POST', '/me/enterprises', { token, body: { taxCode: t } });
    expect(link.body, JSON.stringify(link.body)).toMatchObject({ status: 'verified' });
  }
});

describe('an enterprise online, beyond its applications', () => {
  it('has a changed answer to a supplement scored again before the decision', async () => {
    const programme = await createProgramme(base, sct);
    const fileContact = { ...contact, email: `lan.${randomUUID().slice(0, 8)}@example.vn` };
    const draft = await eventually(
      async () => {
        const r = await call(base, 'POST', '/applications', {
          token: own,
          body: {
            programmeId: programme.id,
            taxCode,
            requestedAmountVnd: 100_000_000,
            answers: { qualitySystem: 'none' },
            contact: fileContact,
          },
        });
        return r.status === 201 ? (r.body as { id: string }) : undefined;
      },
      60_000,
      250,
    );
    const submitted = await call(base, 'POST', `/applications/${draft.id}/submit`, { token: own });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const first = await scoreOf(base, sct, draft.id);
    expect(first.criteria.find((c: { id: string }) => c.id === 'product-quality')).toMatchObject({ points: 0 });
    // The officer asks once intake shows the file scored (the score reaches intake a moment after scoring).
    await eventually(
      async () => ((await call(base, 'GET', `/applications/${draft.id}`, { token: sct })).body.status === 'scored' ? true : undefined),
      60_000,
      250,
    );

    const asked = await call(base, 'POST', `/applications/${draft.id}/supplement-requests`, {
      token: sct,
      body: { message: 'Đề nghị bổ sung chứng nhận hệ thống quản lý chất lượng', fields: ['answers.qualitySystem'], dueInWorkingDays: 5 },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const answered = await call(base, 'POST', `/applications/${draft.id}/supplements`, {
      token: own,
      body: { message: 'Đã có chứng nhận IATF 16949', answers: { qualitySystem: 'IATF 16949' } },
    });
    expect(answered.body).toMatchObject({ status: 'submitted' });

    // Scoring's new score, and intake's file scored again with it: 15 points more for the quality system.
    const again = await eventually(
      async () => {
        const r = await call(base, 'GET', `/applications/${draft.id}/score`, { token: sct });
        return r.status === 200 && r.body.totalPoints !== first.totalPoints ? r.body : undefined;
      },
      60_000,
      250,
    );
    expect(again.totalPoints).toBe(first.totalPoints + 15);
    const file = await eventually(
      async () => {
        const r = await call(base, 'GET', `/applications/${draft.id}`, { token: sct });
        return r.body.status === 'scored' ? r.body : undefined;
      },
      60_000,
      250,
    );
    expect(file.score).toMatchObject({ totalPoints: first.totalPoints + 15 });
    expect(file.timeline.at(-1).detail).toContain('scored again after the supplement');

    // The representative's account e-mail (recorded by the registry when they linked) hears of the
    // request and of the answer being taken, in Vietnamese, beside the application's contact.
    const mail = await eventually(
      async () => {
        const r = await call<{ items: { subject: string; text: string; applicationId?: string }[] }>(
          base,
          'GET',
          `/local/mail?to=${encodeURIComponent(accountEmail)}`,
        );
        const about = r.body.items.filter((m) => m.applicationId === draft.id);
        return about.some((m) => m.subject.startsWith('Đã nhận hồ sơ bổ sung')) ? about : undefined;
      },
      60_000,
      250,
    );
    const subjects = mail.map((m) => m.subject);
    expect(subjects).toContain(`Yêu cầu bổ sung hồ sơ – chương trình ${programme.code}`);
    expect(subjects).toContain(`Đã nhận hồ sơ bổ sung – chương trình ${programme.code}`);
    const contactMail = await call<{ items: { subject: string; applicationId?: string }[] }>(
      base,
      'GET',
      `/local/mail?to=${encodeURIComponent(fileContact.email)}`,
    );
    expect(contactMail.body.items.some((m) => m.applicationId === draft.id && m.subject.startsWith('Đã nhận hồ sơ bổ sung'))).toBe(true);
  });

  it('keeps its supplier profile and sees its opportunities; another enterprise sees neither', async () => {
    const body = {
      processes: ['cnc-machining'],
      certifications: [{ standard: 'ISO 9001', validUntil: daysFromToday(600) }],
      monthlyCapacity: 5_000,
      contacts: [{ name: 'Trần Thị B', role: 'sales', email: 'b@example.vn' }],
    };
    // Matching learns of the enterprise from the registry's event: 422 until then.
    const saved = await eventually(
      async () => {
        const r = await call(base, 'PUT', `/suppliers/${taxCode}/profile`, { token: own, body });
        return r.status === 422 ? undefined : r;
      },
      60_000,
      250,
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.contacts).toEqual(body.contacts);
    expect((await call(base, 'GET', `/suppliers/${taxCode}/profile`, { token: own })).body).toMatchObject({
      profile: { processes: ['cnc-machining'] },
    });

    const buyer = await call(base, 'POST', '/buyers', { token: sct, body: { name: 'Canon Vietnam', kind: 'fdi', country: 'JP' } });
    const need = await call(base, 'POST', `/buyers/${buyer.body.id}/needs`, {
      token: sct,
      body: { title: 'Machined brackets', processes: ['cnc-machining'], certifications: ['ISO 9001'], deadline: daysFromToday(120) },
    });
    expect(need.status, JSON.stringify(need.body)).toBe(201);
    const opportunities = await eventually(
      async () => {
        const r = await call(base, 'GET', `/suppliers/${taxCode}/opportunities`, { token: own });
        return r.status === 200 && r.body.items.some((i: { needId: string }) => i.needId === need.body.id) ? r.body : undefined;
      },
      60_000,
      250,
    );
    expect(opportunities.items.find((i: { needId: string }) => i.needId === need.body.id).buyer).toMatchObject({ name: 'Canon Vietnam' });

    const refused = [
      await call(base, 'GET', `/suppliers/${taxCode}/profile`, { token: other }),
      await call(base, 'PUT', `/suppliers/${taxCode}/profile`, { token: other, body }),
      await call(base, 'GET', `/suppliers/${taxCode}/opportunities`, { token: other }),
    ];
    expect(refused.map((r) => r.status)).toEqual([404, 404, 404]);
  });

  it('registers for a published fair, is accepted, states its wishes and gets its agenda', async () => {
    const fair = await call(base, 'POST', '/fairs', {
      token: sct,
      body: {
        name: 'Hội chợ kết nối cung cầu CNHT',
        slotMinutes: 20,
        sessions: [{ startsAt: hanoiInstant(10), slots: 2 }],
        tables: 2,
        registrationUntil: daysFromToday(5),
      },
    });
    expect(fair.status, JSON.stringify(fair.body)).toBe(201);
    const fairId = fair.body.id as string;
    const buyer = await call(base, 'POST', `/fairs/${fairId}/participants`, {
      token: sct,
      body: { role: 'buyer', name: 'Toyota Vietnam' },
    });
    expect(buyer.status).toBe(201);

    const open = await call(base, 'GET', `/me/fairs?taxCode=${taxCode}`, { token: own });
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    expect(open.body.items.find((f: { id: string }) => f.id === fairId)).toMatchObject({
      buyers: [{ id: buyer.body.id, name: 'Toyota Vietnam' }],
      registration: null,
    });
    const registration = await eventually(
      async () => {
        const r = await call(base, 'POST', `/fairs/${fairId}/registrations`, {
          token: own,
          body: { taxCode, role: 'exhibitor', wishes: { mustMeet: [buyer.body.id] } },
        });
        return r.status === 422 ? undefined : r;
      },
      60_000,
      250,
    );
    expect(registration.status, JSON.stringify(registration.body)).toBe(201);
    const pid = registration.body.id as string;
    expect(registration.body.registration).toMatchObject({ status: 'pending' });
    // Pending: its wishes wait for the fair's staff.
    expect(
      (await call(base, 'PUT', `/fairs/${fairId}/participants/${pid}/preferences`, { token: own, body: { meet: [buyer.body.id] } })).status,
    ).toBe(409);

    const accepted = await call(base, 'POST', `/fairs/${fairId}/registrations/${pid}/decision`, {
      token: sct,
      body: { outcome: 'accepted' },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const wishes = await call(base, 'PUT', `/fairs/${fairId}/participants/${pid}/preferences`, {
      token: own,
      body: { mustMeet: [buyer.body.id] },
    });
    expect(wishes.status, JSON.stringify(wishes.body)).toBe(200);

    const run = await call(base, 'POST', `/fairs/${fairId}/schedule-runs`, { token: sct, body: { mode: 'initial' } });
    expect(run.status).toBe(202);
    const done = await eventually(
      async () => {
        const r = await call(base, 'GET', `/fairs/${fairId}/schedule-runs/${run.body.id}`, { token: sct });
        return r.body.status === 'running' ? undefined : r.body;
      },
      60_000,
      250,
    );
    expect(done).toMatchObject({ status: 'done', meetings: 1 });
    const agenda = await call(base, 'GET', `/fairs/${fairId}/participants/${pid}/agenda`, { token: own });
    expect(agenda.body.meetings.map((m: { with: { name: string } }) => m.with.name)).toEqual(['Toyota Vietnam']);
    const ics = await call(base, 'GET', `/fairs/${fairId}/participants/${pid}/agenda?format=ics`, { token: own });
    expect(ics.status).toBe(200);
    expect(ics.body as string).toContain('Toyota Vietnam');

    // Its agenda's news reaches the representative's account e-mail, in Vietnamese.
    const agendaMail = await eventually(
      async () => {
        const r = await call<{ items: { subject: string }[] }>(base, 'GET', `/local/mail?to=${encodeURIComponent(accountEmail)}`);
        return r.body.items.find((m) => m.subject.startsWith('Lịch gặp đối tác tại Hội chợ kết nối cung cầu CNHT'));
      },
      60_000,
      250,
    );
    expect(agendaMail).toBeDefined();

    const refused = [
      await call(base, 'GET', `/fairs/${fairId}/participants/${pid}/agenda`, { token: other }),
      await call(base, 'PUT', `/fairs/${fairId}/participants/${pid}/preferences`, { token: other, body: { meet: [] } }),
      await call(base, 'GET', `/me/fairs?taxCode=${taxCode}`, { token: other }),
    ];
    expect(refused.map((r) => r.status)).toEqual([404, 404, 404]);
    expect(
      (await call(base, 'POST', `/fairs/${fairId}/registrations`, { token: other, body: { taxCode, role: 'exhibitor' } })).status,
    ).toBe(403);
  });
});
