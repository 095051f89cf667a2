/**
 * Application documents. The officer declares a document (type, name, content type, size,
 * SHA-256) and gets a presigned PUT that accepts exactly that type and size; once the upload lands,
 * it is checked against the declaration and, if it matches, copied to a key nothing can write to
 * again — a verified document never changes. Downloads are presigned GETs of that copy.
 */
import { ConflictError, NotFoundError, RuleViolationError } from '../../../shared/errors.ts';
import type { Page } from '../../../shared/http/pagination.ts';
import { MAX_DOCUMENTS, type ApplicationDocument } from '../domain/application.ts';
import { verifyUpload } from '../domain/document-types.ts';
import type { DocumentType } from '../domain/programme.ts';
import { assertMayDocuments } from './access.ts';
import { visibleApplication } from './applications.ts';
import type { Actor, IntakeDeps, PageRequest } from './ports.ts';

export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 5 * 60;

/** Where uploads land (watched: each new object is verified) and where verified copies live. */
export const INCOMING_PREFIX = 'documents/incoming/';
export const incomingKey = (applicationId: string, documentId: string) => `intake/${INCOMING_PREFIX}${applicationId}/${documentId}`;
export const verifiedKey = (applicationId: string, documentId: string) => `intake/documents/verified/${applicationId}/${documentId}`;

export function idsOfIncomingKey(key: string): { applicationId: string; documentId: string } | undefined {
  const m = key.match(/^intake\/documents\/incoming\/([0-9a-f-]{36})\/([0-9a-f-]{36})$/);
  return m ? { applicationId: m[1]!, documentId: m[2]! } : undefined;
}

export interface DocumentRequest {
  type: DocumentType;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

export async function requestUpload(deps: IntakeDeps, actor: Actor, applicationId: string, input: DocumentRequest) {
  const app = await visibleApplication(deps, actor, applicationId);
  assertMayDocuments(actor, app, 'create');
  // A draft is documented; so is a file awaiting a supplement, whose answer may bring the documents asked for.
  if (app.status !== 'draft' && app.status !== 'awaiting-supplement')
    throw new ConflictError(`Application ${app.id} is ${app.status}; documents are added to a draft or to a file awaiting a supplement`);
  const now = deps.now();
  const doc: ApplicationDocument = {
    documentId: deps.newId(),
    applicationId: app.id,
    ...input,
    sha256: input.sha256.toLowerCase(),
    status: 'awaiting-upload',
    requestedAt: now.toISOString(),
    requestedBy: actor.sub,
  };
  if ((await deps.repo.addDocument(doc, MAX_DOCUMENTS)) === 'full') {
    throw new RuleViolationError(`Application ${app.id} already has ${MAX_DOCUMENTS} documents, the most one application may carry`, {
      errors: [{ path: 'documents', message: `at most ${MAX_DOCUMENTS} documents per application` }],
    });
  }
  const target = await deps.documents.uploadUrl(incomingKey(app.id, doc.documentId), doc.contentType, doc.sizeBytes, UPLOAD_URL_SECONDS);
  return {
    documentId: doc.documentId,
    uploadUrl: target.url,
    uploadHeaders: target.headers,
    expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

/** Check an upload against its declaration; called for every object that lands under the incoming prefix. */
export async function verifyDocument(
  deps: IntakeDeps,
  applicationId: string,
  documentId: string,
): Promise<ApplicationDocument['status'] | 'unknown'> {
  const doc = await deps.repo.getDocument(applicationId, documentId);
  const key = incomingKey(applicationId, documentId);
  if (!doc || doc.status !== 'awaiting-upload') {
    // Unknown, or already settled: an upload here can never replace a settled document.
    await deps.documents.remove(key);
    return doc ? doc.status : 'unknown';
  }
  const at = deps.now().toISOString();
  const stored = await deps.documents.inspect(key);
  let problems: string[];
  if (stored) {
    problems = verifyUpload(doc, stored);
    if (problems.length === 0) await deps.documents.promote(key, verifiedKey(applicationId, documentId), stored.eTag);
    else await deps.documents.remove(key);
  } else {
    // A retry after the copy was made but before it was recorded: the verified copy passed already.
    const promoted = await deps.documents.inspect(verifiedKey(applicationId, documentId));
    if (!promoted) return 'awaiting-upload';
    problems = verifyUpload(doc, promoted);
  }
  const settled: ApplicationDocument = problems.length
    ? { ...doc, status: 'rejected', verifiedAt: at, problems }
    : { ...doc, status: 'verified', verifiedAt: at };
  await deps.repo.settleDocument(settled);
  return settled.status;
}

/** A page of an application's documents, for those the policy lets read them. */
export async function listDocuments(
  deps: IntakeDeps,
  actor: Actor,
  applicationId: string,
  page: PageRequest,
): Promise<Page<ApplicationDocument>> {
  const app = await visibleApplication(deps, actor, applicationId);
  assertMayDocuments(actor, app, 'read');
  return deps.repo.listDocuments(app.id, page);
}

export async function downloadDocument(deps: IntakeDeps, actor: Actor, applicationId: string, documentId: string) {
  const app = await visibleApplication(deps, actor, applicationId);
  assertMayDocuments(actor, app, 'read');
  const doc = await deps.repo.getDocument(applicationId, documentId);
  if (!doc) throw new NotFoundError(`No document ${documentId} on application ${applicationId}`);
  if (doc.status !== 'verified') {
    throw new RuleViolationError(`Document ${documentId} is ${doc.status}; only verified documents can be downloaded`, {
      errors: doc.problems?.map((p) => ({ path: 'document', message: p })) ?? [],
    });
  }
  const url = await deps.documents.downloadUrl(verifiedKey(applicationId, documentId), doc.fileName, DOWNLOAD_URL_SECONDS);
  return {
    documentId,
    fileName: doc.fileName,
    contentType: doc.contentType,
    sizeBytes: doc.sizeBytes,
    sha256: doc.sha256,
    downloadUrl: url,
    expiresAt: new Date(deps.now().getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString(),
  };
}
