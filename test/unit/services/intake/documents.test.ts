import { describe, it, expect } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../../../shared/errors.ts';
import { MAX_DOCUMENTS } from '../../../../services/intake/domain/application.ts';
import {
  DOWNLOAD_URL_SECONDS,
  downloadDocument,
  idsOfIncomingKey,
  incomingKey,
  listDocuments,
  requestUpload,
  UPLOAD_URL_SECONDS,
  verifiedKey,
  verifyDocument,
  type DocumentRequest,
} from '../../../../services/intake/app/documents.ts';
import { sha256Hex } from './fakes.ts';
import { FILES, NOW, officer, otherAgencyOfficer, otherCommuneCommittee, communeCommittee, setup } from './fixtures.ts';
import { givenDraft, givenEnterprise, givenProgramme, givenSubmitted, rejection } from './flows.ts';

const declaration = (body: Buffer = FILES.pdf, overrides: Partial<DocumentRequest> = {}): DocumentRequest => ({
  type: 'financial-statements',
  fileName: 'Báo cáo tài chính 2025.pdf',
  contentType: 'application/pdf',
  sizeBytes: body.length,
  sha256: sha256Hex(body),
  ...overrides,
});

async function draftWithDeclaredPdf(overrides: Partial<DocumentRequest> = {}) {
  const ctx = setup();
  givenEnterprise(ctx);
  const p = await givenProgramme(ctx);
  const app = await givenDraft(ctx, p.id);
  const { documentId } = await requestUpload(ctx.deps, officer, app.id, declaration(FILES.pdf, overrides));
  return { ...ctx, app, documentId, incoming: incomingKey(app.id, documentId), verified: verifiedKey(app.id, documentId) };
}

describe('requestUpload', () => {
  it('records the declaration awaiting upload and hands out a 15-minute presigned PUT for the incoming key', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenDraft(ctx, p.id);
    const sha = sha256Hex(FILES.pdf);

    const out = await requestUpload(ctx.deps, officer, app.id, declaration(FILES.pdf, { sha256: sha.toUpperCase() }));

    const key = incomingKey(app.id, out.documentId);
    expect(out).toEqual({
      documentId: out.documentId,
      uploadUrl: `https://fake-s3.local/${key}?X-Amz-Expires=${UPLOAD_URL_SECONDS}`,
      uploadHeaders: { 'content-type': 'application/pdf', 'content-length': String(FILES.pdf.length) },
      expiresAt: new Date(NOW.getTime() + 15 * 60 * 1000).toISOString(),
    });
    expect(ctx.documents.uploadTargets).toEqual([
      { key, contentType: 'application/pdf', sizeBytes: FILES.pdf.length, expiresInSeconds: 900 },
    ]);
    expect(await ctx.repo.getDocument(app.id, out.documentId)).toEqual({
      documentId: out.documentId,
      applicationId: app.id,
      type: 'financial-statements',
      fileName: 'Báo cáo tài chính 2025.pdf',
      contentType: 'application/pdf',
      sizeBytes: FILES.pdf.length,
      sha256: sha,
      status: 'awaiting-upload',
      requestedAt: NOW.toISOString(),
      requestedBy: officer.sub,
    });
  });

  it('refuses once the application is submitted (409)', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenSubmitted(ctx, p.id);

    await expect(requestUpload(ctx.deps, officer, app.id, declaration())).rejects.toThrow(ConflictError);
    expect(ctx.repo.documents.size).toBe(0);
  });

  it("is a 404 to another commune's committee, and allowed to the enterprise's", async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenDraft(ctx, p.id);

    await expect(requestUpload(ctx.deps, otherCommuneCommittee, app.id, declaration())).rejects.toThrow(NotFoundError);
    await expect(requestUpload(ctx.deps, communeCommittee, app.id, declaration())).resolves.toHaveProperty('documentId');
  });

  it(`refuses a document beyond ${MAX_DOCUMENTS} on one application (422), storing nothing`, async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenDraft(ctx, p.id);
    for (let i = 0; i < MAX_DOCUMENTS; i++) await requestUpload(ctx.deps, officer, app.id, declaration());

    const error = await rejection(requestUpload(ctx.deps, officer, app.id, declaration()));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.errors).toEqual([{ path: 'documents', message: `at most ${MAX_DOCUMENTS} documents per application` }]);
    expect(ctx.repo.documents.size).toBe(MAX_DOCUMENTS);
  });
});

