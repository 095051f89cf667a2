/**
 * Trade fairs: the list of the caller's agency's fairs (#/fairs), and a fair (#/fairs/<id>) with its
 * latest schedule run (status, bound, gap), the schedule grid (slots × tables), the pairs left
 * unscheduled with their reasons, a participant's agenda and its .ics file. The schedule is read a
 * page at a time (its slot groups, then its unscheduled pairs, each with "show more"), so a fair of
 * any size loads as fast as a small one. Officers start a schedule run (initial or top-up) here and
 * watch it to its end. Every call is the typed client's.
 */
import { useCallback, useEffect, useState } from 'react';
import { ok } from '../api/client.ts';
import { ApiError } from '../api/problem.ts';
import { useApp } from '../app-context.tsx';
import { hasRole } from '../auth/session.ts';
import { Badge, LoadError, Loading, ProblemNotice, problemOf, TableScroll } from '../components/ui.tsx';
import { useAction, useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { Agenda } from './fair-agenda.tsx';
import {
  FairGrid,
  type FairView,
  namesOf,
  type RunView,
  type ScheduleParticipant,
  type SchedulePage,
  type SlotGroup,
  type UnscheduledPair,
} from './fair-grid.tsx';

/** A participant as `GET /fairs/{id}/participants` lists it: an enterprise that registered itself carries its registration. */
interface ParticipantView extends ScheduleParticipant {
  taxCode?: string;
  registration?: { status: 'pending' | 'accepted' | 'refused'; requestedAt: string; decidedAt?: string; reason?: string };
}

/** Slot groups a page: a day of 20-minute slots; a page stays small however many meetings a slot holds. */
const SLOTS_PER_PAGE = 24;
const UNSCHEDULED_PER_PAGE = 50;

export default function FairPage({ id }: { id?: string }) {
  return id ? <Fair id={id} /> : <FairList />;
}

function FairList() {
  const ctx = useApp();
  const { t, date, num } = useI18n();
  const [cursor, setCursor] = useState<string>();
  const list = useAsync(
    async () =>
      (await ok(ctx.api.GET('/fairs', { params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } } }))) as unknown as {
        items: FairView[];
        nextCursor: string | null;
      },
    [cursor],
  );
  return (
    <section aria-labelledby="fairs-title">
      <h1 id="fairs-title">{t('fair.listTitle')}</h1>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && list.data.items.length === 0 ? <p className="muted">{t('fair.none')}</p> : null}
      {list.data?.items.length ? (
        <TableScroll label={t('fair.listTitle')}>
          <table data-testid="fairs">
            <thead>
              <tr>
                <th scope="col">{t('fair.name')}</th>
                <th scope="col">{t('fair.heldOn')}</th>
                <th scope="col">{t('fair.venue')}</th>
                <th scope="col">{t('fair.participants')}</th>
                <th scope="col">{t('fair.scheduled')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((f) => (
                <tr key={f.id}>
                  <td>
                    <Link to={`/fairs/${f.id}`}>{f.name}</Link>
                  </td>
                  <td>{date(f.heldOn)}</td>
                  <td>{f.venue ?? '—'}</td>
                  <td>{num(f.participants)}</td>
                  <td>{f.scheduleRunId ? t('common.yes') : t('common.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {list.data?.nextCursor ? (
        <button type="button" onClick={() => setCursor(list.data?.nextCursor ?? undefined)}>
          {t('common.next')}
        </button>
      ) : null}
    </section>
  );
}

/** The fair, its first 100 participants (names for the picker), the first page of its schedule and its latest run. */
function Fair({ id }: { id: string }) {
  const ctx = useApp();
  const { t, date, num, pct, label } = useI18n();
  const [selected, setSelected] = useState<string>();
  const path = { id };
  const data = useAsync(async () => {
    const [fair, participants, schedule] = await Promise.all([
      ok(ctx.api.GET('/fairs/{id}', { params: { path } })) as unknown as Promise<FairView>,
      ok(ctx.api.GET('/fairs/{id}/participants', { params: { path, query: { limit: 100 } } })) as unknown as Promise<{
        items: ParticipantView[];
      }>,
      // 404 until the first run finishes.
      (
        ok(ctx.api.GET('/fairs/{id}/schedule', { params: { path, query: { by: 'slot', limit: SLOTS_PER_PAGE } } })) as unknown as Promise<
          SchedulePage<SlotGroup>
        >
      ).catch((e: unknown) => {
        if (e instanceof ApiError && e.problem.status === 404) return undefined;
        throw e;
      }),
    ]);
    const runId = fair.activeRun?.id ?? fair.scheduleRunId;
    const run = runId
      ? ((await ok(ctx.api.GET('/fairs/{id}/schedule-runs/{runId}', { params: { path: { id, runId } } }))) as unknown as RunView)
      : undefined;
    return { fair, participants: participants.items, schedule, run };
  }, [id]);

  if (data.loading && !data.data) return <Loading />;
  if (data.error) return <LoadError error={data.error} />;
  const { fair, participants, schedule, run } = data.data!;
  const officer = hasRole(ctx.session, 'officer', 'admin');
  return (
    <section aria-labelledby="fair-title">
      <h1 id="fair-title">{fair.name}</h1>
      <p className="muted">
        {t('fair.facts', { date: date(fair.heldOn), slots: fair.slots.length, minutes: fair.slotMinutes, tables: fair.tables })}
        {fair.venue ? ` · ${fair.venue}` : ''} · {t('fair.participantCount', { n: num(fair.participants) })}
      </p>
      {run ? (
        <p data-testid="fair-run">
          {t('fair.lastRun', { mode: label('fairMode', run.mode) })} <Badge kind={run.status}>{label('jobStatus', run.status)}</Badge>
          {run.status === 'done'
            ? ` ${t('fair.runFigures', {
                meetings: num(run.meetings),
                weight: num(run.totalWeight, 2),
                bound: num(run.upperBound, 2),
                method: label('fairBound', run.boundMethod ?? ''),
                gap: pct(run.gapPct),
              })}`
            : ''}
          {run.error ? ` ${run.error}` : ''}
        </p>
      ) : null}
      <Registrations fairId={id} participants={participants} officer={officer} onDecided={data.reload} />
      {officer ? <RunButtons fair={fair} running={run?.status === 'running' ? run.id : undefined} onDone={data.reload} /> : null}
      {schedule ? (
        // Keyed by run: a new schedule starts again from its first page.
        <Schedule
          key={schedule.runId}
          fairId={id}
          first={schedule}
          participants={participants}
          selected={selected}
          onSelect={setSelected}
        />
      ) : (
        <p className="muted">{t('fair.noSchedule')}</p>
      )}
    </section>
  );
}

/** The schedule grid, grown a page of slots at a time, the participant picker and agenda, and the pairs not placed. */
function Schedule({
  fairId,
  first,
  participants,
  selected,
  onSelect,
}: {
  fairId: string;
  first: SchedulePage<SlotGroup>;
  participants: ScheduleParticipant[];
  selected: string | undefined;
  onSelect: (id: string | undefined) => void;
}) {
  const ctx = useApp();
  const { t, num, label, text } = useI18n();
  const [pages, setPages] = useState<SchedulePage<SlotGroup>[]>([first]);
  const [left, setLeft] = useState<SchedulePage<UnscheduledPair>[]>([]);
  const [problem, setProblem] = useState<unknown>();
  const path = { id: fairId };

  const more = useCallback(
    async (part: 'groups' | 'unscheduled', cursor: string | undefined) => {
      setProblem(undefined);
      try {
        if (part === 'groups') {
          const page = (await ok(
            ctx.api.GET('/fairs/{id}/schedule', { params: { path: { id: fairId }, query: { by: 'slot', limit: SLOTS_PER_PAGE, cursor } } }),
          )) as unknown as SchedulePage<SlotGroup>;
          setPages((p) => [...p, page]);
        } else {
          const page = (await ok(
            ctx.api.GET('/fairs/{id}/schedule', {
              params: { path: { id: fairId }, query: { part: 'unscheduled', limit: UNSCHEDULED_PER_PAGE, ...(cursor ? { cursor } : {}) } },
            }),
          )) as unknown as SchedulePage<UnscheduledPair>;
          setLeft((p) => [...p, page]);
        }
      } catch (e) {
        setProblem(e);
      }
    },
    [ctx.api, fairId],
  );

  // The first page of unscheduled pairs, once there are any.
  useEffect(() => {
    if (first.counts.unscheduled > 0) void more('unscheduled', undefined);
  }, [first.counts.unscheduled, more]);

  const groups = pages.flatMap((p) => p.items);
  const unscheduled = left.flatMap((p) => p.items);
  const names = namesOf([...pages, ...left], participants);
  const people = [...participants].sort((a, b) => a.name.localeCompare(b.name));
  const nextGroups = pages.at(-1)?.nextCursor;
  const nextLeft = left.at(-1)?.nextCursor;
  return (
    <>
      <p className="muted">{t('fair.summary', { meetings: first.counts.meetings, unscheduled: first.counts.unscheduled })}</p>
      <label className="inline">
        {t('fair.participant')}
        <select value={selected ?? ''} onChange={(e) => onSelect(e.target.value || undefined)}>
          <option value="">—</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({label('fairRole', p.role)})
            </option>
          ))}
        </select>
      </label>
      <FairGrid groups={groups} names={names} selected={selected} onSelect={onSelect} />
      {nextGroups ? (
        <button type="button" data-testid="more-slots" onClick={() => void more('groups', nextGroups)}>
          {t('fair.moreSlots', { shown: num(groups.length), total: num(first.counts.groups ?? groups.length) })}
        </button>
      ) : null}
      <ProblemNotice problem={problemOf(problem)} />
      {selected ? <Agenda fairId={path.id} pid={selected} runId={first.runId} /> : null}
      {unscheduled.length ? (
        <section className="card" aria-labelledby="uns-title">
          <h2 id="uns-title">{t('fair.unscheduled')}</h2>
          <ul data-testid="unscheduled">
            {unscheduled.map((u) => (
              <li key={`${u.buyerId}-${u.exhibitorId}`}>
                {names.get(u.buyerId) ?? u.buyerId} ↔ {names.get(u.exhibitorId) ?? u.exhibitorId}: {label('fairUnscheduled', u.code)}
                {u.mustMeet ? ` (${t('fair.mustMeet')})` : ''}
                {u.reasonText ? <div className="small muted">{text(u.reasonText)}</div> : null}
              </li>
            ))}
          </ul>
          {nextLeft ? (
            <button type="button" onClick={() => void more('unscheduled', nextLeft)}>
              {t('fair.moreUnscheduled', { shown: num(unscheduled.length), total: num(first.counts.unscheduled) })}
            </button>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/**
 * The enterprises that registered themselves (from the participants loaded): the fair's staff accept
 * a pending one, or refuse it saying why (POST /fairs/{id}/registrations/{pid}/decision).
 */
function Registrations({
  fairId,
  participants,
  officer,
  onDecided,
}: {
  fairId: string;
  participants: ParticipantView[];
  officer: boolean;
  onDecided: () => void;
}) {
  const ctx = useApp();
  const { t, label, dateTime } = useI18n();
  const act = useAction();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const registered = participants.filter((p) => p.registration);
  if (registered.length === 0) return null;
  const decide = (pid: string, outcome: 'accepted' | 'refused') =>
    act.run(async () => {
      const reason = reasons[pid]?.trim();
      await ok(
        ctx.api.POST('/fairs/{id}/registrations/{pid}/decision', {
          params: { path: { id: fairId, pid } },
          body: { outcome, ...(reason ? { reason } : {}) },
        }),
      );
      onDecided();
    });
  return (
    <section className="card" aria-labelledby="registrations-title">
      <h2 id="registrations-title">{t('fair.registrations')}</h2>
      <ul className="links" data-testid="registrations">
        {registered.map((p) => {
          const r = p.registration!;
          const reasonId = `reason-${p.id}`;
          return (
            <li key={p.id} data-participant={p.id} data-status={r.status}>
              <strong>{p.name}</strong> {p.taxCode ? <span className="muted">({p.taxCode})</span> : null}{' '}
              <Badge kind={r.status}>{label('regStatus', r.status)}</Badge>
              <div className="muted small">
                {t('fair.registeredAt', { when: dateTime(r.requestedAt) })}
                {r.decidedAt ? ` · ${t('fair.decidedAt', { when: dateTime(r.decidedAt) })}` : ''}
                {r.reason ? ` · ${r.reason}` : ''}
              </div>
              {officer && r.status === 'pending' ? (
                <div className="inline-form form">
                  <div className="field">
                    <label htmlFor={reasonId}>{t('fair.refusalReason')}</label>
                    <input
                      id={reasonId}
                      name="reason"
                      maxLength={1000}
                      value={reasons[p.id] ?? ''}
                      onChange={(e) => setReasons((x) => ({ ...x, [p.id]: e.target.value }))}
                    />
                  </div>
                  <div className="actions-row">
                    <button type="button" className="primary" disabled={act.busy} onClick={() => decide(p.id, 'accepted')}>
                      {t('fair.accept')}
                    </button>
                    <button type="button" disabled={act.busy} onClick={() => decide(p.id, 'refused')}>
                      {t('fair.refuse')}
                    </button>
                  </div>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      <ProblemNotice problem={act.problem} />
    </section>
  );
}

/** Start a run (initial, or top-up once there is a schedule) and poll it until it ends. */
function RunButtons({ fair, running, onDone }: { fair: FairView; running: string | undefined; onDone: () => void }) {
  const ctx = useApp();
  const { t } = useI18n();
  const [runId, setRunId] = useState(running);
  const [seconds, setSeconds] = useState(0);
  const [problem, setProblem] = useState<unknown>();

  useEffect(() => {
    if (!runId) return;
    let live = true;
    const started = Date.now();
    const poll = async () => {
      try {
        const r = (await ok(
          ctx.api.GET('/fairs/{id}/schedule-runs/{runId}', { params: { path: { id: fair.id, runId } } }),
        )) as unknown as RunView;
        if (!live) return;
        if (r.status === 'running') {
          setSeconds(Math.round((Date.now() - started) / 1000));
          setTimeout(poll, 1000);
          return;
        }
        setRunId(undefined);
        onDone();
      } catch (e) {
        if (live) {
          setProblem(e);
          setRunId(undefined);
        }
      }
    };
    void poll();
    return () => {
      live = false;
    };
  }, [runId, fair.id, ctx.api, onDone]);

  async function start(mode: 'initial' | 'top-up') {
    setProblem(undefined);
    try {
      const run = await ok(ctx.api.POST('/fairs/{id}/schedule-runs', { params: { path: { id: fair.id } }, body: { mode } }));
      setSeconds(0);
      setRunId(run.id);
    } catch (e) {
      setProblem(e);
    }
  }

  return (
    <div className="actions-row" data-testid="fair-runs">
      <button type="button" className="primary" disabled={!!runId} onClick={() => start('initial')}>
        {t('fair.runInitial')}
      </button>
      <button type="button" disabled={!!runId || !fair.scheduleRunId} onClick={() => start('top-up')}>
        {t('fair.runTopUp')}
      </button>
      {runId ? (
        <span role="status">
          <progress aria-label={t('fair.running')} /> {t('fair.runningFor', { s: seconds })}
        </span>
      ) : null}
      <ProblemNotice problem={problemOf(problem)} />
    </div>
  );
}
