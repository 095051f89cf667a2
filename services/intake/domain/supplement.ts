/**
 * Requests for supplement (yêu cầu bổ sung hồ sơ): while a received file awaits its decision, the
 * programme's officer asks the applicant for documents or corrections, to answer within some
 * working days. The file's clock stops the day it is asked and restarts the day it is answered;
 * the due date then moves by the working days it was stopped — the working days after the request
 * day up to and including the answer day (so asked and answered the same day moves nothing), in
 * the working-day calendar (weekends, public holidays and Tết excluded; shared/time/working-days.ts).
 * The file is not received again: its submission stays the first one.
 */
import { ConflictError } from '../../../shared/errors.ts';
import { addWorkingDays, workingDaysBetween } from '../../../shared/time/working-days.ts';
import { evolve, type Application, type SupplementRequest } from './application.ts';

export interface SupplementAsked {
  message: string;
  documents: string[];
  fields: string[];
  dueInWorkingDays: number;
}

export interface SupplementGiven {
  message?: string | undefined;
  answers?: Record<string, unknown> | undefined;
}

/** The due date once the clock resumes: moved by the working days it was paused. */
export function resumedDueOn(dueOn: string, pausedOn: string, resumedOn: string): { dueOn: string; pausedWorkingDays: number } {
  const paused = Math.max(0, workingDaysBetween(pausedOn, resumedOn).days);
  return { dueOn: addWorkingDays(dueOn, paused).date, pausedWorkingDays: paused };
}

/** Ask for a supplement on a received, undecided file (`submitted` or `scored`), else 409. */
export function askForSupplement(app: Application, asked: SupplementAsked, by: string, at: string, today: string): Application {
  if (app.status !== 'submitted' && app.status !== 'scored') {
    throw new ConflictError(
      `Application ${app.id} is ${app.status}; a supplement is asked only of a submitted or scored file not yet decided`,
    );
  }
  const supplement: SupplementRequest = {
    message: asked.message,
    documents: asked.documents,
    fields: asked.fields,
    requestedAt: at,
    requestedBy: by,
    pausedOn: today,
    answerBy: addWorkingDays(today, asked.dueInWorkingDays).date,
    previousStatus: app.status,
  };
  return evolve(
    app,
    { status: 'awaiting-supplement', supplement },
    { at, by, action: 'supplement-requested', from: app.status, to: 'awaiting-supplement', detail: asked.message },
  );
}

/**
 * The applicant's answer: the clock resumes and the due date moves by the paused working days.
 * Changed answers (or documents uploaded since the request) send the file back to `submitted`, to
 * be scored again; otherwise it returns to the status it had.
 */
export function answerSupplement(
  app: Application,
  given: SupplementGiven,
  documentsChanged: boolean,
  by: string,
  at: string,
  today: string,
): { next: Application; changed: boolean } {
  const open = app.supplement;
  if (app.status !== 'awaiting-supplement' || !open) {
    throw new ConflictError(`Application ${app.id} is ${app.status}; there is no request for supplement to answer`);
  }
  const answers = given.answers ? { ...app.answers, ...given.answers } : app.answers;
  const answersChanged = JSON.stringify(answers) !== JSON.stringify(app.answers);
  const changed = answersChanged || documentsChanged;
  const { dueOn, pausedWorkingDays } = app.dueOn
    ? resumedDueOn(app.dueOn, open.pausedOn, today)
    : { dueOn: undefined, pausedWorkingDays: Math.max(0, workingDaysBetween(open.pausedOn, today).days) };
  const to = changed ? 'submitted' : open.previousStatus;
  const next = evolve(
    app,
    {
      status: to,
      answers,
      ...(dueOn ? { dueOn } : {}),
      supplement: {
        ...open,
        answeredAt: at,
        resumedOn: today,
        pausedWorkingDays,
        answer: {
          ...(given.message ? { message: given.message } : {}),
          ...(given.answers ? { answers: given.answers } : {}),
          documentsChanged,
          changed,
        },
      },
    },
    {
      at,
      by,
      via: 'enterprise',
      action: 'supplement-answered',
      from: 'awaiting-supplement',
      to,
      ...(given.message ? { detail: given.message } : {}),
    },
  );
  return { next, changed };
}
