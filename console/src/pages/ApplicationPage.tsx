/**
 * One application: its status and timeline, documents (upload with progress, download), the
 * submission with every eligibility reason when refused, the score per criterion with its
 * evidence, requests for supplement (asked by the programme's officer, answered by the
 * enterprise), and the decision — with the four-eyes rule shown before anyone tries. A person
 * acting for the enterprise sees its own file as the API shows it to them: acts by agency, no
 * staff ids, score details or internal notes; they upload, submit, answer and withdraw.
 */
import { type FormEvent, useState } from 'react';
import { ok } from '../api/client.ts';
import { ApiError, fieldErrors, type Problem } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { hasRole, isEnterprise } from '../auth/session.ts';
import { Badge, Field, LoadError, Loading, ProblemNotice, problemOf, TableScroll } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { storageUrl } from '../config.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { type ApplicationView, type ScoreView, submitter } from './application-model.ts';
import { useActorName } from './enterprise-model.tsx';
import { SupplementPanel, WithdrawPanel } from './application-online.tsx';
import { DOCUMENT_TYPES } from './programme-model.ts';
import { putWithProgress, sha256Hex } from './upload.ts';

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export default function ApplicationPage({ id }: { id: string }) {
  const ctx = useApp();
  const { t, label, vnd, date, dateTime, text } = useI18n();
  const app = useAsync(
    async () => (await ok(ctx.api.GET('/applications/{id}', { params: { path: { id } } }))) as unknown as ApplicationView,
    [id],
  );
  const applicant = isEnterprise(ctx.session);
  const actorName = useActorName();
  const score = useAsync(async () => {
    // The applicant sees no score details (the agencies' internal reading).
    if (applicant || !app.data || !['submitted', 'scored', 'approved', 'rejected'].includes(app.data.status)) return undefined;
    try {
      return (await ok(ctx.api.GET('/applications/{id}/score', { params: { path: { id } } }))) as unknown as ScoreView;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined; // a programme without a rubric is not scored
      throw e;
    }
  }, [id, app.data?.status, app.data?.version]);

  if (app.loading && !app.data) return <Loading />;
  if (app.error) return <LoadError error={app.error} />;
  const a = app.data!;
  const officer = hasRole(ctx.session, 'officer', 'admin');
  return (
    <article aria-labelledby="app-title" data-testid="application" data-status={a.status}>
      <div className="page-head">
        <h1 id="app-title">{a.enterpriseName}</h1>
        <Badge kind={a.status}>
          <span data-testid="status">{label('status', a.status)}</span>
        </Badge>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('application.taxCode')}</dt>
          <dd>{applicant ? a.taxCode : <Link to={`/enterprises/${a.taxCode}`}>{a.taxCode}</Link>}</dd>
        </div>
        <div>
          <dt>{t('applications.programme')}</dt>
          <dd>
            {applicant ? a.programmeCode : <Link to={`/programmes/${a.programmeId}`}>{a.programmeCode}</Link>} ·{' '}
            {label('category', a.category)}
          </dd>
        </div>
        <div>
          <dt>{t('applications.requested')}</dt>
          <dd>{vnd(a.requestedAmountVnd)}</dd>
        </div>
        {a.communeCode ? (
          <div>
            <dt>{t('applications.commune')}</dt>
            <dd>{a.communeCode}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('applications.due')}</dt>
          <dd data-testid="due">{date(a.dueOn)}</dd>
        </div>
        {a.contact ? (
          <div>
            <dt>{t('application.contact')}</dt>
            <dd>
              {a.contact.name} · {a.contact.phone} · {a.contact.email}
            </dd>
          </div>
        ) : null}
      </dl>
      {a.flags?.length ? (
        <div role="alert" className="notice warn">
          {a.flags.map((f) => (
            <p key={f.at}>{f.detail}</p>
          ))}
        </div>
      ) : null}
      {a.notifications?.length ? (
        <div role="alert" className="notice warn" data-testid="undelivered">
          <p>{t('application.undelivered')}</p>
          <ul>
            {a.notifications.map((n) => (
              <li key={`${n.at}-${n.to}-${n.kind}`}>
                {dateTime(n.at)} · {n.to} · {n.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="columns">
        <div>
          <SupplementPanel app={a} onDone={app.reload} />
          <Documents app={a} onChange={app.reload} />
          {a.status === 'draft' && (officer || applicant) ? <Submit app={a} onDone={app.reload} /> : null}
          <ScorePanel score={score.data} error={score.error} loading={score.loading} />
          <DecisionPanel app={a} onDone={app.reload} />
          {applicant ? <WithdrawPanel app={a} onDone={app.reload} /> : null}
        </div>
        <section aria-labelledby="tl-title" className="card">
          <h2 id="tl-title">{t('application.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {a.timeline.map((e) => (
              <li key={`${e.at}-${e.action}-${e.by}`}>
                <time dateTime={e.at}>{dateTime(e.at)}</time> <strong>{label('action', e.action)}</strong>{' '}
                <span className="muted">{t('application.by', { who: applicant ? actorName(e.by) : e.by })}</span>
                {e.detail ? <div className="small">{text(e.detailText, e.detail)}</div> : null}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}

function Documents({ app, onChange }: { app: ApplicationView; onChange: () => void }) {
  const ctx = useApp();
  const { t, label, num } = useI18n();
  const [type, setType] = useState<string>('business-registration');
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  const [problem, setProblem] = useState<Problem>();
  const [waiting, setWaiting] = useState(false);
  const errors = fieldErrors(problem);
  // A draft is documented, and so is a file awaiting a supplement (the documents asked for).
  const canUpload =
    (app.status === 'draft' || app.status === 'awaiting-supplement') && hasRole(ctx.session, 'officer', 'admin', 'enterprise');

  async function upload(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setProblem(undefined);
    setProgress(0);
    try {
      const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
      const contentType = file.type || CONTENT_TYPES[ext] || 'application/octet-stream';
      const declared = (await ok(
        ctx.api.POST('/applications/{id}/documents', {
          params: { path: { id: app.id } },
          body: {
            type: type as (typeof DOCUMENT_TYPES)[number],
            fileName: file.name,
            contentType,
            sizeBytes: file.size,
            sha256: await sha256Hex(file),
          } as never,
        }),
      )) as unknown as { documentId: string; uploadUrl: string; uploadHeaders?: Record<string, string> };
      const put = await putWithProgress(storageUrl(ctx.config, declared.uploadUrl), file, declared.uploadHeaders ?? {}, setProgress);
      if (put.status >= 300) throw new ApiError({ status: put.status, title: t('documents.putFailed', { status: put.status }) });
      // The document is checked (size, checksum, type) by a consumer: wait for its verdict.
      setWaiting(true);
      for (let i = 0; i < 60; i++) {
        await new Promise((r) => setTimeout(r, 500));
        const fresh = (await ok(ctx.api.GET('/applications/{id}', { params: { path: { id: app.id } } }))) as unknown as ApplicationView;
        const doc = fresh.documents?.find((d) => d.documentId === declared.documentId);
        if (doc && doc.status !== 'awaiting-upload') break;
      }
      setWaiting(false);
      setFile(undefined);
      setProgress(undefined);
      onChange();
    } catch (err) {
      setWaiting(false);
      setProblem(err instanceof ApiError ? err.problem : { status: 0, title: String(err) });
    }
  }

  async function download(documentId: string, fileName: string) {
    try {
      const d = (await ok(
        ctx.api.GET('/applications/{id}/documents/{docId}', { params: { path: { id: app.id, docId: documentId } } }),
      )) as unknown as { downloadUrl: string };
      // A link with `download`: honoured on the same origin (the local runtime's storage path);
      // from S3 the presigned URL's content-disposition names the file.
      const a = document.createElement('a');
      a.href = storageUrl(ctx.config, d.downloadUrl);
      a.download = fileName;
      a.click();
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  return (
    <section aria-labelledby="docs-title" className="card">
      <h2 id="docs-title">{t('documents.title')}</h2>
      {app.documents === undefined ? (
        <p className="muted">{t('documents.hidden')}</p>
      ) : app.documents.length === 0 ? (
        <p className="muted">{t('documents.none')}</p>
      ) : (
        <ul className="docs" data-testid="documents">
          {app.documents.map((d) => (
            <li key={d.documentId} data-status={d.status}>
              <span>
                {label('docType', d.type)} — {d.fileName} <span className="muted">({num(d.sizeBytes / 1024, 1)} KB)</span>
              </span>{' '}
              <Badge kind={d.status}>{label('docStatus', d.status)}</Badge>
              {d.status === 'verified' ? (
                <button type="button" className="link" onClick={() => download(d.documentId, d.fileName)}>
                  {t('documents.download')}
                </button>
              ) : null}
              {d.problems?.length ? <div className="small field-error">{d.problems.join('; ')}</div> : null}
            </li>
          ))}
        </ul>
      )}
      {canUpload ? (
        <form onSubmit={upload} className="form inline-form">
          <Field label={t('documents.type')} name="type" errors={errors}>
            {(p) => (
              <select {...p} value={type} onChange={(e) => setType(e.target.value)}>
                {DOCUMENT_TYPES.map((d) => (
                  <option key={d} value={d}>
                    {label('docType', d)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('documents.file')} name="fileName" errors={errors} hint={t('documents.file.hint')}>
            {(p) => <input {...p} type="file" accept=".pdf,.jpg,.jpeg,.png,.xlsx,.docx" onChange={(e) => setFile(e.target.files?.[0])} />}
          </Field>
          <button type="submit" disabled={!file || progress !== undefined}>
            {t('documents.upload')}
          </button>
          {progress !== undefined ? (
            <div>
              <label>
                {waiting ? t('documents.checking') : t('documents.uploading')}
                <progress max={1} value={progress} data-testid="upload-progress" />
              </label>
            </div>
          ) : null}
          <ProblemNotice problem={problem} shown={['type', 'fileName']} />
        </form>
      ) : null}
    </section>
  );
}

function Submit({ app, onDone }: { app: ApplicationView; onDone: () => void }) {
  const ctx = useApp();
  const { t, text } = useI18n();
  const [problem, setProblem] = useState<Problem>();
  async function submit() {
    setProblem(undefined);
    try {
      await ok(ctx.api.POST('/applications/{id}/submit', { params: { path: { id: app.id } } }));
      onDone();
    } catch (err) {
      setProblem(problemOf(err));
    }
  }
  return (
    <section aria-labelledby="submit-title" className="card">
      <h2 id="submit-title">{t('submit.title')}</h2>
      <p className="muted">{t('submit.hint')}</p>
      <button type="button" className="primary" onClick={submit}>
        {t('submit.button')}
      </button>
      {problem?.status === 422 ? (
        <div role="alert" className="notice error" data-testid="reasons">
          <strong>{t('submit.refused')}</strong>
          <ul>
            {(problem.errors ?? []).map((e) => (
              <li key={`${e.path}:${e.message}`}>
                <strong>{reasonLabel(e.path, t)}</strong>: {text(e.messageText, e.message)}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ProblemNotice problem={problem} />
      )}
    </section>
  );
}

/** `eligibility.sizeClass` → the rule's name; `documents.x` → the document type. */
function reasonLabel(path: string, t: ReturnType<typeof useI18n>['t']): string {
  const [kind, rest = ''] = path.split(/\.(.*)/);
  if (kind === 'eligibility') return t('submit.eligibility', { rule: rest });
  if (kind === 'documents') return t('submit.document', { type: rest });
  if (kind === 'answers') return t('submit.answer', { id: rest });
  return path;
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s);

/** A criterion's evidence: labelled figures in the reader's language; the raw evidence only for a score from before they existed. */
function Evidence({ c }: { c: ScoreView['criteria'][number] }) {
  const { text, figure } = useI18n();
  if (c.evidenceItems)
    return (
      <dl className="evidence-items">
        {c.evidenceItems.map((f) => (
          <div key={`${f.label.en}`}>
            <dt>{text(f.label)}</dt> <dd>{figure(f)}</dd>
          </div>
        ))}
      </dl>
    );
  if (!c.evidence) return null;
  return (
    <>
      {Object.entries(c.evidence)
        .slice(0, 8)
        .map(([k, v]) => (
          <div key={k}>
            <code>{k}</code>: {clip(typeof v === 'object' ? JSON.stringify(v) : String(v))}
          </div>
        ))}
    </>
  );
}

function ScorePanel({ score, error, loading }: { score: ScoreView | undefined; error: unknown; loading: boolean }) {
  const { t, label, num, text } = useI18n();
  if (loading && !score) return null;
  if (error) return <ProblemNotice problem={problemOf(error)} />;
  if (!score) return null;
  return (
    <section aria-labelledby="score-title" className="card" data-testid="score" data-score-status={score.status}>
      <h2 id="score-title">
        {t('score.title')}: {score.totalPoints === null ? '—' : num(score.totalPoints, 1)} / {num(score.maxPoints)}
      </h2>
      <p className="muted">
        {t('score.rubric', { id: score.rubric.id, version: score.rubric.version })} · {label('scoreStatus', score.status)}
        {score.rank ? ` · ${t('score.rank', { rank: score.rank, of: score.rankedAmong ?? '' })}` : ''}
      </p>
      <TableScroll label={t('score.title')}>
        <table>
          <caption className="sr-only">{t('score.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('score.criterion')}</th>
              <th scope="col" className="num">
                {t('score.points')}
              </th>
              <th scope="col">{t('score.reason')}</th>
              <th scope="col">{t('score.evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {score.criteria.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {text(c.nameText, c.name)}
                  <div className="small muted">{label('criterionStatus', c.status)}</div>
                </th>
                <td className="num">
                  {c.points === null ? '—' : num(c.points, 1)} / {num(c.maxPoints)}
                </td>
                <td data-testid="reason">{text(c.reasonText, c.reason)}</td>
                <td className="small evidence">
                  <Evidence c={c} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function DecisionPanel({ app, onDone }: { app: ApplicationView; onDone: () => void }) {
  const ctx = useApp();
  const { t, label, vnd, dateTime } = useI18n();
  const [outcome, setOutcome] = useState<'approved' | 'rejected'>('approved');
  const [amount, setAmount] = useState(String(app.requestedAmountVnd));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const errors = fieldErrors(problem);
  const me = ctx.session.claims.sub;
  const createdBy = app.createdBy;
  const submittedBy = submitter(app);
  const involved = me === createdBy || me === submittedBy;

  // The applicant sees when, not who of the staff decided, nor the four-eyes roles.
  if (app.decision)
    return (
      <section aria-labelledby="dec-title" className="card" data-testid="decision">
        <h2 id="dec-title">{t('decision.title')}</h2>
        <p>
          <Badge kind={app.decision.outcome}>{label('status', app.decision.outcome)}</Badge>{' '}
          {app.decision.amountVnd !== null ? vnd(app.decision.amountVnd) : null}
        </p>
        {app.decision.by === undefined ? (
          <p className="muted">{t('decision.at', { when: dateTime(app.decision.at) })}</p>
        ) : (
          <>
            <p className="muted">{t('decision.byAt', { who: app.decision.by, when: dateTime(app.decision.at) })}</p>
            <p className="small" data-testid="four-eyes">
              {t('decision.fourEyesDone', { created: createdBy ?? '—', submitted: submittedBy ?? '—', decided: app.decision.by })}
            </p>
          </>
        )}
        {app.decision.reason ? <p>{app.decision.reason}</p> : null}
      </section>
    );
  if (!['submitted', 'scored'].includes(app.status) || !hasRole(ctx.session, 'officer', 'admin')) return null;

  async function decide(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    try {
      const body =
        outcome === 'approved'
          ? { outcome, amountVnd: Number(amount), ...(reason.trim() ? { reason: reason.trim() } : {}) }
          : { outcome, reason: reason.trim() };
      await ok(
        ctx.api.POST('/applications/{id}/decision', {
          params: { path: { id: app.id } },
          body: body as never,
        }),
      );
      onDone();
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  return (
    <section aria-labelledby="dec-title" className="card">
      <h2 id="dec-title">{t('decision.title')}</h2>
      <p className={`small${involved ? ' notice warn' : ''}`} data-testid="four-eyes">
        {t('decision.fourEyes', { created: createdBy ?? '—', submitted: submittedBy ?? '—' })}{' '}
        {involved ? t('decision.youAreInvolved') : t('decision.youMayDecide')}
      </p>
      <form onSubmit={decide} className="form" noValidate>
        <fieldset>
          <legend>{t('decision.outcome')}</legend>
          <label className="check">
            <input type="radio" name="outcome" checked={outcome === 'approved'} onChange={() => setOutcome('approved')} />
            {t('decision.approve')}
          </label>
          <label className="check">
            <input type="radio" name="outcome" checked={outcome === 'rejected'} onChange={() => setOutcome('rejected')} />
            {t('decision.reject')}
          </label>
        </fieldset>
        {outcome === 'approved' ? (
          <Field label={t('decision.amount')} name="amountVnd" errors={errors} hint={vnd(Number(amount) || 0)}>
            {(p) => <input {...p} type="number" min={1} value={amount} onChange={(e) => setAmount(e.target.value)} />}
          </Field>
        ) : null}
        <Field label={t('decision.reason')} name="reason" errors={errors}>
          {(p) => <textarea {...p} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <ProblemNotice problem={problem} shown={['amountVnd', 'reason']} />
        <button type="submit" className="primary">
          {t('decision.submit')}
        </button>
      </form>
    </section>
  );
}
