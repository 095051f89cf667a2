import * as z from 'zod';
import { routeAccess as policy } from '../../shared/access/policy.ts';
import { paginationQuery } from '../../shared/http/pagination.ts';
import { agencyCodeSchema } from '../../shared/reference/agency.ts';
import { MAX_TRAINEES } from '../../shared/contracts/application.ts';
import { emailAddress, mailLanguage } from '../../shared/contracts/notifications.ts';
import { ONLINE_ROUTE } from '../../shared/contracts/enterprise-links.ts';
import type { RouteSpec } from '../../shared/manifest.ts';
import { taxCodeSchema as taxCode } from '../../shared/reference/registration.ts';
import { MAX_ANSWER_KEYS, MAX_ANSWERS_BYTES, MAX_TEXT_ANSWER } from './domain/answers.ts';
import { MAX_DOCUMENTS, STATUSES } from './domain/application.ts';
import { ALLOWED_CONTENT_TYPES, extensionFits, MAX_DOCUMENT_BYTES } from './domain/document-types.ts';
import { CATEGORIES, DOCUMENT_TYPES, programmeInput } from './domain/programme.ts';

const id = z.object({ id: z.string().uuid() });
const vnd = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const isoDate = z.iso.date();
const reason = z.string().trim().min(1).max(1000);
const trainees = z.number().int().min(0).max(MAX_TRAINEES).optional();

/**
 * Answers are checked against the programme's questions by the use case; here only their size is
 * bounded, so no accepted draft comes near DynamoDB's 400 KB item: at most 50 answers of a scalar
 * or a text of 2,000 characters, and 64 KB in all.
 */
const answers = z
  .record(z.string().min(1).max(60), z.union([z.number(), z.boolean(), z.string().max(MAX_TEXT_ANSWER), z.null()]))
  .refine((a) => Object.keys(a).length <= MAX_ANSWER_KEYS, `at most ${MAX_ANSWER_KEYS} answers`)
  .refine((a) => Buffer.byteLength(JSON.stringify(a), 'utf8') <= MAX_ANSWERS_BYTES, `at most ${MAX_ANSWERS_BYTES} bytes of answers in all`);
/** Routes open to enterprise users ask the registry whom the caller acts for (shared/contracts/enterprise-links.ts). */
const online = ONLINE_ROUTE;
const versionHeader = 'Send If-Match with the version you read (its ETag) to refuse a change to a newer version (409).';

const programmeView = z
  .object({
    id: z.string(),
    code: z.string(),
    category: z.enum(CATEGORIES),
    ownerAgency: z.string(),
    supportContents: z.array(z.string()),
    budgetVnd: z.number(),
    committedVnd: z.number(),
    version: z.number(),
  })
  .loose();
const applicationView = z
  .object({
    id: z.string(),
    status: z.enum(STATUSES),
    version: z.number(),
    timeline: z.array(z.object({ at: z.string(), by: z.string(), action: z.string() }).loose()),
  })
  .loose();

