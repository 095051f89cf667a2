/**
 * The parts of an application's page that online public service adds (issue 21): a request for
 * supplement (yêu cầu bổ sung hồ sơ) — asked by the programme's officer of a received, undecided
 * file, with a due date in working days; shown to both sides while open; answered by the
 * enterprise (documents through the usual upload first) — and the enterprise's withdrawal.
 */
import { type FormEvent, useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { hasRole, isEnterprise } from '../auth/session.ts';
import { Field, ProblemNotice } from '../components/ui.tsx';
import { useAction } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import type { ApplicationView, SupplementView } from './application-model.ts';
import { DOCUMENT_TYPES } from './programme-model.ts';

type Answer = string | number | boolean;

export function SupplementPanel({ app, onDone }: { app: ApplicationView; onDone: () => void }) {
  const ctx = useApp();
  const officer = hasRole(ctx.session, 'officer', 'admin');
  const s = app.supplement;
  return (
    <>
      {app.status === 'awaiting-supplement' && s ? (
        <OpenRequest app={app} supplement={s} onDone={onDone} />
      ) : s?.answeredAt ? (
        <Answered supplement={s} />
      ) : null}
      {officer && (app.status === 'submitted' || app.status === 'scored') ? <RequestForm app={app} onDone={onDone} /> : null}
    </>
  );
}

function Answered({ supplement }: { supplement: SupplementView }) {
  const { t, dateTime } = useI18n();
  return (
    <p className="notice small" data-testid="supplement-answered">
      {t('supplement.answered', { when: dateTime(supplement.answeredAt), days: supplement.pausedWorkingDays ?? 0 })}
    </p>
  );
}

function OpenRequest({ app, supplement, onDone }: { app: ApplicationView; supplement: SupplementView; onDone: () => void }) {
  const ctx = useApp();
  const { t, label, date, dateTime } = useI18n();
  return (
    <section className="card notice warn" aria-labelledby="sup-open-title" data-testid="supplement">
      <h2 id="sup-open-title">{t('supplement.open.title')}</h2>
      <p data-testid="supplement-message">{supplement.message}</p>
      {supplement.documents.length ? (
        <p>
          <strong>{t('supplement.documents')}:</strong> {supplement.documents.map((d) => label('docType', d)).join(', ')}
        </p>
      ) : null}
      {supplement.fields.length ? (
        <p>
          <strong>{t('supplement.fields')}:</strong> {supplement.fields.map((f) => f.replace(/^answers\./, '')).join(', ')}
        </p>
      ) : null}
      <p className="small">
        <strong data-testid="answer-by">{t('supplement.answerBy', { date: date(supplement.answerBy) })}</strong> ·{' '}
        {t('supplement.asked', { when: dateTime(supplement.requestedAt) })}
      </p>
      {isEnterprise(ctx.session) ? <AnswerForm app={app} supplement={supplement} onDone={onDone} /> : null}
    </section>
  );
}

function AnswerForm({ app, supplement, onDone }: { app: ApplicationView; supplement: SupplementView; onDone: () => void }) {
  const ctx = useApp();
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const { busy, problem, errors, run } = useAction();
  const asked = supplement.fields.filter((f) => f.startsWith('answers.')).map((f) => f.slice('answers.'.length));

  const answer = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const body = { ...(message.trim() ? { message: message.trim() } : {}), ...(Object.keys(answers).length ? { answers } : {}) };
      await ok(ctx.api.POST('/applications/{id}/supplements', { params: { path: { id: app.id } }, body }));
      onDone();
    });
  };

  return (
    <form onSubmit={answer} className="form" noValidate>
      <p className="muted small">{t('supplement.answer.hint')}</p>
      {asked.map((id) => {
        const current = app.answers[id];
        return (
          <Field key={id} label={id} name={`answers.${id}`} errors={errors}>
            {(p) =>
              typeof current === 'boolean' ? (
                <select
                  {...p}
                  value={String(answers[id] ?? current)}
                  onChange={(e) => setAnswers({ ...answers, [id]: e.target.value === 'true' })}
                >
                  <option value="true">{t('common.yes')}</option>
                  <option value="false">{t('common.no')}</option>
                </select>
              ) : (
                <input
                  {...p}
                  type={typeof current === 'number' ? 'number' : 'text'}
                  value={String(answers[id] ?? current ?? '')}
                  onChange={(e) => setAnswers({ ...answers, [id]: typeof current === 'number' ? Number(e.target.value) : e.target.value })}
                />
              )
            }
          </Field>
        );
      })}
      <Field label={t('supplement.answer.message')} name="message" errors={errors}>
        {(p) => <textarea {...p} maxLength={2000} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      <ProblemNotice problem={problem} shown={['message', ...asked.map((id) => `answers.${id}`)]} />
      <button type="submit" className="primary" disabled={busy}>
        {t('supplement.answer.submit')}
      </button>
    </form>
  );
}