describe('listDocuments', () => {
  it('pages the documents of an application for those who may read them; 404 to another agency, 403 to a viewer of the owner', async () => {
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenDraft(ctx, p.id);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await requestUpload(ctx.deps, officer, app.id, declaration())).documentId);

    const first = await listDocuments(ctx.deps, officer, app.id, { limit: 3 });
    const second = await listDocuments(ctx.deps, officer, app.id, { limit: 3, cursor: first.nextCursor! });

    expect([...first.items, ...second.items].map((d) => d.documentId)).toEqual(ids.sort());
    expect(second.nextCursor).toBeNull();
    await expect(listDocuments(ctx.deps, otherAgencyOfficer, app.id, { limit: 3 })).rejects.toThrow(NotFoundError);
    await expect(listDocuments(ctx.deps, { ...officer, roles: ['viewer'] }, app.id, { limit: 3 })).rejects.toThrow(ForbiddenError);
  });
});

describe('incoming keys', () => {
  it('gives back the ids an incoming key was made of', () => {
    const a = '00000000-0000-4000-8000-000000000002';
    const d = '00000000-0000-4000-8000-000000000003';

    expect(idsOfIncomingKey(incomingKey(a, d))).toEqual({ applicationId: a, documentId: d });
  });

  it('ignores keys that are not incoming uploads', () => {
    const a = '00000000-0000-4000-8000-000000000002';

    expect(idsOfIncomingKey(verifiedKey(a, a))).toBeUndefined();
    expect(idsOfIncomingKey(`${incomingKey(a, a)}/../x`)).toBeUndefined();
    expect(idsOfIncomingKey('intake/documents/incoming/app/doc')).toBeUndefined();
  });
});

describe('verifyDocument', () => {
  it('verifies a matching upload and moves it to the verified key', async () => {
    const { deps, repo, documents, app, documentId, incoming, verified } = await draftWithDeclaredPdf();
    documents.put(incoming, FILES.pdf);

    expect(await verifyDocument(deps, app.id, documentId)).toBe('verified');

    expect(await repo.getDocument(app.id, documentId)).toMatchObject({ status: 'verified', verifiedAt: NOW.toISOString() });
    expect((await repo.getDocument(app.id, documentId))!.problems).toBeUndefined();
    expect(documents.objects.get(verified)).toEqual(FILES.pdf);
    expect(documents.objects.has(incoming)).toBe(false);
  });

  it('rejects a mismatching upload with its problems and removes it', async () => {
    const { deps, repo, documents, app, documentId, incoming, verified } = await draftWithDeclaredPdf();
    documents.put(incoming, FILES.png); // a PNG renamed to .pdf

    expect(await verifyDocument(deps, app.id, documentId)).toBe('rejected');

    expect(await repo.getDocument(app.id, documentId)).toMatchObject({
      status: 'rejected',
      verifiedAt: NOW.toISOString(),
      problems: [
        `size is ${FILES.png.length} bytes, ${FILES.pdf.length} were declared`,
        'SHA-256 does not match the declared one',
        'content is not PDF',
      ],
    });
    expect(documents.objects.has(incoming)).toBe(false);
    expect(documents.objects.has(verified)).toBe(false);
  });

  it('removes a second upload after verification and keeps the verified document as it was', async () => {
    const { deps, repo, documents, app, documentId, incoming, verified } = await draftWithDeclaredPdf();
    documents.put(incoming, FILES.pdf);
    await verifyDocument(deps, app.id, documentId);
    const settled = await repo.getDocument(app.id, documentId);
    const forged = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(FILES.pdf.length - 9, 0x41)]);
    documents.put(incoming, forged);

    expect(await verifyDocument(deps, app.id, documentId)).toBe('verified');

    expect(documents.objects.has(incoming)).toBe(false);
    expect(documents.objects.get(verified)).toEqual(FILES.pdf);
    expect(await repo.getDocument(app.id, documentId)).toEqual(settled);
  });

  it('removes an upload after rejection; the document stays rejected', async () => {
    const { deps, repo, documents, app, documentId, incoming } = await draftWithDeclaredPdf();
    documents.put(incoming, FILES.png);
    await verifyDocument(deps, app.id, documentId);
    documents.put(incoming, FILES.pdf);

    expect(await verifyDocument(deps, app.id, documentId)).toBe('rejected');
    expect(documents.objects.has(incoming)).toBe(false);
    expect((await repo.getDocument(app.id, documentId))!.status).toBe('rejected');
  });

  it('removes an upload nobody declared', async () => {
    const { deps, documents, app } = await draftWithDeclaredPdf();
    const stray = incomingKey(app.id, '00000000-0000-4000-8000-0000000000ff');
    documents.put(stray, FILES.pdf);

    expect(await verifyDocument(deps, app.id, '00000000-0000-4000-8000-0000000000ff')).toBe('unknown');
    expect(documents.objects.has(stray)).toBe(false);
  });

  it('leaves the document awaiting upload when there is no object yet', async () => {
    const { deps, repo, app, documentId } = await draftWithDeclaredPdf();

    expect(await verifyDocument(deps, app.id, documentId)).toBe('awaiting-upload');
    expect((await repo.getDocument(app.id, documentId))!.status).toBe('awaiting-upload');
  });

  it('ends verified when retried after the upload was promoted but before the result was recorded', async () => {
    const { deps, repo, documents, app, documentId, incoming, verified } = await draftWithDeclaredPdf();
    documents.put(incoming, FILES.pdf);
    repo.failOnce('settleDocument');
    await expect(verifyDocument(deps, app.id, documentId)).rejects.toThrow('injected');
    expect(documents.objects.has(incoming)).toBe(false);
    expect(documents.objects.has(verified)).toBe(true);
    expect((await repo.getDocument(app.id, documentId))!.status).toBe('awaiting-upload');

    expect(await verifyDocument(deps, app.id, documentId)).toBe('verified');
    expect((await repo.getDocument(app.id, documentId))!.status).toBe('verified');
    expect(documents.objects.get(verified)).toEqual(FILES.pdf);
  });

  it('does not promote an upload replaced between inspection and copy; the retry checks the replacement', async () => {
    const { deps, repo, documents, app, documentId, incoming, verified } = await draftWithDeclaredPdf();
    documents.put(incoming, FILES.pdf);
    documents.afterInspect = async (key) => {
      documents.afterInspect = undefined;
      documents.put(key, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(FILES.pdf.length - 9, 0x42)]));
    };

    await expect(verifyDocument(deps, app.id, documentId)).rejects.toThrow('PreconditionFailed');
    expect(documents.objects.has(verified)).toBe(false);
    expect((await repo.getDocument(app.id, documentId))!.status).toBe('awaiting-upload');

    expect(await verifyDocument(deps, app.id, documentId)).toBe('rejected');
    expect((await repo.getDocument(app.id, documentId))!.problems).toEqual(['SHA-256 does not match the declared one']);
    expect(documents.objects.has(incoming)).toBe(false);
    expect(documents.objects.has(verified)).toBe(false);
  });

  it('verifies an XLSX declared as such (a zip package)', async () => {
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const ctx = setup();
    givenEnterprise(ctx);
    const p = await givenProgramme(ctx);
    const app = await givenDraft(ctx, p.id);
    const { documentId } = await requestUpload(
      ctx.deps,
      officer,
      app.id,
      declaration(FILES.zip, { fileName: 'bang-gia.xlsx', contentType: xlsx, type: 'quotation' }),
    );
    ctx.documents.put(incomingKey(app.id, documentId), FILES.zip);

    expect(await verifyDocument(ctx.deps, app.id, documentId)).toBe('verified');
  });
});

