/**
 * The supplier profile of the enterprise the person acts for, in the supporting-industry network:
 * its processes, products, certifications with their validity, capacity and contact persons (GET /
 * PUT /suppliers/{taxCode}/profile, If-Match on the version read), each field error under its
 * input; and its opportunities (GET /suppliers/{taxCode}/opportunities) — the open needs it fits,
 * with the reason for each factor, and those it nearly fits with what it lacks. No agency's score
 * of its applications is in them: the quality factor says so.
 */
import { type FormEvent, type ReactNode, useState } from 'react';
import { ok } from '../api/client.ts';
import { ApiError } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { Field, LoadError, Loading, ProblemNotice } from '../components/ui.tsx';
import { useAction, useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import type { Localized } from '../../../shared/i18n/localized.ts';
import { CERTIFICATIONS, CNHT_SECTORS, PROCESSES } from '../../../services/matching/domain/taxonomy.ts';
import { ForEnterprise } from './enterprise-model.tsx';
import { type Factor, FactorList, GapToClose } from './match-parts.tsx';
import { blankCertification, blankContact, blankProduct, bodyOf, formOf, type ProfileForm, type ProfileView } from './supplier-model.ts';

interface Opportunity {
  needId: string;
  title: string;
  buyer: { id: string; name: string; kind: string };
  deadline: string;
  score: number;
  factors: Factor[];
}
interface NearMiss extends Opportunity {
  lacking: string[];
  lackingText?: Localized[];
  programmes: { category: string; link: string }[];
}
interface OpportunitiesView {
  items: Opportunity[];
  nearMisses: NearMiss[];
}

export default function SupplierProfile() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="supplier-title">
      <h1 id="supplier-title">{t('supplier.title')}</h1>
      <p className="muted">{t('supplier.hint')}</p>
      <ForEnterprise>{(taxCode) => <Supplier key={taxCode} taxCode={taxCode} />}</ForEnterprise>
    </section>
  );
}

function Supplier({ taxCode }: { taxCode: string }) {
  const ctx = useApp();
  const [saves, setSaves] = useState(0);
  const stored = useAsync(async () => {
    const { data, error, response } = await ctx.api.GET('/suppliers/{taxCode}/profile', { params: { path: { taxCode } } });
    // Its own enterprise without a profile yet: an empty one to fill in.
    if (response.status === 404) return null;
    return (await ok(Promise.resolve({ data, error, response }))) as unknown as ProfileView;
  }, [taxCode]);
  if (stored.loading && stored.data === undefined) return <Loading />;
  if (stored.error) return <LoadError error={stored.error} />;
  return (
    <div className="columns">
      <ProfileEditor taxCode={taxCode} stored={stored.data ?? null} onSaved={() => setSaves((n) => n + 1)} />
      <Opportunities taxCode={taxCode} saves={saves} />
    </div>
  );
}

