/**
 * Create a programme, or edit one: PUT with If-Match carrying the version read, so a change made
 * by someone else meanwhile is refused (409/412) and shown, with the newer version to reload.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { ok, versionOf } from '../api/client.ts';
import { ApiError, fieldErrors, type Problem } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { hasRole } from '../auth/session.ts';
import { Field, LoadError, Loading, ProblemNotice } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.tsx';
import {
  CATEGORIES,
  CONTENT_GROUPS,
  type ContentId,
  DOCUMENT_TYPES,
  defaultContentsOf,
  inputOf,
  type ProgrammeInput,
  type ProgrammeView,
} from './programme-model.ts';

const SHOWN = [
  'code',
  'name',
  'category',
  'opensOn',
  'closesOn',
  'budgetVnd',
  'processingDays',
  'requiredDocuments',
  'rubric',
  'fourEyesAboveVnd',
  'supportContents',
];

function blank(agency: string): ProgrammeInput {
  const year = new Date().getFullYear();
  return {
    code: '',
    name: '',
    category: 'supporting-industry',
    ownerAgency: agency,
    opensOn: `${year}-01-01`,
    closesOn: `${year}-12-31`,
    budgetVnd: 1_000_000_000,
    processingDays: 30,
    requiredDocuments: ['business-registration'],
    eligibility: { requireActive: true },
    rubric: null,
    questions: [],
    annualTargets: [],
    supportContents: defaultContentsOf('supporting-industry'),
  } as ProgrammeInput;
}

export default function ProgrammeForm({ id }: { id?: string }) {
  const ctx = useApp();
  const { t, label, vnd, lang } = useI18n();
  const loaded = useAsync(async () => {
    if (!id) return undefined;
    const { data, error, response } = await ctx.api.GET('/programmes/{id}', { params: { path: { id } } });
    if (!response.ok) throw new ApiError({ status: response.status, ...(error as object) });
    const view = data as unknown as ProgrammeView;
    return { view, version: versionOf(response) ?? view.version };
  }, [id]);
  const [form, setForm] = useState<ProgrammeInput>(() => blank(ctx.session.claims.agency));
  const [version, setVersion] = useState<number>();
  const [problem, setProblem] = useState<Problem>();
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(problem);
  const canEdit = hasRole(ctx.session, 'admin', 'officer') && (!id || loaded.data?.view.ownerAgency === ctx.session.claims.agency);

  useEffect(() => {
    if (loaded.data) {
      setForm(inputOf(loaded.data.view));
      setVersion(loaded.data.version);
    }
  }, [loaded.data]);

  const set = <K extends keyof ProgrammeInput>(k: K, v: ProgrammeInput[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [k]: v }));
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    setSaved(false);
    try {
      if (!id) {
        const created = (await ok(ctx.api.POST('/programmes', { body: form }))) as unknown as ProgrammeView;
        navigate(`/programmes/${created.id}`);
        return;
      }
      const { data, error, response } = await ctx.api.PUT('/programmes/{id}', {
        params: { path: { id } },
        body: form,
        headers: version !== undefined ? { 'If-Match': `"${version}"` } : {},
      });
      if (!response.ok) throw new ApiError({ status: response.status, ...(error as object) });
      setVersion(versionOf(response) ?? (data as unknown as ProgrammeView).version);
      setSaved(true);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.problem : { status: 0, title: String(err) });
    }
  }

  if (id && loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error) return <LoadError error={loaded.error} />;
  const conflict = problem?.status === 409 || problem?.status === 412;
  const money = (v: string) => (v === '' ? 0 : Number(v));

  return (
    <section aria-labelledby="pf-title">
      <h1 id="pf-title">{id ? t('programme.edit', { code: form.code }) : t('programme.create')}</h1>
      {id && loaded.data ? (
        <p className="muted">{t('programme.meta', { version: version ?? '', committed: vnd(loaded.data.view.committedVnd) })}</p>
      ) : null}
      <form onSubmit={save} className="card form grid2" noValidate>
        <fieldset disabled={!canEdit} className="plain">
          <Field label={t('programmes.code')} name="code" errors={errors} hint={t('programme.code.hint')}>
            {(p) => <input {...p} value={form.code} onChange={(e) => set('code', e.target.value.toUpperCase())} required />}
          </Field>
          <Field label={t('programmes.name')} name="name" errors={errors}>
            {(p) => <input {...p} value={form.name} onChange={(e) => set('name', e.target.value)} required />}
          </Field>
          <Field label={t('programmes.category')} name="category" errors={errors}>
            {(p) => (
              <select
                {...p}
                value={form.category}
                onChange={(e) => {
                  const category = e.target.value as ProgrammeInput['category'];
                  set('category', category);
                  // A new programme starts from its category's contents; an existing one keeps what it names.
                  if (!id) set('supportContents', defaultContentsOf(category));
                }}
              >
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {label('category', c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('programme.opensOn')} name="opensOn" errors={errors}>
            {(p) => <input {...p} type="date" value={form.opensOn} onChange={(e) => set('opensOn', e.target.value)} />}
          </Field>
          <Field label={t('programme.closesOn')} name="closesOn" errors={errors}>
            {(p) => <input {...p} type="date" value={form.closesOn} onChange={(e) => set('closesOn', e.target.value)} />}
          </Field>
          <Field label={t('programmes.budget')} name="budgetVnd" errors={errors} hint={vnd(form.budgetVnd)}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                step={1}
                value={form.budgetVnd}
                onChange={(e) => set('budgetVnd', money(e.target.value))}
              />
            )}
          </Field>
          <Field label={t('programme.processingDays')} name="processingDays" errors={errors}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={365}
                value={form.processingDays}
                onChange={(e) => set('processingDays', money(e.target.value))}
              />
            )}
          </Field>
          <Field label={t('programme.rubric')} name="rubric" errors={errors}>
            {(p) => (
              <select
                {...p}
                value={form.rubric?.id ?? ''}
                onChange={(e) => set('rubric', e.target.value ? { id: e.target.value, version: 1 } : null)}
              >
                <option value="">{t('programme.rubric.none')}</option>
                <option value="cnht">cnht</option>
                <option value="generic">generic</option>
              </select>
            )}
          </Field>
          <Field label={t('programme.fourEyes')} name="fourEyesAboveVnd" errors={errors} hint={t('programme.fourEyes.hint')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={0}
                value={form.fourEyesAboveVnd ?? ''}
                onChange={(e) => set('fourEyesAboveVnd', e.target.value === '' ? undefined : money(e.target.value))}
              />
            )}
          </Field>
          <fieldset className={errors.has('requiredDocuments') ? 'invalid' : ''}>
            <legend>{t('programme.requiredDocuments')}</legend>
            {DOCUMENT_TYPES.map((d) => (
              <label key={d} className="check">
                <input
                  type="checkbox"
                  checked={(form.requiredDocuments ?? []).includes(d)}
                  onChange={(e) =>
                    set(
                      'requiredDocuments',
                      e.target.checked ? [...(form.requiredDocuments ?? []), d] : (form.requiredDocuments ?? []).filter((x) => x !== d),
                    )
                  }
                />
                {label('docType', d)}
              </label>
            ))}
          </fieldset>
          <fieldset className={errors.has('supportContents') ? 'invalid' : ''} data-testid="support-contents">
            <legend>{t('programme.supportContents')}</legend>
            <p className="muted">{t('programme.supportContents.hint')}</p>
            {CONTENT_GROUPS.map((g) => (
              <div key={g.group} className="content-group">
                {g.contents.map((c) => (
                  <label key={c.id} className="check">
                    <input
                      type="checkbox"
                      value={c.id}
                      checked={form.supportContents.includes(c.id)}
                      onChange={(e) =>
                        set(
                          'supportContents',
                          e.target.checked ? [...form.supportContents, c.id as ContentId] : form.supportContents.filter((x) => x !== c.id),
                        )
                      }
                    />
                    {c.name[lang]}
                    {c.direct ? <span className="muted"> · {t('programme.supportContents.direct')}</span> : null}
                  </label>
                ))}
              </div>
            ))}
          </fieldset>
        </fieldset>
        <div className="actions">
          {conflict ? (
            <div role="alert" className="notice warn" data-testid="conflict">
              <strong>{t('programme.conflict')}</strong>
              <p>{problem?.detail}</p>
              <button type="button" onClick={loaded.reload}>
                {t('programme.reload')}
              </button>
            </div>
          ) : (
            <ProblemNotice problem={problem} shown={SHOWN} />
          )}
          {saved ? (
            <p role="status" className="notice ok">
              {t('programme.saved', { version: version ?? '' })}
            </p>
          ) : null}
          {canEdit ? (
            <button type="submit" className="primary">
              {id ? t('common.save') : t('programme.create')}
            </button>
          ) : (
            <p className="muted">{t('programme.readOnly')}</p>
          )}
        </div>
      </form>
    </section>
  );
}
