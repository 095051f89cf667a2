/**
 * The access model over HTTP on the local runtime: another agency's application, its documents and
 * its listing are "not found"; contact details only to who deals with the applicant; no registry
 * answer to anyone but the registry-owning agency's admins holds an owner or a personal
 * identifier; imports only by those admins, recording who started them; four eyes on decisions.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, eventually, tokenFor } from '../support/http.ts';
import { documentSettled, pdfBytes, programmeBody, registeredEnterprise, upload } from '../support/intake.ts';
import { freshTaxCode, postSigned, registryEvent } from '../support/registry.ts';

const base = inject('runtime').url;
const ID_HASH = 'a1'.repeat(32);
const OWNER_HASH = 'b2'.repeat(32);
const HOUSEHOLD = '001085012345';

let sct: string;
let sct2: string;
let sctViewer: string;
let khcn: string;
let khcnAdmin: string;
let stcOfficer: string;
let stcAdmin: string;

beforeAll(async () => {
  sct = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'access-sct-1' });
  sct2 = await tokenFor({ agency: 'so-cong-thuong', roles: ['officer'], sub: 'access-sct-2' });
  sctViewer = await tokenFor({ agency: 'so-cong-thuong', roles: ['viewer'], sub: 'access-sct-viewer' });
  khcn = await tokenFor({ agency: 'so-khcn', roles: ['officer'], sub: 'access-khcn' });
  khcnAdmin = await tokenFor({ agency: 'so-khcn', roles: ['admin'], sub: 'access-khcn-admin' });
  stcOfficer = await tokenFor({ agency: 'so-tai-chinh', roles: ['officer'], sub: 'access-stc-officer' });
  stcAdmin = await tokenFor({ agency: 'so-tai-chinh', roles: ['admin'], sub: 'access-stc-admin' });
});

async function programme(overrides: Record<string, unknown> = {}) {
  const res = await call(base, 'POST', '/programmes', { token: sct, body: programmeBody({ rubric: null, questions: [], ...overrides }) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; code: string };
}

describe("another agency's application", () => {
  it('is 404 with its documents and download URL, and missing from listings by enterprise, programme and commune', async () => {
    const p = await programme();
    const { taxCode, draft } = await registeredEnterprise(base, sct, p.id);
    const { req } = await upload(base, sct, draft.id, pdfBytes());
    expect(req.status).toBe(201);
    const documentId = req.body.documentId as string;
    expect(await documentSettled(base, sct, draft.id, documentId)).toMatchObject({ status: 'verified' });

    for (const path of [
      `/applications/${draft.id}`,
      `/applications/${draft.id}/documents`,
      `/applications/${draft.id}/documents/${documentId}`,
    ]) {
      const res = await call(base, 'GET', path, { token: khcn });
      expect(res.status, path).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(draft.contact?.email ?? 'lan@example.vn');
    }
    for (const query of [`taxCode=${taxCode}`, `programmeId=${p.id}`, 'commune=00004']) {
      const list = await call(base, 'GET', `/applications?${query}&limit=100`, { token: khcn });
      expect(list.status, query).toBe(200);
      expect(
        list.body.items.map((a: { id: string }) => a.id),
        query,
      ).not.toContain(draft.id);
    }
    const own = await call(base, 'GET', `/applications?taxCode=${taxCode}&limit=100`, { token: sct });
    expect(own.body.items.map((a: { id: string }) => a.id)).toContain(draft.id);

    // The owning agency's officer sees the contact and the documents; its viewer neither.
    const officerView = await call(base, 'GET', `/applications/${draft.id}`, { token: sct });
    expect(officerView.body.contact).toMatchObject({ email: 'lan@example.vn' });
    expect(officerView.body.documents).toEqual([expect.objectContaining({ documentId })]);
    const viewerView = await call(base, 'GET', `/applications/${draft.id}`, { token: sctViewer });
    expect(viewerView.status).toBe(200);
    expect(viewerView.body).not.toHaveProperty('contact');
    expect(viewerView.body).not.toHaveProperty('documents');
    const paged = await call(base, 'GET', `/applications/${draft.id}/documents?limit=5`, { token: sct });
    expect(paged.body).toEqual({ items: [expect.objectContaining({ documentId, status: 'verified' })], nextCursor: null });
  });
});

describe('four eyes', () => {
  it('refuses the approval by the officer who created the application, and accepts a second officer', async () => {
    const p = await programme({ requiredDocuments: [] });
    const { draft } = await registeredEnterprise(base, sct, p.id);
    expect((await call(base, 'POST', `/applications/${draft.id}/submit`, { token: sct })).status).toBe(200);

    const alone = await call(base, 'POST', `/applications/${draft.id}/decision`, {
      token: sct,
      body: { outcome: 'approved', amountVnd: 50_000_000 },
    });
    expect(alone.status).toBe(403);
    expect(alone.body.detail).toBe(`You created application ${draft.id}; another officer of the owning agency must decide it`);

    const second = await call(base, 'POST', `/applications/${draft.id}/decision`, {
      token: sct2,
      body: { outcome: 'approved', amountVnd: 50_000_000 },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toMatchObject({ status: 'approved', decision: { by: 'access-sct-2' } });
  });

  it("lets one person approve up to the programme's fourEyesAboveVnd", async () => {
    const p = await programme({ requiredDocuments: [], fourEyesAboveVnd: 20_000_000 });
    const { draft } = await registeredEnterprise(base, sct, p.id);
    expect((await call(base, 'POST', `/applications/${draft.id}/submit`, { token: sct })).status).toBe(200);

    expect(
      (await call(base, 'POST', `/applications/${draft.id}/decision`, { token: sct, body: { outcome: 'approved', amountVnd: 20_000_001 } }))
        .status,
    ).toBe(403);
    expect(
      (await call(base, 'POST', `/applications/${draft.id}/decision`, { token: sct, body: { outcome: 'approved', amountVnd: 20_000_000 } }))
        .status,
    ).toBe(200);
  });
});

describe('the registry answers', () => {
  /** Every string anywhere in an answer. */
  const strings = (v: unknown): string[] =>
    typeof v === 'string'
      ? [v]
      : Array.isArray(v)
        ? v.flatMap(strings)
        : v && typeof v === 'object'
          ? Object.values(v).flatMap(strings)
          : [];
  // The received hashes, the person refs the registry keeps instead (64 hex digits), the household code, an owner's name.
  const personal = (body: unknown) =>
    strings(body).filter((s) => s === ID_HASH || s === OWNER_HASH || s === HOUSEHOLD || s === 'Trần Thị Chủ' || /^[0-9a-f]{64}$/.test(s));
  const hasOwners = (body: unknown): boolean =>
    Array.isArray(body)
      ? body.some(hasOwners)
      : !!body && typeof body === 'object' && ('owners' in body || Object.values(body).some(hasOwners));

  it("hold no owner or personal identifier for anyone but the registry-owning agency's admins", async () => {
    const taxCode = freshTaxCode();
    const people = {
      legalRepresentative: { name: 'Nguyễn Văn Đại Diện', personalIdHash: ID_HASH },
      owners: [{ name: 'Trần Thị Chủ', personalIdHash: OWNER_HASH, taxCode: null, sharePct: 100 }],
    };
    const registered = registryEvent({
      taxCode,
      type: 'converted-from-household',
      enterprise: { ...people, householdTaxCode: HOUSEHOLD, name: 'Công ty TNHH Riêng Tư Một' },
    });
    expect((await postSigned(base, registered)).body.results[0].outcome).toBe('applied');
    const amended = registryEvent({
      taxCode,
      type: 'amended',
      revision: 2,
      occurredAt: '2026-04-01T08:00:00+07:00',
      enterprise: { ...registered.enterprise, owners: [{ name: 'Trần Thị Chủ', personalIdHash: OWNER_HASH, taxCode: null, sharePct: 60 }] },
    });
    expect((await postSigned(base, amended)).body.results[0].outcome).toBe('applied');
    await eventually(async () => {
      const h = await call(base, 'GET', `/enterprises/${taxCode}/history`, { token: stcAdmin });
      return h.body.items?.length === 2 ? h : undefined;
    });

    const paths = [
      `/enterprises/${taxCode}`,
      `/enterprises/${taxCode}/history`,
      `/enterprises?q=${encodeURIComponent('Riêng Tư')}&limit=100`,
    ];
    for (const token of [sct, khcnAdmin, stcOfficer]) {
      for (const path of paths) {
        const res = await call(base, 'GET', path, { token });
        expect(res.status, path).toBe(200);
        expect(personal(res.body), path).toEqual([]);
        expect(hasOwners(res.body), path).toBe(false);
      }
    }
    const profile = await call(base, 'GET', `/enterprises/${taxCode}`, { token: sct });
    expect(profile.body).toMatchObject({
      name: 'Công ty TNHH Riêng Tư Một',
      legalRepresentative: { name: 'Nguyễn Văn Đại Diện' },
      sizeClass: { reasons: expect.any(Array) },
    });
    const history = await call(base, 'GET', `/enterprises/${taxCode}/history`, { token: sct });
    expect(history.body.items[0].changes).toContainEqual({ field: 'owners', redacted: true });

    // The registry owner's admin sees them all.
    const whole = await call(base, 'GET', `/enterprises/${taxCode}`, { token: stcAdmin });
    const ref = expect.stringMatching(/^[0-9a-f]{64}$/);
    expect(whole.body).toMatchObject({
      owners: [{ name: 'Trần Thị Chủ', personRef: ref }],
      legalRepresentative: { personRef: ref },
      householdTaxCode: HOUSEHOLD,
    });
    // Person refs, never the hashes the registry sent (Decree 13/2023: pseudonymous, not reversible by enumeration).
    expect(strings(whole.body)).not.toContain(OWNER_HASH);
    expect(strings(whole.body)).not.toContain(ID_HASH);
  });

  it('gives at most 50 profiles a page to other agencies', async () => {
    const res = await call(base, 'GET', '/enterprises?commune=00004&limit=100', { token: sct });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(50);
  });
});

describe('imports', () => {
  it("are refused to another agency's admin, and record who started them", async () => {
    const refused = await call(base, 'POST', '/registry/imports', { token: khcnAdmin, body: { format: 'csv' } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('registry-owner');

    const started = await call(base, 'POST', '/registry/imports', { token: stcAdmin, body: { format: 'csv', fileName: 'snapshot.csv' } });
    expect(started.status).toBe(201);
    expect((await call(base, 'GET', `/registry/imports/${started.body.importId}`, { token: khcnAdmin })).status).toBe(404);
    const job = await call(base, 'GET', `/registry/imports/${started.body.importId}`, { token: stcAdmin });
    expect(job.body).toMatchObject({ createdBy: 'access-stc-admin', createdByAgency: 'so-tai-chinh' });
  });
});
