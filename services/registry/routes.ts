import * as z from 'zod';
import { routeAccess as policy } from '../../shared/access/policy.ts';
import { paginationQuery } from '../../shared/http/pagination.ts';
import type { RouteSpec } from '../../shared/manifest.ts';
import { subSchema } from '../../shared/contracts/enterprise-links.ts';
import { taxCodeSchema } from '../../shared/reference/registration.ts';

const taxCodeParam = z.object({ taxCode: taxCodeSchema });
const fieldError = z.object({ path: z.string(), message: z.string() });

export const eventResult = z.object({
  eventId: z.string().nullable(),
  outcome: z.enum(['applied', 'duplicate', 'stale', 'rejected']),
  errors: z.array(fieldError),
});

export const enterpriseView = z
  .object({
    taxCode: z.string(),
    name: z.string(),
    legalForm: z.string(),
    communeCode: z.string(),
    vsic: z.object({ version: z.string(), main: z.string(), others: z.array(z.string()) }),
    status: z.string(),
    employees: z.number(),
    revenueVnd: z.number(),
    totalCapitalVnd: z.number(),
    revision: z.number(),
    updatedAt: z.string(),
    sizeClass: z.object({ class: z.string(), sectorGroup: z.string(), reasons: z.array(z.string()) }),
  })
  .loose();

const linkView = z.object({
  sub: z.string(),
  taxCode: z.string(),
  status: z.enum(['verified', 'pending', 'revoked']),
  basis: z.enum(['legal-representative', 'organisation-account', 'delegation']),
  createdAt: z.string(),
  updatedAt: z.string(),
  acts: z.array(
    z.object({
      at: z.string(),
      action: z.enum(['requested', 'verified', 'approved', 'revoked']),
      by: z.object({ sub: z.string().optional(), agency: z.string().optional(), commune: z.string().optional() }),
      detail: z.string().optional(),
    }),
  ),
});
const delegationParams = z.object({ taxCode: taxCodeSchema, sub: subSchema });

export const importStatus = z.enum(['awaiting-upload', 'reading', 'applying', 'completed', 'completed-with-errors', 'failed']);