export const routes = {
  createProgramme: {
    method: 'POST',
    path: '/programmes',
    handler: 'adapters/inbound/create-programme.handler.ts',
    ...policy('programme', 'create'),
    summary: 'Define a support programme (only for your own agency): category, window, budget, targets, eligibility, rubric',
    request: { body: programmeInput },
    responses: { 201: { description: 'the programme', schema: programmeView } },
  },
  listProgrammes: {
    method: 'GET',
    path: '/programmes',
    handler: 'adapters/inbound/list-programmes.handler.ts',
    ...policy('programme', 'read'),
    summary: 'The programme catalogue, by code; optionally one category or owner agency',
    request: {
      query: paginationQuery.extend({
        category: z.enum(CATEGORIES).optional(),
        agency: agencyCodeSchema.optional(),
      }),
    },
  },
  getProgramme: {
    method: 'GET',
    path: '/programmes/{id}',
    handler: 'adapters/inbound/get-programme.handler.ts',
    ...policy('programme', 'read'),
    summary: 'One programme, with the budget committed to approvals so far',
    request: { params: id },
    responses: { 200: { description: 'the programme', schema: programmeView } },
  },
  updateProgramme: {
    method: 'PUT',
    path: '/programmes/{id}',
    handler: 'adapters/inbound/update-programme.handler.ts',
    ...policy('programme', 'update'),
    summary: `Replace a programme (owning agency only). ${versionHeader}`,
    request: { params: id, body: programmeInput },
    responses: {
      200: { description: 'the programme', schema: programmeView },
      422: { description: 'A budget below what is committed, or a change the applications in flight forbid' },
    },
  },
  createApplication: {
    method: 'POST',
    path: '/applications',
    handler: 'adapters/inbound/create-application.handler.ts',
    ...policy('application', 'create'),
    ...online,
    summary: 'Draft an application of a registered enterprise to a programme; honours Idempotency-Key',
    request: {
      body: z.strictObject({
        programmeId: z.string().uuid(),
        taxCode,
        requestedAmountVnd: vnd,
        answers: answers.default({}),
        contact: z.strictObject({
          name: z.string().trim().min(2).max(200),
          phone: z.string().regex(/^\+?[0-9 ().-]{8,20}$/, 'must be a phone number'),
          email: emailAddress,
          /** The language the enterprise is written to in; Vietnamese when absent. */
          language: mailLanguage.optional(),
        }),
      }),
    },
    responses: {
      201: { description: 'the draft', schema: applicationView },
      422: { description: 'No such programme, an enterprise the registry has not announced, or more than the programme grants' },
    },
  },
  listApplications: {
    method: 'GET',
    path: '/applications',
    handler: 'adapters/inbound/list-applications.handler.ts',
    ...policy('application', 'read'),
    ...online,
    summary:
      "Applications by programme, commune or enterprise (default: your agency's), newest first, optionally one status; " +
      'only those you may read (a commune committee: its commune; the coordinator: all)',
    request: {
      query: paginationQuery.extend({
        programmeId: z.string().uuid().optional(),
        status: z.enum(STATUSES).optional(),
        commune: z
          .string()
          .regex(/^\d{5}$/)
          .optional(),
        taxCode: taxCode.optional(),
        /** An enterprise user's own applications (the only ones it lists, with or without it). */
        mine: z.enum(['true', 'false']).optional(),
      }),
    },
  },
  getApplication: {
    method: 'GET',
    path: '/applications/{id}',
    handler: 'adapters/inbound/get-application.handler.ts',
    ...policy('application', 'read'),
    ...online,
    summary:
      "Status, timeline, due date, score summary, flags and the first page of documents; the ETag is the version. Another agency's is 404",
    request: { params: id },
    responses: { 200: { description: 'the application', schema: applicationView } },
  },
  requestDocument: {
    method: 'POST',
    path: '/applications/{id}/documents',
    handler: 'adapters/inbound/request-document.handler.ts',
    ...policy('document', 'create'),
    ...online,
    summary: `Declare a document (≤ 25 MB; pdf, jpg, png, xlsx, docx; at most ${MAX_DOCUMENTS} per application, 422 beyond) and get a presigned PUT for exactly that type and size`,
    request: {
      params: id,
      body: z
        .strictObject({
          type: z.enum(DOCUMENT_TYPES),
          fileName: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .regex(/^[^/\\]+$/, 'must not contain path separators'),
          contentType: z.enum(ALLOWED_CONTENT_TYPES, { error: `must be one of ${ALLOWED_CONTENT_TYPES.join(', ')}` }),
          sizeBytes: z.number().int().min(1).max(MAX_DOCUMENT_BYTES, `must be at most ${MAX_DOCUMENT_BYTES} bytes (25 MB)`),
          sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the hex SHA-256 of the file'),
        })
        .refine((d) => extensionFits(d.fileName, d.contentType), {
          path: ['fileName'],
          message: 'its extension does not fit the content type',
        }),
    },
    responses: {
      201: {
        description: 'PUT the bytes to uploadUrl with uploadHeaders; the document is verified once it lands',
        schema: z.object({
          documentId: z.string(),
          uploadUrl: z.string(),
          uploadHeaders: z.record(z.string(), z.string()),
          expiresAt: z.string(),
        }),
      },
      422: { description: `The application already has ${MAX_DOCUMENTS} documents, the most it may carry` },
    },
  },
  listDocuments: {
    method: 'GET',
    path: '/applications/{id}/documents',
    handler: 'adapters/inbound/list-documents.handler.ts',
    ...policy('document', 'read'),
    ...online,
    summary: 'The documents declared on an application (by document id; at most 50), with their verification status',
    request: { params: id, query: paginationQuery },
  },
  getDocument: {
    method: 'GET',
    path: '/applications/{id}/documents/{docId}',
    handler: 'adapters/inbound/get-document.handler.ts',
    ...policy('document', 'read'),
    ...online,
    summary: 'A download URL for a verified document',
    request: { params: z.object({ id: z.string().uuid(), docId: z.string().uuid() }) },
    responses: { 422: { description: 'The document is not verified (yet)' } },
  },
  submitApplication: {
    method: 'POST',
    path: '/applications/{id}/submit',
    handler: 'adapters/inbound/submit-application.handler.ts',
    ...policy('application', 'submit'),
    ...online,
    summary: `Eligibility screen, required answers and documents (422 with every reason), then queued for scoring. ${versionHeader}`,
    request: { params: id },
    responses: {
      200: {
        description: 'submitted',
        schema: z.object({ status: z.literal('submitted'), dueOn: z.string(), version: z.number() }).loose(),
      },
      422: { description: 'Not eligible, outside the window, or answers or verified documents missing: every reason listed' },
    },
  },
  withdrawApplication: {
    method: 'POST',
    path: '/applications/{id}/withdraw',
    handler: 'adapters/inbound/withdraw-application.handler.ts',
    ...policy('application', 'withdraw'),
    ...online,
    summary: `Withdraw an open application. ${versionHeader}`,
    request: { params: id, body: z.strictObject({ reason: z.string().trim().min(1).max(1000).optional() }) },
  },
  decide: {
    method: 'POST',
    path: '/applications/{id}/decision',
    handler: 'adapters/inbound/decide.handler.ts',
    ...policy('application', 'decide'),
    summary:
      "Approve (amount; writes the support ledger: the programme's support contents over period, default the year) or reject (reason); " +
      '422 naming the earlier grant (earlierGrant) when the enterprise already holds one of those contents over an intersecting period, ' +
      'unless mostFavourable names the grant the enterprise leaves for this more favourable level (its agency then adjusts it). ' +
      "Four eyes: 403 for whoever created or submitted it, unless the programme's fourEyesAboveVnd covers the amount. " +
      versionHeader,
    request: {
      params: id,
      body: z.discriminatedUnion('outcome', [
        z.strictObject({
          outcome: z.literal('approved'),
          amountVnd: vnd,
          reason: reason.optional(),
          /** Head counts of a training grant: workers and CEOs trained (the trainee targets count them). */
          workersTrained: trainees,
          ceosTrained: trainees,
          /** The period supported (default: the Hanoi calendar year of the approval); at most 5 calendar years. */
          period: z
            .strictObject({ from: isoDate, to: isoDate })
            .refine((p) => p.from <= p.to, { path: ['to'], message: 'is before from' })
            .optional(),
          /** The enterprise chose this more favourable level of a content an earlier grant funds (Law 04/2017/QH14 Art. 5). */
          mostFavourable: z.strictObject({ supersedes: z.string().uuid(), reason }).optional(),
        }),
        z.strictObject({ outcome: z.literal('rejected'), reason }),
      ]),
    },
    responses: {
      422: {
        description:
          'Cannot be approved: above the amount requested or the budget left, the enterprise no longer active, ' +
          'or support would be duplicated (naming the earlier grant); every reason listed',
      },
    },
  },
  proposeAdjustment: {
    method: 'POST',
    path: '/grants/{id}/adjustments',
    handler: 'adapters/inbound/propose-adjustment.handler.ts',
    ...policy('grant', 'adjust'),
    summary:
      "Propose reducing (amountVnd, below the grant's amount now) or cancelling (cancel: true) a grant of your agency, with a reason; " +
      'another officer of the agency confirms it (four eyes). 409 while another adjustment awaits a decision',
    request: {
      params: id,
      body: z
        .strictObject({ amountVnd: vnd.optional(), cancel: z.literal(true).optional(), reason })
        .refine((b) => (b.amountVnd === undefined) !== (b.cancel === undefined), {
          path: ['amountVnd'],
          message: 'give either amountVnd (a reduction) or cancel: true, not both',
        }),
    },
    responses: {
      201: {
        description: 'the proposed adjustment, and the grant',
        schema: z.object({
          adjustment: z.object({ adjustmentId: z.string(), status: z.literal('proposed') }).loose(),
          grant: z.object({}).loose(),
        }),
      },
    },
  },
  decideAdjustment: {
    method: 'POST',
    path: '/grants/{id}/adjustments/{adjustmentId}/decision',
    handler: 'adapters/inbound/decide-adjustment.handler.ts',
    ...policy('grant', 'adjust'),
    summary:
      'Confirm (another officer than the proposer: 403 for the proposer) or reject (anyone of the agency, the proposer withdrawing it) a proposed adjustment. ' +
      "A confirmation changes the grant, gives the money back to the programme's budget and publishes grant.adjusted",
    request: {
      params: z.object({ id: z.string().uuid(), adjustmentId: z.string().uuid() }),
      body: z.discriminatedUnion('outcome', [
        z.strictObject({ outcome: z.literal('confirmed'), reason: reason.optional() }),
        z.strictObject({ outcome: z.literal('rejected'), reason }),
      ]),
    },
  },
  relatedPartyFlags: {
    method: 'GET',
    path: '/ledger/related-party-flags',
    handler: 'adapters/inbound/related-party-flags.handler.ts',
    ...policy('related-party-flag', 'read'),
    summary:
      'Sở Tài chính: approvals of a year that a related enterprise (sharing an owner or legal representative) had also been supported for, ' +
      'by content, newest first. Flags for review, not refusals',
    request: {
      query: paginationQuery.extend({ year: z.coerce.number().int().min(2000).max(2100) }),
    },
  },
  enterpriseSupport: {
    method: 'GET',
    path: '/enterprises/{taxCode}/support',
    handler: 'adapters/inbound/enterprise-support.handler.ts',
    ...policy('ledger', 'read'),
    ...online,
    summary: 'All support granted to an enterprise, across programmes and agencies, newest first',
    request: { params: z.object({ taxCode }), query: paginationQuery },
  },
  myProgrammes: {
    method: 'GET',
    path: '/me/programmes',
    handler: 'adapters/inbound/my-programmes.handler.ts',
    ...policy('programme.eligibility', 'read'),
    ...online,
    summary:
      "The programmes taking applications today, each pre-checked against the enterprise's registry record: eligible, or every reason not",
    request: { query: z.object({ taxCode }) },
    responses: {
      200: {
        description: 'open programmes with their pre-check',
        schema: z.object({
          items: z.array(
            z.object({
              programme: programmeView,
              eligible: z.boolean(),
              reasons: z.array(
                z.object({ rule: z.string(), message: z.string(), messageText: z.object({ vi: z.string(), en: z.string() }) }),
              ),
            }),
          ),
        }),
      },
      404: { description: 'An enterprise the caller does not act for (a verified, unrevoked link)' },
      422: { description: 'The registry has not announced the enterprise yet' },
    },
  },
  requestSupplement: {
    method: 'POST',
    path: '/applications/{id}/supplement-requests',
    handler: 'adapters/inbound/request-supplement.handler.ts',
    ...policy('application', 'request-supplement'),
    summary:
      'Ask the applicant for documents or corrections (a submitted or scored file not yet decided): the file awaits the supplement, ' +
      'its clock paused until answered',
    request: {
      params: id,
      body: z.strictObject({
        message: z.string().trim().min(1).max(2000),
        documents: z.array(z.enum(DOCUMENT_TYPES)).max(20).default([]),
        fields: z
          .array(z.string().regex(/^answers\.[A-Za-z0-9_-]{1,60}$/, 'must be answers.<question id>'))
          .max(50)
          .default([]),
        dueInWorkingDays: z.number().int().min(1).max(60),
      }),
    },
    responses: {
      200: { description: 'the file, awaiting the supplement', schema: applicationView },
      409: { description: 'The file is not submitted or scored (a draft, awaiting a supplement already, or decided)' },
    },
  },
  answerSupplement: {
    method: 'POST',
    path: '/applications/{id}/supplements',
    handler: 'adapters/inbound/answer-supplement.handler.ts',
    ...policy('application', 'answer-supplement'),
    ...online,
    summary:
      'Answer a request for supplement (documents through the usual upload first): the clock resumes, the due date moves by the paused ' +
      'working days; changed answers or documents are scored again',
    request: { params: id, body: z.strictObject({ message: z.string().trim().min(1).max(2000).optional(), answers: answers.optional() }) },
    responses: {
      200: { description: 'the file', schema: applicationView },
      409: { description: 'No request for supplement is open' },
    },
  },
} as const satisfies Record<string, RouteSpec>;