function ProfileEditor({ taxCode, stored, onSaved }: { taxCode: string; stored: ProfileView | null; onSaved: () => void }) {
  const ctx = useApp();
  const { t, text, label } = useI18n();
  const [form, setForm] = useState<ProfileForm>(() => formOf(stored ?? undefined));
  const [version, setVersion] = useState(stored?.version);
  const [name, setName] = useState(stored?.name);
  const [saved, setSaved] = useState<number>();
  const act = useAction();
  const { errors } = act;
  const set = (patch: Partial<ProfileForm>) => {
    setSaved(undefined);
    setForm((f) => ({ ...f, ...patch }));
  };
  const setRow = <K extends 'products' | 'certifications' | 'contacts'>(key: K, i: number, patch: Partial<ProfileForm[K][number]>) =>
    set({ [key]: form[key].map((r, j) => (j === i ? { ...r, ...patch } : r)) } as Partial<ProfileForm>);
  const removeRow = (key: 'products' | 'certifications' | 'contacts', i: number) =>
    set({ [key]: (form[key] as unknown[]).filter((_, j) => j !== i) } as Partial<ProfileForm>);

  function submit(e: FormEvent) {
    e.preventDefault();
    void act.run(async () => {
      const view = (await ok(
        ctx.api.PUT('/suppliers/{taxCode}/profile', {
          params: { path: { taxCode } },
          body: bodyOf(form),
          // A change made meanwhile (by the agency keeping the profile) is not overwritten: 409.
          ...(version !== undefined ? { headers: { 'if-match': `"${version}"` } } : {}),
        }),
      )) as unknown as ProfileView;
      setVersion(view.version);
      setName(view.name);
      setSaved(view.version);
      onSaved();
    });
  }

  // Field paths the inputs below show their errors for; the rest go to the form's notice.
  const shown = [
    'processes',
    'monthlyCapacity',
    'maxPartSizeMm',
    'toleranceMm',
    'tier',
    ...form.products.flatMap((_, i) => [`products.${i}.name`, `products.${i}.sector`, `products.${i}.hsCode`]),
    ...form.certifications.flatMap((_, i) => [
      `certifications.${i}.standard`,
      `certifications.${i}.validUntil`,
      `certifications.${i}.certificateNo`,
    ]),
    ...form.contacts.flatMap((_, i) => [`contacts.${i}.name`, `contacts.${i}.role`, `contacts.${i}.phone`, `contacts.${i}.email`]),
  ];
  const processErrors = errors.get('processes') ?? [];

  return (
    <form className="card form" data-testid="supplier-profile" onSubmit={submit} noValidate>
      {version !== undefined ? (
        <p className="muted small">
          {name} · {taxCode}
        </p>
      ) : (
        <p className="notice" data-testid="no-profile">
          {t('supplier.none')}
        </p>
      )}
      <fieldset
        aria-describedby={processErrors.length ? 'processes-err' : undefined}
        aria-invalid={processErrors.length ? true : undefined}
      >
        <legend>{t('supplier.processes')}</legend>
        {PROCESSES.map((p) => (
          <label key={p.id} className="check">
            <input
              type="checkbox"
              name="processes"
              value={p.id}
              checked={form.processes.includes(p.id)}
              onChange={(e) => set({ processes: e.target.checked ? [...form.processes, p.id] : form.processes.filter((x) => x !== p.id) })}
            />
            {text({ vi: p.vi, en: p.name })}
          </label>
        ))}
        {processErrors.length ? (
          <small id="processes-err" className="field-error" data-field-error="processes">
            {processErrors.join('; ')}
          </small>
        ) : null}
      </fieldset>

      <Rows
        title={t('supplier.products')}
        add={t('supplier.add.product')}
        onAdd={() => set({ products: [...form.products, blankProduct()] })}
      >
        {form.products.map((r, i) => (
          <Row key={r.key} legend={t('supplier.product', { n: i + 1 })} onRemove={() => removeRow('products', i)} row={i}>
            <Field label={t('supplier.product.name')} name={`products.${i}.name`} errors={errors}>
              {(p) => <input {...p} maxLength={200} value={r.name} onChange={(e) => setRow('products', i, { name: e.target.value })} />}
            </Field>
            <Field label={t('supplier.product.sector')} name={`products.${i}.sector`} errors={errors}>
              {(p) => (
                <select {...p} value={r.sector} onChange={(e) => setRow('products', i, { sector: e.target.value })}>
                  <option value="">{t('supplier.notStated')}</option>
                  {CNHT_SECTORS.map((s) => (
                    <option key={s} value={s}>
                      {label('cnhtSector', s)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              label={t('supplier.product.hsCode')}
              name={`products.${i}.hsCode`}
              errors={errors}
              hint={t('supplier.product.hsCode.hint')}
            >
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  maxLength={8}
                  value={r.hsCode}
                  onChange={(e) => setRow('products', i, { hsCode: e.target.value })}
                />
              )}
            </Field>
          </Row>
        ))}
      </Rows>

      <Rows
        title={t('supplier.certifications')}
        add={t('supplier.add.certification')}
        onAdd={() => set({ certifications: [...form.certifications, blankCertification()] })}
      >
        {form.certifications.map((r, i) => (
          <Row key={r.key} legend={t('supplier.certification', { n: i + 1 })} onRemove={() => removeRow('certifications', i)} row={i}>
            <Field label={t('supplier.cert.standard')} name={`certifications.${i}.standard`} errors={errors}>
              {(p) => (
                <select {...p} value={r.standard} onChange={(e) => setRow('certifications', i, { standard: e.target.value })}>
                  {CERTIFICATIONS.map((c) => (
                    <option key={c} value={c}>
                      {label('certification', c)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('supplier.cert.validUntil')} name={`certifications.${i}.validUntil`} errors={errors}>
              {(p) => (
                <input
                  {...p}
                  type="date"
                  value={r.validUntil}
                  onChange={(e) => setRow('certifications', i, { validUntil: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('supplier.cert.no')} name={`certifications.${i}.certificateNo`} errors={errors}>
              {(p) => (
                <input
                  {...p}
                  maxLength={100}
                  value={r.certificateNo}
                  onChange={(e) => setRow('certifications', i, { certificateNo: e.target.value })}
                />
              )}
            </Field>
          </Row>
        ))}
      </Rows>

      <fieldset className="plain">
        <legend>{t('supplier.capacity')}</legend>
        <Field label={t('supplier.monthlyCapacity')} name="monthlyCapacity" errors={errors}>
          {(p) => (
            <input {...p} inputMode="numeric" value={form.monthlyCapacity} onChange={(e) => set({ monthlyCapacity: e.target.value })} />
          )}
        </Field>
        <Field label={t('supplier.maxPartSizeMm')} name="maxPartSizeMm" errors={errors}>
          {(p) => <input {...p} inputMode="decimal" value={form.maxPartSizeMm} onChange={(e) => set({ maxPartSizeMm: e.target.value })} />}
        </Field>
        <Field label={t('supplier.toleranceMm')} name="toleranceMm" errors={errors}>
          {(p) => <input {...p} inputMode="decimal" value={form.toleranceMm} onChange={(e) => set({ toleranceMm: e.target.value })} />}
        </Field>
        <Field label={t('supplier.tier')} name="tier" errors={errors}>
          {(p) => (
            <select {...p} value={form.tier} onChange={(e) => set({ tier: e.target.value })}>
              <option value="">{t('supplier.notStated')}</option>
              {[1, 2, 3].map((n) => (
                <option key={n} value={n}>
                  {t('supplier.tier.n', { n })}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>

      <Rows
        title={t('supplier.contacts')}
        add={t('supplier.add.contact')}
        onAdd={() => set({ contacts: [...form.contacts, blankContact()] })}
      >
        {form.contacts.map((r, i) => (
          <Row key={r.key} legend={t('supplier.contact', { n: i + 1 })} onRemove={() => removeRow('contacts', i)} row={i}>
            <Field label={t('supplier.contact.name')} name={`contacts.${i}.name`} errors={errors}>
              {(p) => (
                <input
                  {...p}
                  autoComplete="name"
                  maxLength={200}
                  value={r.name}
                  onChange={(e) => setRow('contacts', i, { name: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('supplier.contact.role')} name={`contacts.${i}.role`} errors={errors}>
              {(p) => <input {...p} maxLength={100} value={r.role} onChange={(e) => setRow('contacts', i, { role: e.target.value })} />}
            </Field>
            <Field label={t('supplier.contact.phone')} name={`contacts.${i}.phone`} errors={errors}>
              {(p) => (
                <input
                  {...p}
                  type="tel"
                  autoComplete="tel"
                  maxLength={20}
                  value={r.phone}
                  onChange={(e) => setRow('contacts', i, { phone: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('supplier.contact.email')} name={`contacts.${i}.email`} errors={errors}>
              {(p) => (
                <input
                  {...p}
                  type="email"
                  autoComplete="email"
                  maxLength={254}
                  value={r.email}
                  onChange={(e) => setRow('contacts', i, { email: e.target.value })}
                />
              )}
            </Field>
          </Row>
        ))}
      </Rows>

      <ProblemNotice problem={act.problem} shown={shown} />
      <div className="actions-row">
        <button type="submit" className="primary" disabled={act.busy}>
          {t('supplier.save')}
        </button>
        {saved !== undefined ? (
          <span role="status" data-testid="profile-saved">
            {t('supplier.saved', { version: saved })}
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** A list of like rows (products, certificates, contacts) with a button to add one. */
function Rows({ title, add, onAdd, children }: { title: string; add: string; onAdd: () => void; children: ReactNode }) {
  return (
    <fieldset className="allocations">
      <legend>{title}</legend>
      {children}
      <button type="button" className="start" onClick={onAdd}>
        {add}
      </button>
    </fieldset>
  );
}

function Row({ legend, row, onRemove, children }: { legend: string; row: number; onRemove: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <fieldset className="row-card" data-row={row}>
      <legend>{legend}</legend>
      <div className="grid2 form">{children}</div>
      <button type="button" className="link start" onClick={onRemove}>
        {t('supplier.remove', { what: legend })}
      </button>
    </fieldset>
  );
}

/** The needs it fits (reloaded after each save: the index takes the new profile within seconds). */
function Opportunities({ taxCode, saves }: { taxCode: string; saves: number }) {
  const ctx = useApp();
  const { t, label, num, date } = useI18n();
  const opps = useAsync(async () => {
    try {
      return (await ok(
        ctx.api.GET('/suppliers/{taxCode}/opportunities', { params: { path: { taxCode }, query: { limit: 20, nearMisses: 10 } } }),
      )) as unknown as OpportunitiesView;
    } catch (e) {
      // No profile yet (404), or the index still loading (503): said plainly, with a way to ask again.
      if (e instanceof ApiError && (e.status === 404 || e.status === 503)) return e.status;
      throw e;
    }
  }, [taxCode, saves]);
  const heading = (
    <>
      <h2 id="opps-title">{t('opps.title')}</h2>
      <p className="muted small">{t('opps.hint')}</p>
    </>
  );
  const body = () => {
    if (opps.loading && !opps.data) return <Loading />;
    if (opps.error) return <LoadError error={opps.error} />;
    if (opps.data === 404) return <p className="muted">{t('opps.needProfile')}</p>;
    if (opps.data === 503 || !opps.data) return <p className="muted">{t('opps.indexLoading')}</p>;
    const d = opps.data;
    return (
      <>
        {d.items.length === 0 ? <p className="muted">{t('opps.none')}</p> : null}
        <ol className="matches" data-testid="opportunities">
          {d.items.map((o) => (
            <li key={o.needId} className="card" data-need={o.needId}>
              <h3>
                {o.title} <span className="score">{num(o.score, 1)}</span>
              </h3>
              <p className="muted small">
                {o.buyer.name} ({label('buyerKind', o.buyer.kind)}) · {t('matching.deadline', { date: date(o.deadline) })}
              </p>
              <FactorList factors={o.factors} />
            </li>
          ))}
        </ol>
        {d.nearMisses.length ? (
          <>
            <h3>{t('opps.nearMisses')}</h3>
            <ul className="matches" data-testid="near-misses">
              {d.nearMisses.map((n) => (
                <li key={n.needId} className="card" data-need={n.needId}>
                  <h4>
                    {n.title} <span className="score">{num(n.score, 1)}</span>
                  </h4>
                  <p className="muted small">
                    {n.buyer.name} · {t('matching.deadline', { date: date(n.deadline) })}
                  </p>
                  <GapToClose lacking={n.lacking} lackingText={n.lackingText} programmes={n.programmes} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    );
  };
  return (
    <section className="card" aria-labelledby="opps-title">
      {heading}
      {body()}
      <button type="button" onClick={opps.reload}>
        {t('mail.refresh')}
      </button>
    </section>
  );
}