export const routes = {
  postEvents: {
    method: 'POST',
    path: '/registry/events',
    handler: 'adapters/inbound/post-events.handler.ts',
    auth: { kind: 'signature' },
    summary: 'Registry feed: one event or a batch of up to 500, HMAC-signed; each event gets its own outcome',
    // The body is validated event by event in the handler: one bad event must not sink the batch.
    request: { body: z.union([z.object({ events: z.array(z.unknown()).min(1).max(500) }), z.object({ eventId: z.unknown() }).loose()]) },
    responses: {
      202: {
        description: 'per-event outcomes',
        schema: z.object({ results: z.array(eventResult), counts: z.record(z.string(), z.number()) }),
      },
      429: { description: 'busy: nothing was stored; send the same batch again after Retry-After seconds' },
    },
    timeoutSeconds: 29,
    memoryMb: 1024,
    personRefKey: true,
    // Answer within 5 s or 429 + Retry-After at once (docs/design-notes.md, "The registry feed sheds
    // load"). 8 batches at once keep DynamoDB busy; 10 requests/s of 100-event batches is 1,000
    // events/s, above what the registry sends at its peak.
    shedding: { deadlineSeconds: 5, concurrency: 8, rateLimit: 10 },
  },
  getEnterprise: {
    method: 'GET',
    path: '/enterprises/{taxCode}',
    handler: 'adapters/inbound/get-enterprise.handler.ts',
    ...policy('enterprise', 'read'),
    summary:
      "An enterprise's public registration record, with its Decree 80 size class and the reasons for it; " +
      "owners and people's identifiers only to the registry-owning agency's admins",
    request: { params: taxCodeParam },
    responses: { 200: { description: 'the profile', schema: enterpriseView } },
  },
  searchEnterprises: {
    method: 'GET',
    path: '/enterprises',
    handler: 'adapters/inbound/search-enterprises.handler.ts',
    ...policy('enterprise', 'read'),
    summary:
      'Search by commune, VSIC (division, class or sub-class prefix), size class, status, name prefix; public records, ' +
      "at most 50 a page (100 for the registry-owning agency's admins)",
    request: {
      query: paginationQuery.extend({
        commune: z
          .string()
          .regex(/^\d{5}$/)
          .optional(),
        vsic: z
          .string()
          .regex(/^\d{2,5}$/, 'must be 2–5 digits (division, group, class or sub-class)')
          .optional(),
        sizeClass: z.enum(['micro', 'small', 'medium', 'not-sme']).optional(),
        status: z.enum(['active', 'suspended', 'dissolved']).optional(),
        q: z.string().trim().min(2).max(100).optional(),
      }),
    },
    responses: {
      200: {
        description:
          "a page of profiles; a household business's taxCode is left out (it is its owner's personal id): read it by the code you have",
        schema: z.object({ items: z.array(enterpriseView.partial({ taxCode: true })), nextCursor: z.string().nullable() }),
      },
    },
  },
  getHistory: {
    method: 'GET',
    path: '/enterprises/{taxCode}/history',
    handler: 'adapters/inbound/get-history.handler.ts',
    ...policy('enterprise.history', 'read'),
    summary:
      "Every applied change, newest first; changes to owners and people's identifiers without their values, except for the registry owner's admins",
    request: { params: taxCodeParam, query: paginationQuery },
  },
  linkEnterprise: {
    method: 'POST',
    path: '/me/enterprises',
    handler: 'adapters/inbound/link-enterprise.handler.ts',
    ...policy('enterprise-link', 'create'),
    summary:
      'An enterprise user asks to act for an enterprise: verified at once when the identity provider asserts the organisation, or when ' +
      "the person is the registry's legal representative (by person ref); otherwise a pending delegation",
    request: { body: z.strictObject({ taxCode: taxCodeSchema }) },
    responses: {
      201: { description: 'the link', schema: linkView },
      422: { description: 'No such enterprise in the registry, or already 50 links' },
    },
    personRefKey: true,
  },
  me: {
    method: 'GET',
    path: '/me',
    handler: 'adapters/inbound/me.handler.ts',
    ...policy('enterprise-link', 'read'),
    summary: "An enterprise user's links to enterprises (verified, pending, revoked, each with its acts) and those it acts for now",
    responses: {
      200: {
        description: 'the caller and their links',
        schema: z.object({ sub: z.string(), enterprises: z.array(linkView), actingFor: z.array(z.string()) }),
      },
    },
  },
  approveDelegation: {
    method: 'POST',
    path: '/enterprises/{taxCode}/delegations/{sub}',
    handler: 'adapters/inbound/approve-delegation.handler.ts',
    ...policy('delegation', 'approve'),
    summary:
      "Approve a person's pending delegation to act for the enterprise: its verified legal representative, or an officer of its commune " +
      'committee or of Sở Tài chính',
    request: { params: delegationParams },
    responses: { 200: { description: 'the link', schema: linkView }, 409: { description: 'The delegation was revoked' } },
    personRefKey: true,
  },
  revokeDelegation: {
    method: 'DELETE',
    path: '/enterprises/{taxCode}/delegations/{sub}',
    handler: 'adapters/inbound/revoke-delegation.handler.ts',
    ...policy('delegation', 'revoke'),
    summary: "Revoke a person's link to the enterprise (as for approving; the person may give up their own)",
    request: { params: delegationParams, query: z.object({ reason: z.string().trim().min(1).max(500).optional() }) },
    responses: { 200: { description: 'the link, revoked', schema: linkView } },
    personRefKey: true,
  },
  startImport: {
    method: 'POST',
    path: '/registry/imports',
    handler: 'adapters/inbound/start-import.handler.ts',
    ...policy('import', 'create'),
    summary:
      "Start a bulk snapshot import (the registry-owning agency's admins): returns an upload URL for the CSV or NDJSON file, and the job id",
    request: {
      body: z.object({
        format: z.enum(['csv', 'ndjson']),
        fileName: z.string().max(200).optional(),
        /** When given and above 8 MiB, the answer is a multipart upload. */
        sizeBytes: z
          .number()
          .int()
          .min(1)
          .max(5 * 1024 ** 4)
          .optional(),
      }),
    },
    responses: {
      201: {
        description:
          'PUT the file to uploadUrl — or, for a large file, PUT each part to its url and POST the ETags to completePath — then poll the job',
        schema: z.object({
          importId: z.string(),
          expiresAt: z.string(),
          uploadUrl: z.string().optional(),
          uploadHeaders: z.record(z.string(), z.string()).optional(),
          multipart: z
            .object({
              partSize: z.number(),
              parts: z.array(z.object({ partNumber: z.number(), url: z.string() })),
              completePath: z.string(),
            })
            .optional(),
        }),
      },
      422: { description: 'A file too large for the parts a multipart upload may have' },
    },
  },
  completeUpload: {
    method: 'POST',
    path: '/registry/imports/{id}/upload-complete',
    handler: 'adapters/inbound/complete-upload.handler.ts',
    ...policy('import', 'complete'),
    summary: "Finish a multipart upload with each part's ETag; the import then starts",
    request: {
      params: z.object({ id: z.string().uuid() }),
      body: z.object({
        parts: z
          .array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) }))
          .min(1)
          .max(10_000),
      }),
    },
    responses: { 422: { description: 'S3 did not accept the parts: every part uploaded, each with the ETag its PUT returned' } },
  },
  getImport: {
    method: 'GET',
    path: '/registry/imports/{id}',
    handler: 'adapters/inbound/get-import.handler.ts',
    ...policy('import', 'read'),
    summary: 'Import progress: who started it, rows read, applied, skipped (stale), rejected with reasons; the rejects file',
    request: { params: z.object({ id: z.string().uuid() }) },
  },
} as const satisfies Record<string, RouteSpec>;
