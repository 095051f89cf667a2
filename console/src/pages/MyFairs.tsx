/**
 * Trade fairs for the enterprise the person acts for (GET /me/fairs?taxCode=): the fairs open to
 * registration today, each with its own registration — register as an exhibitor (POST
 * /fairs/{id}/registrations), pending until the fair's staff answer; accepted (or added by them),
 * say whom of the fair's buyers it must meet, would meet or would rather not (PUT
 * …/participants/{pid}/preferences), and read its agenda, as an .ics file once the fair is scheduled.
 */
import { type FormEvent, useId, useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { Badge, LoadError, Loading, ProblemNotice } from '../components/ui.tsx';
import { useAction, useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { ForEnterprise } from './enterprise-model.tsx';
import { Agenda } from './fair-agenda.tsx';
import type { FairSlot } from './fair-grid.tsx';

type Wish = 'mustMeet' | 'meet' | 'noThanks';
const WISHES: readonly Wish[] = ['mustMeet', 'meet', 'noThanks'];
type Wishes = Record<Wish, string[]>;

/** One item of `GET /me/fairs` (docs/api.md, "Enterprises online"). */
interface MyFair {
  id: string;
  name: string;
  venue: string | null;
  heldOn: string;
  registrationUntil: string;
  slots: FairSlot[];
  buyers: { id: string; name: string }[];
  registration: {
    participantId: string;
    status: 'pending' | 'accepted' | 'refused' | 'added-by-staff';
    wishes: Wishes;
    reason?: string;
  } | null;
}

export default function MyFairs() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="my-fairs-title">
      <h1 id="my-fairs-title">{t('myFairs.title')}</h1>
      <p className="muted">{t('myFairs.hint')}</p>
      <ForEnterprise>{(taxCode) => <Fairs taxCode={taxCode} />}</ForEnterprise>
    </section>
  );
}

function Fairs({ taxCode }: { taxCode: string }) {
  const ctx = useApp();
  const { t } = useI18n();
  const fairs = useAsync(
    async () => ((await ok(ctx.api.GET('/me/fairs', { params: { query: { taxCode } } }))) as unknown as { items: MyFair[] }).items,
    [taxCode],
  );
  if (fairs.loading && !fairs.data) return <Loading />;
  if (fairs.error) return <LoadError error={fairs.error} />;
  const items = fairs.data ?? [];
  if (items.length === 0) return <p className="muted">{t('myFairs.none')}</p>;
  return (
    <ul className="programme-checks" data-testid="my-fairs">
      {items.map((f) => (
        <FairCard key={f.id} fair={f} taxCode={taxCode} onChange={fairs.reload} />
      ))}
    </ul>
  );
}

function FairCard({ fair, taxCode, onChange }: { fair: MyFair; taxCode: string; onChange: () => void }) {
  const ctx = useApp();
  const { t, label, date, num } = useI18n();
  const act = useAction();
  const headingId = `fair-${fair.id}`;
  const reg = fair.registration;
  const takesPart = reg?.status === 'accepted' || reg?.status === 'added-by-staff';
  const register = () =>
    act.run(async () => {
      await ok(ctx.api.POST('/fairs/{id}/registrations', { params: { path: { id: fair.id } }, body: { taxCode, role: 'exhibitor' } }));
      onChange();
    });
  return (
    <li className="card" data-fair={fair.id} data-registration={reg?.status ?? 'none'}>
      <div className="page-head">
        <h2 id={headingId}>{fair.name}</h2>
        <Badge kind={reg?.status ?? 'none'}>
          <span data-testid="registration-status">{label('regStatus', reg?.status ?? 'none')}</span>
        </Badge>
      </div>
      <p className="muted small">
        {date(fair.heldOn)}
        {fair.venue ? ` · ${fair.venue}` : ''} · {t('myFairs.until', { date: date(fair.registrationUntil) })} ·{' '}
        {t('myFairs.buyers', { n: num(fair.buyers.length) })}
      </p>
      {reg === null ? (
        <button type="button" className="primary" aria-describedby={headingId} disabled={act.busy} onClick={register}>
          {t('myFairs.register')}
        </button>
      ) : null}
      {reg?.status === 'pending' ? <p className="small">{t('myFairs.pendingHint')}</p> : null}
      {reg?.status === 'refused' && reg.reason ? <p data-testid="refusal">{t('myFairs.reason', { reason: reg.reason })}</p> : null}
      <ProblemNotice problem={act.problem} />
      {reg && takesPart ? (
        <>
          <WishesForm fair={fair} pid={reg.participantId} stored={reg.wishes} onSaved={onChange} />
          <Agenda fairId={fair.id} pid={reg.participantId} runId={undefined} titleId={`agenda-${fair.id}`} />
        </>
      ) : null}
    </li>
  );
}

const wishOf = (w: Wishes, buyerId: string): Wish | '' => WISHES.find((k) => w[k].includes(buyerId)) ?? '';

/** For each of the fair's buyers: must meet, meet, no thanks, or no wish; saved together. */
function WishesForm({ fair, pid, stored, onSaved }: { fair: MyFair; pid: string; stored: Wishes; onSaved: () => void }) {
  const ctx = useApp();
  const { t, label } = useI18n();
  const titleId = useId();
  const act = useAction();
  const [chosen, setChosen] = useState<Record<string, Wish | ''>>(() =>
    Object.fromEntries(fair.buyers.map((b) => [b.id, wishOf(stored, b.id)])),
  );
  const [saved, setSaved] = useState(false);
  // Wishes naming participants the enterprise does not see here (none today) are kept as they are.
  const listed = new Set(fair.buyers.map((b) => b.id));

  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    void act.run(async () => {
      const body: Wishes = { mustMeet: [], meet: [], noThanks: [] };
      for (const k of WISHES) body[k].push(...stored[k].filter((id) => !listed.has(id)));
      for (const [buyerId, w] of Object.entries(chosen)) if (w) body[w].push(buyerId);
      await ok(ctx.api.PUT('/fairs/{id}/participants/{pid}/preferences', { params: { path: { id: fair.id, pid } }, body }));
      setSaved(true);
      onSaved();
    });
  }

  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>{t('wishes.title')}</h3>
      {fair.buyers.length === 0 ? (
        <p className="muted">{t('wishes.noBuyers')}</p>
      ) : (
        <form className="form" data-testid="wishes" onSubmit={submit}>
          <p className="muted small">{t('wishes.hint')}</p>
          {fair.buyers.map((b) => (
            <fieldset key={b.id} className="wish" data-buyer={b.id}>
              <legend>{b.name}</legend>
              {[...WISHES, ''].map((w) => (
                <label key={w || 'none'} className="check">
                  <input
                    type="radio"
                    name={`wish-${b.id}`}
                    value={w || 'none'}
                    checked={(chosen[b.id] ?? '') === w}
                    onChange={() => setChosen((c) => ({ ...c, [b.id]: w as Wish | '' }))}
                  />
                  {label('wish', w || 'none')}
                </label>
              ))}
            </fieldset>
          ))}
          <div className="actions-row">
            <button type="submit" className="primary" disabled={act.busy}>
              {t('wishes.save')}
            </button>
            {saved ? (
              <span role="status" data-testid="wishes-saved">
                {t('wishes.saved')}
              </span>
            ) : null}
          </div>
          <ProblemNotice problem={act.problem} />
        </form>
      )}
    </section>
  );
}
