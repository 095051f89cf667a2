/**
 * The enterprise's side of intake (issue 21, api.md "Enterprises online"): the programmes open to
 * an enterprise with a pre-check against its registry record, and requests for supplement — asked
 * by the programme's officer, answered by the applicant — with the file's clock paused meanwhile.
 */
import { assertCan } from '../../../shared/access/policy.ts';
import { newEnvelope } from '../../../shared/contracts/envelope.ts';
import { ValidationError } from '../../../shared/errors.ts';
import type { Localized } from '../../../shared/i18n/localized.ts';
import { hanoiDay } from '../../../shared/time/hanoi.ts';
import { checkAnswers } from '../domain/answers.ts';
import type { Application } from '../domain/application.ts';
import { screen } from '../domain/eligibility.ts';
import { windowOpen, type Programme } from '../domain/programme.ts';
import { answerSupplement, askForSupplement, type SupplementAsked, type SupplementGiven } from '../domain/supplement.ts';
import { assertMayApplication } from './access.ts';
import { allDocuments, INTAKE_SOURCE, registered, submittedData, visibleApplication } from './applications.ts';
import { getProgramme } from './programmes.ts';
import type { Actor, IntakeDeps } from './ports.ts';

/** Programmes one pre-check reads at most (the city's catalogue is a few dozen). */
export const MAX_CATALOGUE = 500;

export interface ProgrammeCheck {
  programme: Programme;
  eligible: boolean;
  /** Each reason in English (`message`) and in both languages (`messageText`, shown in the reader's). */
  reasons: { rule: string; message: string; messageText: Localized }[];
}

/** `GET /me/programmes?taxCode=`: the programmes taking applications today, each screened against the enterprise. */
export async function programmesOpenTo(deps: IntakeDeps, actor: Actor, taxCode: string): Promise<{ items: ProgrammeCheck[] }> {
  assertCan(actor, 'programme.eligibility', 'read', { taxCode }, { id: taxCode, label: 'enterprise' });
  const enterprise = registered(await deps.repo.getEnterprise(taxCode), taxCode);
  const today = hanoiDay(deps.now());
  const programmes: Programme[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.repo.listProgrammes({ limit: 100, ...(cursor ? { cursor } : {}) });
    programmes.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && programmes.length < MAX_CATALOGUE);
  const items = programmes
    .filter((p) => windowOpen(p, today))
    .map((programme) => {
      const reasons = screen(programme.eligibility, enterprise, today).map((r) => ({
        rule: r.rule,
        message: r.message,
        messageText: r.messageText,
      }));
      return { programme, eligible: reasons.length === 0, reasons };
    });
  return { items };
}

const contactEmail = (app: Application) => (app.contact?.email ? { contactEmail: app.contact.email } : {});

/** `POST /applications/{id}/supplement-requests`: the programme's officer asks; the file waits, its clock paused. */
export async function requestSupplement(deps: IntakeDeps, actor: Actor, id: string, asked: SupplementAsked): Promise<Application> {
  const app = await visibleApplication(deps, actor, id);
  assertMayApplication(actor, app, 'request-supplement');
  const programme = await getProgramme(deps, app.programmeId);
  const unknownFields = asked.fields.filter((f) => !f.startsWith('answers.') || !programme.questions.some((q) => `answers.${q.id}` === f));
  if (unknownFields.length) {
    throw new ValidationError(`${unknownFields.length} field(s) are not questions of ${programme.code}`, {
      errors: unknownFields.map((f) => ({ path: 'body.fields', message: `${f} is not answers.<question> of the programme` })),
    });
  }
  const now = deps.now();
  const at = now.toISOString();
  const next = askForSupplement(app, asked, actor.sub, at, hanoiDay(now));
  const event = newEnvelope({
    type: 'application.supplement-requested',
    source: INTAKE_SOURCE,
    data: {
      applicationId: app.id,
      programmeId: app.programmeId,
      programmeCode: app.programmeCode,
      agency: app.agency,
      taxCode: app.taxCode,
      message: asked.message,
      documents: asked.documents,
      fields: asked.fields,
      dueOn: next.supplement!.answerBy,
      requestedAt: at,
      ...contactEmail(app),
    },
  });
  await deps.repo.saveApplication(next, app.version, { events: [event] });
  return next;
}

/**
 * `POST /applications/{id}/supplements`: the applicant answers (documents through the usual upload,
 * before answering). The clock resumes; changed answers or documents are scored again.
 */
export async function giveSupplement(deps: IntakeDeps, actor: Actor, id: string, given: SupplementGiven): Promise<Application> {
  const app = await visibleApplication(deps, actor, id);
  assertMayApplication(actor, app, 'answer-supplement');
  const programme = await getProgramme(deps, app.programmeId);
  if (given.answers) {
    const errors = checkAnswers(programme.questions, { ...app.answers, ...given.answers }, 'body.answers');
    if (errors.length) throw new ValidationError(`${errors.length} answer(s) are invalid`, { errors });
  }
  const since = app.supplement?.requestedAt ?? '';
  const documentsChanged = (await allDocuments(deps, app.id)).some((d) => d.status === 'verified' && (d.verifiedAt ?? '') > since);
  const now = deps.now();
  const at = now.toISOString();
  const { next, changed } = answerSupplement(app, given, documentsChanged, actor.sub, at, hanoiDay(now));
  const enterprise = changed ? await deps.repo.getEnterprise(app.taxCode) : undefined;
  const rescore =
    changed && programme.rubric !== null && enterprise && next.submittedAt && next.dueOn
      ? submittedData(next, programme, enterprise, next.submittedAt, next.dueOn)
      : null;
  const event = newEnvelope({
    type: 'application.supplement-answered',
    source: INTAKE_SOURCE,
    data: {
      applicationId: app.id,
      programmeId: app.programmeId,
      agency: app.agency,
      taxCode: app.taxCode,
      answeredAt: at,
      dueOn: next.dueOn ?? null,
      pausedWorkingDays: next.supplement!.pausedWorkingDays ?? 0,
      changed,
      ...(given.message ? { message: given.message } : {}),
      ...contactEmail(app),
      rescore,
    },
  });
  await deps.repo.saveApplication(next, app.version, { events: [event] });
  return next;
}
