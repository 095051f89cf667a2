/**
 * A buyer's need and its supplier matches (GET /needs/{id}/matches): the score of each with the
 * reason per factor, the near-misses with what they lack and the programmes that close the gap,
 * and the funnel steps an officer records (POST /matches/{id}/events).
 */
import { type FormEvent, useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { hasRole } from '../auth/session.ts';
import { Badge, LoadError, Loading, ProblemNotice, problemOf } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate } from '../router.tsx';
import type { Localized } from '../../../shared/i18n/localized.ts';
import { type Factor, FactorList, GapToClose } from './match-parts.tsx';

const STEPS = ['proposed', 'contacted', 'met', 'sample', 'trial-order', 'contracted', 'declined'] as const;
type Step = (typeof STEPS)[number];

interface MatchItem {
  matchId: string;
  taxCode: string;
  name: string;
  score: number;
  funnelStep?: Step | null;
  factors: Factor[];
}
interface NearMiss {
  taxCode: string;
  name: string;
  score: number;
  lacking: string[];
  lackingText?: Localized[];
  programmes: { category: string; link: string }[];
}
interface MatchesView {
  needId: string;
  title: string;
  deadline: string;
  open: boolean;
  items: MatchItem[];
  nearMisses: NearMiss[];
}

export default function Matching({ needId }: { needId?: string }) {
  const { t } = useI18n();
  const [id, setId] = useState(needId ?? '');
  if (!needId)
    return (
      <section aria-labelledby="m-title">
        <h1 id="m-title">{t('matching.title')}</h1>
        <form
          className="filters"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (id.trim()) navigate(`/needs/${encodeURIComponent(id.trim())}`);
          }}
        >
          <label>
            {t('matching.needId')}
            <input value={id} onChange={(e) => setId(e.target.value)} maxLength={100} />
          </label>
          <button type="submit">{t('common.open')}</button>
        </form>
      </section>
    );
  return <NeedMatches needId={needId} />;
}

function NeedMatches({ needId }: { needId: string }) {
  const ctx = useApp();
  const { t, label, num, date } = useI18n();
  const data = useAsync(
    async () =>
      (await ok(
        ctx.api.GET('/needs/{id}/matches', { params: { path: { id: needId }, query: { limit: 20, nearMisses: 10 } } }),
      )) as unknown as MatchesView,
    [needId],
  );
  const [problem, setProblem] = useState<unknown>();
  // The step just recorded, shown at once (the ranking's index catches up within seconds).
  const [recorded, setRecorded] = useState<Record<string, Step>>({});
  const officer = hasRole(ctx.session, 'officer', 'admin');

  // Declining needs a reason: asked for in the card, next to the match.
  const [declining, setDeclining] = useState<string>();
  const [reason, setReason] = useState('');

  async function step(matchId: string, s: Step, why?: string) {
    setProblem(undefined);
    try {
      const done = (await ok(
        ctx.api.POST('/matches/{id}/events', { params: { path: { id: matchId } }, body: { step: s, ...(why ? { reason: why } : {}) } }),
      )) as unknown as { step: Step };
      setRecorded((r) => ({ ...r, [matchId]: done.step }));
      setDeclining(undefined);
      setReason('');
    } catch (e) {
      setProblem(e);
    }
  }

  if (data.loading && !data.data) return <Loading />;
  if (data.error) return <LoadError error={data.error} />;
  const d = data.data!;
  return (
    <section aria-labelledby="nm-title">
      <h1 id="nm-title">{d.title}</h1>
      <p className="muted">
        {t('matching.deadline', { date: date(d.deadline) })} · {d.open ? t('matching.open') : t('matching.closed')}
      </p>
      <ProblemNotice problem={problemOf(problem)} />
      <h2>{t('matching.matches')}</h2>
      {d.items.length === 0 ? <p className="muted">{t('matching.none')}</p> : null}
      <ol className="matches">
        {d.items.map((item) => {
          const m = { ...item, funnelStep: recorded[item.matchId] ?? item.funnelStep };
          const at = m.funnelStep ? STEPS.indexOf(m.funnelStep) : -1;
          const next = STEPS.filter((s, i) => i > at && s !== 'proposed').slice(0, 2);
          return (
            <li key={m.matchId} className="card">
              <h3>
                <Link to={`/enterprises/${m.taxCode}`}>{m.name}</Link> <span className="score">{num(m.score, 1)}</span>{' '}
                {m.funnelStep ? <Badge kind={m.funnelStep}>{label('step', m.funnelStep)}</Badge> : null}
              </h3>
              <FactorList factors={m.factors} />
              {officer ? (
                <div className="actions-row">
                  {at < 0 ? (
                    <button type="button" onClick={() => step(m.matchId, 'proposed')}>
                      {label('stepAction', 'proposed')}
                    </button>
                  ) : null}
                  {next.map((s) => (
                    <button type="button" key={s} onClick={() => step(m.matchId, s)}>
                      {label('stepAction', s)}
                    </button>
                  ))}
                  {m.funnelStep !== 'declined' && m.funnelStep !== 'contracted' && declining !== m.matchId ? (
                    <button type="button" className="link" onClick={() => setDeclining(m.matchId)}>
                      {label('stepAction', 'declined')}
                    </button>
                  ) : null}
                </div>
              ) : null}
              {officer && declining === m.matchId ? (
                <form
                  className="form"
                  onSubmit={(e: FormEvent) => {
                    e.preventDefault();
                    if (reason.trim()) void step(m.matchId, 'declined', reason.trim());
                  }}
                >
                  <label>
                    {t('matching.declineReason')}
                    <input value={reason} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
                  </label>
                  <div className="actions-row">
                    <button type="submit">{label('stepAction', 'declined')}</button>
                    <button type="button" className="link" onClick={() => setDeclining(undefined)}>
                      {t('common.cancel')}
                    </button>
                  </div>
                </form>
              ) : null}
            </li>
          );
        })}
      </ol>
      <h2>{t('matching.nearMisses')}</h2>
      <ul className="matches">
        {d.nearMisses.map((n) => (
          <li key={n.taxCode} className="card">
            <h3>
              <Link to={`/enterprises/${n.taxCode}`}>{n.name}</Link> <span className="score">{num(n.score, 1)}</span>
            </h3>
            <GapToClose lacking={n.lacking} lackingText={n.lackingText} programmes={n.programmes} />
          </li>
        ))}
      </ul>
    </section>
  );
}
