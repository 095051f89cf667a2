/**
 * A trade fair: the schedule grid (slots × tables), each participant's agenda, and the agenda as
 * an .ics calendar file. The fair routes are typed by hand from docs/api.md until the generated
 * client has them.
 */
import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/problem.ts';
import { rawCall, useApp } from '../app-context.tsx';
import { LoadError, Loading, ProblemNotice, problemOf } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from '../router.tsx';
import { agendaOf, buildGrid, FairGrid, type FairView, type Schedule } from './fair-grid.tsx';

export default function FairPage({ id }: { id?: string }) {
  const { t } = useI18n();
  const [value, setValue] = useState(id ?? '');
  if (!id)
    return (
      <section aria-labelledby="f-title">
        <h1 id="f-title">{t('fair.title')}</h1>
        <form
          className="filters"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (value.trim()) navigate(`/fairs/${encodeURIComponent(value.trim())}`);
          }}
        >
          <label>
            {t('fair.id')}
            <input value={value} onChange={(e) => setValue(e.target.value)} maxLength={100} />
          </label>
          <button type="submit">{t('common.open')}</button>
        </form>
      </section>
    );
  return <Fair id={id} />;
}

function Fair({ id }: { id: string }) {
  const ctx = useApp();
  const { t, dateTime } = useI18n();
  const [selected, setSelected] = useState<string>();
  const [problem, setProblem] = useState<unknown>();
  const data = useAsync(async () => {
    const path = `/fairs/${encodeURIComponent(id)}`;
    const schedule = (await (await rawCall(ctx, `${path}/schedule`)).json()) as Schedule;
    // The fair itself (names, slot times) when the API gives it; the grid works from the schedule alone.
    const fair = await rawCall(ctx, path).then(
      async (r) => (await r.json()) as FairView,
      (e: unknown) => {
        if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return undefined;
        throw e;
      },
    );
    return { fair, schedule };
  }, [id]);

  async function downloadIcs(pid: string) {
    setProblem(undefined);
    try {
      const res = await rawCall(ctx, `/fairs/${encodeURIComponent(id)}/participants/${encodeURIComponent(pid)}/agenda`, {
        headers: { accept: 'text/calendar' },
      });
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `agenda-${pid}.ics`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setProblem(e);
    }
  }

  if (data.loading && !data.data) return <Loading />;
  if (data.error) return <LoadError error={data.error} />;
  const { fair, schedule } = data.data!;
  const grid = buildGrid(fair, schedule);
  const names = new Map((fair?.participants ?? []).map((p) => [p.id, p.name]));
  const ids = [...new Set(schedule.meetings.flatMap((m) => [m.buyerId, m.exhibitorId]))].sort((a, b) =>
    (names.get(a) ?? a).localeCompare(names.get(b) ?? b),
  );
  const agenda = selected ? agendaOf(grid, selected) : [];
  return (
    <section aria-labelledby="fair-title">
      <h1 id="fair-title">{fair?.name ?? t('fair.title')}</h1>
      <p className="muted">{t('fair.summary', { meetings: schedule.meetings.length, unscheduled: schedule.unscheduled.length })}</p>
      <label className="inline">
        {t('fair.participant')}
        <select value={selected ?? ''} onChange={(e) => setSelected(e.target.value || undefined)}>
          <option value="">—</option>
          {ids.map((p) => (
            <option key={p} value={p}>
              {names.get(p) ?? p}
            </option>
          ))}
        </select>
      </label>
      <FairGrid fair={fair} schedule={schedule} selected={selected} onSelect={setSelected} />
      {selected ? (
        <section className="card" aria-labelledby="agenda-title">
          <h2 id="agenda-title">{t('fair.agendaOf', { name: names.get(selected) ?? selected })}</h2>
          <ol>
            {agenda.map(({ slot, meeting }) => {
              const other = meeting.buyerId === selected ? meeting.exhibitorId : meeting.buyerId;
              return (
                <li key={slot.id}>
                  {slot.startsAt ? dateTime(slot.startsAt) : slot.id} · {t('fair.table', { n: meeting.table })} ·{' '}
                  {names.get(other) ?? other}
                </li>
              );
            })}
          </ol>
          <button type="button" onClick={() => downloadIcs(selected)}>
            {t('fair.ics')}
          </button>
          <ProblemNotice problem={problemOf(problem)} />
        </section>
      ) : null}
      {schedule.unscheduled.length ? (
        <section className="card" aria-labelledby="uns-title">
          <h2 id="uns-title">{t('fair.unscheduled')}</h2>
          <ul>
            {schedule.unscheduled.map((u) => (
              <li key={`${u.buyerId}-${u.exhibitorId}`}>
                {names.get(u.buyerId) ?? u.buyerId} ↔ {names.get(u.exhibitorId) ?? u.exhibitorId}: {u.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
