/**
 * Enterprises online over HTTP on the local runtime (issue 21): a person signs in through the
 * identity provider's stand-in (the local issuer), links to an enterprise as its legal
 * representative (the registry matches their person ref), applies, uploads and submits; an officer
 * asks for a supplement and the file's clock pauses; the enterprise answers; a second officer
 * approves; the enterprise sees the decision and its ledger; another enterprise's user gets 404 on
 * every one of those objects.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { enterpriseToken, idHash, registered as registeredAt } from '../support/enterprises.ts';
import { call, eventually, tokenFor } from '../support/http.ts';
import { contact, documentSettled, pdfBytes, programmeBody, upload } from '../support/intake.ts';

const base = inject('runtime').url;
const registered = (personIdHash: string) => registeredAt(base, personIdHash);

let sct: string;
let sct2: string;
let own: string;
let other: string;
let taxCode: string;
let otherTaxCode: string;

beforeAll(async () => {
  sct = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'officer-sct-e' });
  sct2 = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'officer-sct-e2' });
  const ownHash = idHash(`0010850${randomUUID()}`);
  const otherHash = idHash(`0010860${randomUUID()}`);
  taxCode = await registered(ownHash);
  otherTaxCode = await registered(otherHash);
  own = await enterpriseToken(`vneid-${randomUUID()}`, ownHash);
  other = await enterpriseToken(`vneid-${randomUUID()}`, otherHash);
});

describe('an enterprise online, end to end', () => {
  it('links, applies, answers a supplement, sees its decision and ledger; another enterprise sees none of it', async () => {
    // The legal representative is verified at once, by the registry's person ref; so is the other enterprise's.
    const link = await call(base, 'POST', '/me/enterprises', { token: own, body: { taxCode } });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    expect(link.body).toMatchObject({ taxCode, status: 'verified', basis: 'legal-representative' });
    expect((await call(base, 'POST', '/me/enterprises', { token: other, body: { taxCode: otherTaxCode } })).body.status).toBe('verified');
    // Someone else asking for the first enterprise waits for a delegation.
    const pending = await call(base, 'POST', '/me/enterprises', { token: other, body: { taxCode } });
    expect(pending.body).toMatchObject({ status: 'pending', basis: 'delegation' });
    const me = await call(base, 'GET', '/me', { token: own });
    expect(me.body.actingFor).toEqual([taxCode]);
    expect(JSON.stringify(me.body)).not.toMatch(/[0-9a-f]{64}/);

    const programme = await call(base, 'POST', '/programmes', { token: sct, body: programmeBody({ rubric: null }) });
    expect(programme.status, JSON.stringify(programme.body)).toBe(201);
    const programmeId = programme.body.id as string;
    // The programmes open to it, pre-checked, once intake has the registry's record.
    const open = await eventually(
      async () => {
        const r = await call(base, 'GET', `/me/programmes?taxCode=${taxCode}`, { token: own });
        return r.status === 200 ? r.body : undefined;
      },
      60_000,
      250,
    );
    expect(open.items.find((i: { programme: { id: string } }) => i.programme.id === programmeId)).toMatchObject({
      eligible: true,
      reasons: [],
    });

    const draft = await call(base, 'POST', '/applications', {
      token: own,
      body: { programmeId, taxCode, requestedAmountVnd: 100_000_000, answers: { labourProductivityGrowthPct: 12 }, contact },
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const id = draft.body.id as string;
    const { req, put } = await upload(base, own, id, pdfBytes());
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    expect(put).toBe(200);
    expect(await documentSettled(base, own, id, req.body.documentId)).toMatchObject({ status: 'verified' });
    const submitted = await call(base, 'POST', `/applications/${id}/submit`, { token: own });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const dueOn = submitted.body.dueOn as string;

    const asked = await call(base, 'POST', `/applications/${id}/supplement-requests`, {
      token: sct,
      body: { message: 'Đề nghị bổ sung báo giá có chữ ký và đóng dấu', documents: ['quotation'], dueInWorkingDays: 5 },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.status).toBe('awaiting-supplement');
    const seen = await call(base, 'GET', `/applications/${id}`, { token: own });
    expect(seen.body).toMatchObject({
      status: 'awaiting-supplement',
      supplement: { message: 'Đề nghị bổ sung báo giá có chữ ký và đóng dấu' },
    });
    expect(seen.body.supplement).not.toHaveProperty('requestedBy');

    const answered = await call(base, 'POST', `/applications/${id}/supplements`, { token: own, body: { message: 'Đã bổ sung báo giá' } });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({ status: 'submitted', submittedAt: submitted.body.submittedAt ?? answered.body.submittedAt });
    // Answered the day it was asked: no working day was paused, so the due date stands.
    expect(answered.body.dueOn).toBe(dueOn);

    const decided = await call(base, 'POST', `/applications/${id}/decision`, {
      token: sct2,
      body: { outcome: 'approved', amountVnd: 80_000_000 },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    const file = await call(base, 'GET', `/applications/${id}`, { token: own });
    expect(file.body).toMatchObject({ status: 'approved', decision: { outcome: 'approved', amountVnd: 80_000_000 } });
    expect(file.body.timeline.map((t: { by: string }) => t.by)).toEqual([
      'enterprise',
      'enterprise',
      'so-cong-thuong',
      'enterprise',
      'so-cong-thuong',
    ]);
    const text = JSON.stringify(file.body);
    for (const hidden of ['officer-sct-e', 'assignees', 'flags', 'snapshot', 'requestedBy']) expect(text).not.toContain(hidden);
    const mine = await call(base, 'GET', '/applications?mine=true', { token: own });
    expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(id);
    const ledger = await eventually(async () => {
      const r = await call(base, 'GET', `/enterprises/${taxCode}/support`, { token: own });
      return r.status === 200 && r.body.items.length ? r.body : undefined;
    });
    expect(ledger.items[0]).toMatchObject({ applicationId: id, amountVnd: 80_000_000 });

    // Another enterprise's user (pending for this one): not found, on every one of those objects.
    const refused = [
      await call(base, 'GET', `/applications/${id}`, { token: other }),
      await call(base, 'GET', `/applications/${id}/documents`, { token: other }),
      await call(base, 'GET', `/applications/${id}/documents/${req.body.documentId}`, { token: other }),
      await call(base, 'POST', `/applications/${id}/withdraw`, { token: other, body: {} }),
      await call(base, 'POST', `/applications/${id}/supplements`, { token: other, body: { message: 'x' } }),
      await call(base, 'GET', `/enterprises/${taxCode}/support`, { token: other }),
      await call(base, 'GET', `/me/programmes?taxCode=${taxCode}`, { token: other }),
    ];
    expect(refused.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect((await call(base, 'GET', `/applications?mine=true&taxCode=${taxCode}`, { token: other })).body.items).toEqual([]);
  });
});
