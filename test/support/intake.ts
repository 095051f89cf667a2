/** Driving intake in tests: programmes, enterprises intake knows of, documents and scores. */
import { createHash, randomUUID } from 'node:crypto';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { newEnvelope } from '../../shared/contracts/envelope.ts';
import { localNames } from '../../shared/manifest.ts';
import { localClients } from './aws.ts';
import { call, eventually } from './http.ts';
import { postSigned, registryEvent, type EventOverrides } from './registry.ts';
import { thisYear } from './clock.ts';
import { clock } from '../../shared/time/clock.ts';
import { defaultContents } from '../../shared/reference/support-contents.ts';

export const contact = { name: 'Nguyễn Thị Lan', phone: '0912 345 678', email: 'lan@example.vn' };

/** A programme body; its support contents default to its category's (support-contents.ts), so two categories never share one. */
export function programmeBody(overrides: Record<string, unknown> = {}) {
  return {
    code: `T-${randomUUID().slice(0, 8).toUpperCase()}`,
    name: 'Chương trình hỗ trợ thử nghiệm',
    category: 'supporting-industry',
    ownerAgency: 'so-cong-thuong',
    opensOn: `${thisYear()}-01-01`,
    closesOn: `${thisYear() + 4}-12-31`,
    budgetVnd: 1_000_000_000,
    processingDays: 30,
    requiredDocuments: ['business-registration'],
    eligibility: { sizeClasses: ['micro', 'small', 'medium'], vsicSections: ['C'] },
    rubric: { id: 'cnht', version: 1 },
    questions: [{ id: 'labourProductivityGrowthPct', label: 'Labour productivity improvement', type: 'percent', required: true }],
    annualTargets: [{ target: 'cnht-connection', count: 10 }],
    supportContents: defaultContents(String(overrides.category ?? 'supporting-industry')),
    ...overrides,
  };
}

/** Register an enterprise with the registry feed and wait until intake has its copy. */
export async function registeredEnterprise(base: string, token: string, programmeId: string, o: EventOverrides = {}) {
  const event = registryEvent(o);
  const res = await postSigned(base, event);
  if (res.body.results?.[0]?.outcome !== 'applied') throw new Error(`registry refused the test enterprise: ${JSON.stringify(res.body)}`);
  // Intake learns of enterprises from enterprise.* events: a draft is refused (422) until then.
  const draft = await eventually(
    async () => {
      const r = await call(base, 'POST', '/applications', {
        token,
        body: { programmeId, taxCode: event.taxCode, requestedAmountVnd: 100_000_000, answers: {}, contact },
      });
      return r.status === 201 ? r.body : undefined;
    },
    60_000,
    250,
  );
  return { taxCode: event.taxCode, event, draft };
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A small but well-formed-looking PDF. */
export const pdfBytes = (text = 'Giấy chứng nhận đăng ký doanh nghiệp') =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`, 'utf8');

export const pngBytes = () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** Declare a document, PUT its bytes to the presigned URL by plain HTTP; returns the declaration's answer and the PUT's status. */
export async function upload(
  base: string,
  token: string,
  applicationId: string,
  bytes: Buffer,
  declared: Partial<{ type: string; fileName: string; contentType: string; sizeBytes: number; sha256: string }> = {},
) {
  const req = await call(base, 'POST', `/applications/${applicationId}/documents`, {
    token,
    body: {
      type: 'business-registration',
      fileName: 'dkkd.pdf',
      contentType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256: sha256(bytes),
      ...declared,
    },
  });
  if (req.status !== 201) return { req, put: undefined };
  const put = await fetch(req.body.uploadUrl, { method: 'PUT', headers: req.body.uploadHeaders, body: bytes });
  return { req, put: put.status };
}

export async function documentSettled(base: string, token: string, applicationId: string, documentId: string) {
  return eventually(
    async () => {
      const app = await call(base, 'GET', `/applications/${applicationId}`, { token });
      const doc = app.body.documents?.find((d: { documentId: string }) => d.documentId === documentId);
      return doc && doc.status !== 'awaiting-upload' ? doc : undefined;
    },
    30_000,
    200,
  );
}

/**
 * Send `application.scored` to intake's queue by hand, as scoring would. The scoring service now
 * scores every submitted application itself (its score arrives first, and intake takes the first),
 * so flows should wait for that instead; this stays for tests of intake's consumer alone.
 */
export async function publishScore(applicationId: string, rubric = { id: 'cnht', version: 1 }, totalPoints = 72) {
  const { sqs } = localClients();
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: localNames.queue('intake', 'scores') }));
  const envelope = newEnvelope({
    type: 'application.scored',
    source: 'scoring',
    data: { applicationId, rubric, totalPoints, maxPoints: 100, scoredAt: clock.now().toISOString() },
  });
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(envelope) }));
  return envelope;
}
