/**
 * Getting an application to a given state through the use cases themselves (no hand-made
 * records), so each test starts from a state the service could really be in.
 */
import type { FieldError } from '../../../../shared/errors.ts';
import { createApplication, submitApplication, type DraftInput } from '../../../../services/intake/app/applications.ts';
import { incomingKey, requestUpload, verifyDocument } from '../../../../services/intake/app/documents.ts';
import { recordScore } from '../../../../services/intake/app/events.ts';
import type { Actor } from '../../../../services/intake/app/ports.ts';
import { createProgramme } from '../../../../services/intake/app/programmes.ts';
import type { Application } from '../../../../services/intake/domain/application.ts';
import type { DocumentType, Programme, ProgrammeInput } from '../../../../services/intake/domain/programme.ts';
import { sha256Hex } from './fakes.ts';
import { contact, enterprise, FILES, officer, programme, scoredEvent, type setup, TAX_CODE } from './fixtures.ts';

export type Ctx = ReturnType<typeof setup>;

/** A programme, its announcement (programme.changed) already relayed: the outbox then holds what the test's own steps emit. */
export async function givenProgramme(
  ctx: Ctx,
  overrides: Partial<Record<keyof ProgrammeInput, unknown>> = {},
  actor: Actor = officer,
): Promise<Programme> {
  const p = await createProgramme(ctx.deps, actor, programme(overrides));
  ctx.repo.takeEvents('programme.changed');
  return p;
}

export function givenEnterprise(ctx: Ctx, overrides: Parameters<typeof enterprise>[0] = {}): void {
  ctx.repo.putEnterprise(enterprise(overrides));
}

export const draftInput = (programmeId: string, overrides: Partial<DraftInput> = {}): DraftInput => ({
  programmeId,
  taxCode: TAX_CODE,
  requestedAmountVnd: 300_000_000,
  answers: { labourProductivityGrowthPct: 12 },
  contact,
  ...overrides,
});

export function givenDraft(
  ctx: Ctx,
  programmeId: string,
  overrides: Partial<DraftInput> = {},
  actor: Actor = officer,
): Promise<Application> {
  return createApplication(ctx.deps, actor, draftInput(programmeId, overrides));
}

/** Declare a PDF, upload it and verify it. */
export async function givenVerifiedDocument(ctx: Ctx, applicationId: string, type: DocumentType, actor: Actor = officer): Promise<string> {
  const body = FILES.pdf;
  const { documentId } = await requestUpload(ctx.deps, actor, applicationId, {
    type,
    fileName: `${type}.pdf`,
    contentType: 'application/pdf',
    sizeBytes: body.length,
    sha256: sha256Hex(body),
  });
  ctx.documents.put(incomingKey(applicationId, documentId), body);
  const status = await verifyDocument(ctx.deps, applicationId, documentId);
  if (status !== 'verified') throw new Error(`fixture document ended ${status}`);
  return documentId;
}

export async function givenSubmitted(
  ctx: Ctx,
  programmeId: string,
  overrides: Partial<DraftInput> = {},
  actor: Actor = officer,
): Promise<Application> {
  const draft = await givenDraft(ctx, programmeId, overrides, actor);
  return submitApplication(ctx.deps, actor, draft.id, draft.version);
}

export async function givenScored(
  ctx: Ctx,
  programmeId: string,
  overrides: Partial<DraftInput> = {},
  actor: Actor = officer,
): Promise<Application> {
  const submitted = await givenSubmitted(ctx, programmeId, overrides, actor);
  const outcome = await recordScore(ctx.deps, scoredEvent(submitted.id, {}, `msg-scored-${submitted.id}`));
  if (outcome !== 'scored') throw new Error(`fixture score ended ${outcome}`);
  return (await ctx.repo.getApplication(submitted.id))!;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(
  p: Promise<unknown>,
): Promise<Error & { status?: number; errors?: FieldError[]; extensions?: Record<string, unknown> }> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