describe('downloadDocument', () => {
  it('hands out a 5-minute presigned GET of the verified copy', async () => {
    const { deps, documents, app, documentId, incoming, verified } = await draftWithDeclaredPdf();
    documents.put(incoming, FILES.pdf);
    await verifyDocument(deps, app.id, documentId);

    const out = await downloadDocument(deps, officer, app.id, documentId);

    expect(out).toEqual({
      documentId,
      fileName: 'Báo cáo tài chính 2025.pdf',
      contentType: 'application/pdf',
      sizeBytes: FILES.pdf.length,
      sha256: sha256Hex(FILES.pdf),
      downloadUrl: expect.stringContaining(`https://fake-s3.local/${verified}?X-Amz-Expires=${DOWNLOAD_URL_SECONDS}`),
      expiresAt: new Date(NOW.getTime() + 5 * 60 * 1000).toISOString(),
    });
  });

  it('refuses a rejected document (422), giving its problems', async () => {
    const { deps, documents, app, documentId, incoming } = await draftWithDeclaredPdf();
    documents.put(incoming, FILES.png);
    await verifyDocument(deps, app.id, documentId);

    const error = await rejection(downloadDocument(deps, officer, app.id, documentId));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.errors!.map((e) => e.message)).toContain('content is not PDF');
  });

  it('refuses a document awaiting upload (422)', async () => {
    const { deps, app, documentId } = await draftWithDeclaredPdf();

    const error = await rejection(downloadDocument(deps, officer, app.id, documentId));

    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.errors).toEqual([]);
  });

  it('is a 404 for an unknown document, and for an application another commune cannot see', async () => {
    const { deps, documents, app, documentId, incoming } = await draftWithDeclaredPdf();
    documents.put(incoming, FILES.pdf);
    await verifyDocument(deps, app.id, documentId);

    await expect(downloadDocument(deps, officer, app.id, '00000000-0000-4000-8000-0000000000ff')).rejects.toThrow(NotFoundError);
    await expect(downloadDocument(deps, otherCommuneCommittee, app.id, documentId)).rejects.toThrow(NotFoundError);
    await expect(downloadDocument(deps, otherAgencyOfficer, app.id, documentId)).rejects.toThrow(NotFoundError);
  });
});
