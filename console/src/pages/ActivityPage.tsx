/**
 * One activity (GET /activities/{id}): its facts and how its attendance counts — distinct
 * enterprises, people known by citizen id, head counts (marked as such: not people the system can
 * tell apart), organisations without a tax code. Its agency's staff add attendance rows (POST
 * …/attendance), upload a CSV list with a progress bar and follow the job to the end — recorded
 * whole, or rejected with each bad row's reasons — and complete the activity, which counts it.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { ok } from '../api/client.ts';
import { ApiError, fieldErrors, type Problem } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { hasRole } from '../auth/session.ts';
import { Badge, Field, LoadError, Loading, ProblemNotice, TableScroll } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { storageUrl } from '../config.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import {
  ATTENDEE_ROLES,
  type ActivityView,
  attendanceRowsOf,
  type AttendeeRole,
  blankRow,
  CSV_COLUMNS,
  MAX_ROWS_PER_REQUEST,
  MAX_UPLOAD_BYTES,
  OPEN_UPLOAD,
  ORGANISATION_KINDS,
  type OrganisationKind,
  type RowDraft,
  rowCountsAs,
  type UploadJob,
} from './activity-model.ts';
import { COORDINATOR_AGENCY } from './plan-model.ts';
import { putWithProgress } from './upload.ts';

const problemOf = (err: unknown): Problem => (err instanceof ApiError ? err.problem : { status: 0, title: String(err) });

export default function ActivityPage({ id }: { id: string }) {
  const ctx = useApp();
  const { t, label, date, dateTime, num } = useI18n();
  const activity = useAsync(
    async () => (await ok(ctx.api.GET('/activities/{id}', { params: { path: { id } } }))) as unknown as ActivityView,
    [id],
  );
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  if (activity.error) return <LoadError error={activity.error} />;
  const a = activity.data;
  if (!a) return <Loading />;
  // The recording agency's staff change it (Sở Tài chính reads every agency's, and changes none).
  const writes = ctx.session.claims.agency !== COORDINATOR_AGENCY && hasRole(ctx.session, 'admin', 'officer');

  async function complete() {
    setProblem(undefined);
    setBusy(true);
    try {
      await ok(ctx.api.POST('/activities/{id}/complete', { params: { path: { id } } }));
      activity.reload();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  const c = a.counts;
  return (
    <section aria-labelledby="act-title" data-testid="activity" data-status={a.status}>
      <p>
        <Link to="/activities">{t('activities.back')}</Link>
      </p>
      <h1 id="act-title">
        {a.title} <Badge kind={a.status}>{label('activityStatus', a.status)}</Badge>
      </h1>
      <dl className="facts">
        <div>
          <dt>{t('activities.kind')}</dt>
          <dd>{label('activityKind', a.kind)}</dd>
        </div>
        <div>
          <dt>{t('activities.agency')}</dt>
          <dd>
            {label('agency', a.agency)}
            {a.commune ? ` · ${t('who.commune', { code: a.commune })}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('activities.when')}</dt>
          <dd>
            {date(a.startsOn)}
            {a.endsOn && a.endsOn !== a.startsOn ? ` – ${date(a.endsOn)}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('activities.rows')}</dt>
          <dd data-testid="attendance-rows">{num(a.attendance.rows)}</dd>
        </div>
        {a.completion ? (
          <div>
            <dt>{t('activities.completed')}</dt>
            <dd>{t('activities.completedBy', { who: a.completion.completedBy, when: dateTime(a.completion.completedAt) })}</dd>
          </div>
        ) : null}
      </dl>

      <section className="card" aria-labelledby="counts-title">
        <h2 id="counts-title">{t('activities.counts')}</h2>
        {c ? (
          <dl className="facts" data-testid="counts">
            <div>
              <dt>{t('activities.counts.enterprises')}</dt>
              <dd data-testid="count-enterprises">{num(c.enterprises)}</dd>
            </div>
            <div>
              <dt>{t('activities.counts.people')}</dt>
              <dd data-testid="count-people">{num(c.people)}</dd>
            </div>
            <div>
              <dt>
                {t('activities.counts.heads')} <Badge kind="assumption">{t('activities.headCount.mark')}</Badge>
              </dt>
              <dd data-testid="count-heads">
                {num(c.headCount)}
                {c.headCounts.length ? (
                  <span className="muted small">
                    {' '}
                    ({c.headCounts.map((h) => `${label('attendeeRole', h.role)}: ${num(h.count)}`).join(', ')})
                  </span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>{t('activities.counts.organisations')}</dt>
              <dd data-testid="count-organisations">{num(c.organisations)}</dd>
            </div>
          </dl>
        ) : null}
        <p className="muted small">{t('activities.counts.hint')}</p>
        {writes ? (
          <>
            {a.changedSinceCompletion ? <p className="notice warn">{t('activities.changedSinceCompletion')}</p> : null}
            <button
              type="button"
              className="primary"
              disabled={busy || (a.status === 'completed' && !a.changedSinceCompletion)}
              onClick={complete}
            >
              {a.status === 'completed' ? t('activities.recomplete') : t('activities.complete')}
            </button>
            <ProblemNotice problem={problem} />
          </>
        ) : null}
      </section>

      {writes ? (
        <>
          <AttendanceUpload activityId={a.id} onDone={activity.reload} />
          <AttendanceForm activityId={a.id} onDone={activity.reload} />
        </>
      ) : null}
    </section>
  );
}

/** A CSV list: presigned PUT with progress, then the job followed until it settles. */
function AttendanceUpload({ activityId, onDone }: { activityId: string; onDone: () => void }) {
  const ctx = useApp();
  const { t, label, num } = useI18n();
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  const [problem, setProblem] = useState<Problem>();
  const [job, setJob] = useState<UploadJob>();
  const errors = fieldErrors(problem);

  // Poll the job while it is open; a settled job refreshes the activity's counts.
  useEffect(() => {
    if (!job || !OPEN_UPLOAD.includes(job.status)) return;
    const timer = setTimeout(async () => {
      try {
        const next = (await ok(
          ctx.api.GET('/activities/{id}/attendance-uploads/{uploadId}', { params: { path: { id: activityId, uploadId: job.id } } }),
        )) as unknown as UploadJob;
        setJob(next);
        if (!OPEN_UPLOAD.includes(next.status)) onDone();
      } catch (err) {
        setProblem(problemOf(err));
      }
    }, 1000);
    return () => clearTimeout(timer);
  }, [job, activityId, ctx.api, onDone]);

  async function upload(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setProblem(undefined);
    setJob(undefined);
    if (file.size > MAX_UPLOAD_BYTES) {
      setProblem({
        status: 400,
        errors: [{ path: 'sizeBytes', message: t('activities.upload.tooLarge', { max: num(MAX_UPLOAD_BYTES / 1024 / 1024) }) }],
      });
      return;
    }
    try {
      const created = (await ok(
        ctx.api.POST('/activities/{id}/attendance-uploads', {
          params: { path: { id: activityId } },
          body: { sizeBytes: file.size, fileName: file.name.slice(0, 200) },
        }),
      )) as unknown as UploadJob;
      if (!created.uploadUrl) throw new ApiError({ status: 0, title: 'no upload URL' });
      setProgress(0);
      const put = await putWithProgress(storageUrl(ctx.config, created.uploadUrl), file, created.uploadHeaders ?? {}, setProgress);
      if (put.status >= 300) throw new ApiError({ status: put.status, title: `PUT ${put.status}` });
      setProgress(undefined);
      setJob(created);
    } catch (err) {
      setProgress(undefined);
      setProblem(problemOf(err));
    }
  }

  const settled = job && !OPEN_UPLOAD.includes(job.status);
  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">{t('activities.upload.title')}</h2>
      <p className="muted small">
        {t('activities.upload.hint')} <code>{CSV_COLUMNS.join(',')}</code>
      </p>
      <form onSubmit={upload} className="form" noValidate>
        <Field label={t('activities.upload.file')} name="sizeBytes" errors={errors} hint={t('activities.upload.fileHint')}>
          {(p) => <input {...p} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0])} />}
        </Field>
        <button type="submit" disabled={!file || progress !== undefined || (job !== undefined && !settled)}>
          {t('activities.upload.start')}
        </button>
        {progress !== undefined ? (
          <label data-testid="upload-progress">
            {t('documents.uploading')} <progress max={1} value={progress} />
          </label>
        ) : null}
        <ProblemNotice problem={problem} shown={['sizeBytes', 'fileName']} />
      </form>
      {job ? (
        <div aria-live="polite" data-testid="upload-job" data-status={job.status}>
          <p>
            {t('activities.upload.job')} <Badge kind={job.status}>{label('uploadStatus', job.status)}</Badge>
            {job.status === 'completed' ? ` ${t('activities.upload.accepted', { n: num(job.accepted ?? 0) })}` : ''}
          </p>
          {!settled ? <progress aria-label={t('activities.upload.processing')} /> : null}
          {job.error ? <p className="field-error">{job.error}</p> : null}
          {job.errors?.length ? (
            <div role="alert" className="notice error">
              <strong>{t('activities.upload.rejected', { n: num(job.errorCount ?? job.errors.length) })}</strong>
              <TableScroll label={t('activities.upload.rowErrors')}>
                <table data-testid="upload-errors">
                  <caption className="sr-only">{t('activities.upload.rowErrors')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('activities.upload.row')}</th>
                      <th scope="col">{t('activities.upload.column')}</th>
                      <th scope="col">{t('activities.upload.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {job.errors.map((e) => (
                      <tr key={`${e.row}:${e.column}:${e.message}`} data-row={e.row}>
                        <td>{e.row === 0 ? t('activities.upload.header') : e.row}</td>
                        <td>
                          <code>{e.column}</code>
                        </td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** Rows typed in: an enterprise by tax code, an organisation by name and kind, a person by citizen id, or heads. */
function AttendanceForm({ activityId, onDone }: { activityId: string; onDone: () => void }) {
  const ctx = useApp();
  const { t, label, num } = useI18n();
  const [rows, setRows] = useState<RowDraft[]>(() => [blankRow()]);
  const [problem, setProblem] = useState<Problem>();
  const [added, setAdded] = useState<number>();
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const set = (i: number, patch: Partial<RowDraft>) => {
    setAdded(undefined);
    setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };

  async function send(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    setAdded(undefined);
    const built = await attendanceRowsOf(rows, {
      personalId: t('activities.row.personalId.error'),
      headCount: t('activities.row.headCount.error'),
      organisation: t('activities.row.organisation.error'),
    });
    if ('problem' in built) {
      setProblem(built.problem);
      return;
    }
    setBusy(true);
    try {
      await ok(ctx.api.POST('/activities/{id}/attendance', { params: { path: { id: activityId } }, body: { rows: built.rows } }));
      setAdded(built.rows.length);
      setRows([blankRow()]);
      onDone();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  const shown = rows.flatMap((_, i) =>
    ['taxCode', 'organisation', 'organisation.name', 'organisation.kind', 'personIdHash', 'role', 'headCount'].map((f) => `rows.${i}.${f}`),
  );
  return (
    <section className="card" aria-labelledby="rows-title">
      <h2 id="rows-title">{t('activities.rows.title')}</h2>
      <p className="muted small">{t('activities.rows.hint')}</p>
      <form onSubmit={send} className="form" noValidate data-testid="attendance-form">
        {rows.map((r, i) => {
          const at = `rows.${i}`;
          const rowErrors = errors.get(at) ?? errors.get(`${at}.organisation`) ?? [];
          return (
            <fieldset key={r.key} className="row-card" data-row={i}>
              <legend>{t('activities.row', { n: i + 1 })}</legend>
              <div className="grid2 form">
                <Field label={t('activities.row.taxCode')} name={`${at}.taxCode`} errors={errors}>
                  {(p) => (
                    <input
                      {...p}
                      inputMode="numeric"
                      maxLength={14}
                      value={r.taxCode}
                      onChange={(e) => set(i, { taxCode: e.target.value })}
                    />
                  )}
                </Field>
                <Field
                  label={t('activities.row.personalId')}
                  name={`${at}.personIdHash`}
                  errors={errors}
                  hint={t('activities.row.personalId.hint')}
                >
                  {(p) => (
                    <input
                      {...p}
                      inputMode="numeric"
                      autoComplete="off"
                      maxLength={12}
                      value={r.personalId}
                      onChange={(e) => set(i, { personalId: e.target.value.replace(/\D/g, '') })}
                    />
                  )}
                </Field>
                <Field label={t('activities.row.role')} name={`${at}.role`} errors={errors}>
                  {(p) => (
                    <select {...p} value={r.role} onChange={(e) => set(i, { role: e.target.value as AttendeeRole })}>
                      {ATTENDEE_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {label('attendeeRole', role)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field
                  label={t('activities.row.headCount')}
                  name={`${at}.headCount`}
                  errors={errors}
                  hint={rowCountsAs(r) === 'heads' ? t('activities.row.headCount.hint') : t('activities.row.headCount.person')}
                >
                  {(p) => (
                    <input
                      {...p}
                      type="number"
                      min={1}
                      inputMode="numeric"
                      disabled={rowCountsAs(r) === 'person'}
                      value={r.headCount}
                      onChange={(e) => set(i, { headCount: e.target.value })}
                    />
                  )}
                </Field>
                <Field
                  label={t('activities.row.organisation')}
                  name={`${at}.organisation.name`}
                  errors={errors}
                  hint={t('activities.row.organisation.hint')}
                >
                  {(p) => (
                    <input
                      {...p}
                      maxLength={200}
                      value={r.organisationName}
                      onChange={(e) => set(i, { organisationName: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={t('activities.row.organisationKind')} name={`${at}.organisation.kind`} errors={errors}>
                  {(p) => (
                    <select
                      {...p}
                      value={r.organisationKind}
                      onChange={(e) => set(i, { organisationKind: e.target.value as OrganisationKind | '' })}
                    >
                      <option value="">{t('activities.row.organisationKind.none')}</option>
                      {ORGANISATION_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {label('organisationKind', k)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              <p className="small">
                <Badge kind={rowCountsAs(r) === 'heads' ? 'assumption' : 'approved'}>
                  {rowCountsAs(r) === 'heads' ? t('activities.headCount.mark') : t('activities.row.person')}
                </Badge>
              </p>
              {rowErrors.length ? (
                <p className="field-error" data-field-error={at}>
                  {rowErrors.join('; ')}
                </p>
              ) : null}
              {rows.length > 1 ? (
                <button type="button" className="link start" onClick={() => setRows((all) => all.filter((_, j) => j !== i))}>
                  {t('activities.row.remove', { n: i + 1 })}
                </button>
              ) : null}
            </fieldset>
          );
        })}
        <div className="actions-row">
          <button type="button" disabled={rows.length >= MAX_ROWS_PER_REQUEST} onClick={() => setRows((all) => [...all, blankRow()])}>
            {t('activities.row.add')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('activities.rows.send')}
          </button>
        </div>
        <ProblemNotice problem={problem} shown={shown} />
        {added !== undefined ? (
          <p role="status" className="notice ok">
            {t('activities.rows.added', { n: num(added) })}
          </p>
        ) : null}
      </form>
    </section>
  );
}