function RequestForm({ app, onDone }: { app: ApplicationView; onDone: () => void }) {
  const ctx = useApp();
  const { t, label } = useI18n();
  const [message, setMessage] = useState('');
  const [documents, setDocuments] = useState<string[]>([]);
  const [fields, setFields] = useState<string[]>([]);
  const [days, setDays] = useState('5');
  const { busy, problem, errors, run } = useAction();
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));

  const request = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await ok(
        ctx.api.POST('/applications/{id}/supplement-requests', {
          params: { path: { id: app.id } },
          body: {
            message: message.trim(),
            documents: documents as (typeof DOCUMENT_TYPES)[number][],
            fields,
            dueInWorkingDays: Number(days),
          },
        }),
      );
      onDone();
    });
  };

  return (
    <section className="card" aria-labelledby="sup-req-title" data-testid="request-supplement">
      <h2 id="sup-req-title">{t('supplement.request.title')}</h2>
      <p className="muted small">{t('supplement.request.hint')}</p>
      <form onSubmit={request} className="form" noValidate>
        <Field label={t('supplement.message')} name="message" errors={errors}>
          {(p) => <textarea {...p} maxLength={2000} value={message} onChange={(e) => setMessage(e.target.value)} />}
        </Field>
        <fieldset className={errors.has('documents') ? 'invalid' : ''}>
          <legend>{t('supplement.documents')}</legend>
          {DOCUMENT_TYPES.map((d) => (
            <label key={d} className="check">
              <input
                type="checkbox"
                name="documents"
                value={d}
                checked={documents.includes(d)}
                onChange={(e) => setDocuments(toggle(documents, d, e.target.checked))}
              />
              {label('docType', d)}
            </label>
          ))}
        </fieldset>
        {Object.keys(app.answers ?? {}).length ? (
          <fieldset className={errors.has('fields') ? 'invalid' : ''}>
            <legend>{t('supplement.fields')}</legend>
            {Object.keys(app.answers).map((id) => (
              <label key={id} className="check">
                <input
                  type="checkbox"
                  name="fields"
                  value={`answers.${id}`}
                  checked={fields.includes(`answers.${id}`)}
                  onChange={(e) => setFields(toggle(fields, `answers.${id}`, e.target.checked))}
                />
                {id}
              </label>
            ))}
          </fieldset>
        ) : null}
        <Field label={t('supplement.dueInWorkingDays')} name="dueInWorkingDays" errors={errors}>
          {(p) => <input {...p} type="number" min={1} max={60} value={days} onChange={(e) => setDays(e.target.value)} />}
        </Field>
        <ProblemNotice problem={problem} shown={['message', 'dueInWorkingDays']} />
        <button type="submit" className="primary" disabled={busy}>
          {t('supplement.request.submit')}
        </button>
      </form>
    </section>
  );
}

/** The enterprise withdraws its open application (a draft, or a received file not yet decided). */
export function WithdrawPanel({ app, onDone }: { app: ApplicationView; onDone: () => void }) {
  const ctx = useApp();
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const { busy, problem, errors, run } = useAction();
  if (!['draft', 'submitted', 'scored', 'awaiting-supplement'].includes(app.status)) return null;

  const withdraw = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await ok(
        ctx.api.POST('/applications/{id}/withdraw', {
          params: { path: { id: app.id } },
          body: reason.trim() ? { reason: reason.trim() } : {},
          headers: { 'if-match': `"${app.version}"` },
        }),
      );
      onDone();
    });
  };

  return (
    <section className="card" aria-labelledby="wd-title">
      <h2 id="wd-title">{t('withdraw.title')}</h2>
      <form onSubmit={withdraw} className="form" noValidate>
        <Field label={t('withdraw.reason')} name="reason" errors={errors}>
          {(p) => <input {...p} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <ProblemNotice problem={problem} shown={['reason']} />
        <button type="submit" disabled={busy}>
          {t('withdraw.button')}
        </button>
      </form>
    </section>
  );
}
