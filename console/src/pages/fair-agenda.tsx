/**
 * A participant's meetings at a fair (GET /fairs/{id}/participants/{pid}/agenda) and, once the fair
 * is scheduled, the same as an iCalendar file in the reader's language: on the fair's page for its
 * staff, on Trade fairs for the enterprise's own participation.
 */
import { useState } from 'react';
import { ok } from '../api/client.ts';
import { useApp } from '../app-context.tsx';
import { Loading, ProblemNotice, problemOf } from '../components/ui.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/index.tsx';
import { type AgendaView, onManyDays, slotLabel } from './fair-grid.tsx';

/** `titleId`: its heading's id, unique on the page (the enterprise's page shows one agenda a fair). */
export function Agenda({
  fairId,
  pid,
  runId,
  titleId = 'agenda-title',
}: {
  fairId: string;
  pid: string;
  runId: string | undefined;
  titleId?: string;
}) {
  const ctx = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const [problem, setProblem] = useState<unknown>();
  const path = { id: fairId, pid };
  const agenda = useAsync(
    async () => (await ok(ctx.api.GET('/fairs/{id}/participants/{pid}/agenda', { params: { path } }))) as unknown as AgendaView,
    [fairId, pid, runId],
  );

  async function downloadIcs() {
    setProblem(undefined);
    try {
      const text = await ok(
        ctx.api.GET('/fairs/{id}/participants/{pid}/agenda', {
          params: { path, query: { format: 'ics', lang: i18n.lang } },
          parseAs: 'text',
        }),
      );
      const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `agenda-${pid}.ics`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setProblem(e);
    }
  }

  if (!agenda.data) return agenda.error ? <ProblemNotice problem={problemOf(agenda.error)} /> : <Loading />;
  const a = agenda.data;
  const manyDays = onManyDays(i18n, a.meetings);
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('fair.agendaOf', { name: a.participant.name })}</h2>
      {a.meetings.length ? (
        <ol data-testid="agenda">
          {a.meetings.map((m) => (
            <li key={m.slotId}>
              {slotLabel(i18n, m, manyDays)} · {t('fair.table', { n: m.table })} · {m.with.name}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('fair.noMeetingsFor')}</p>
      )}
      {a.runId ? (
        <button type="button" onClick={downloadIcs}>
          {t('fair.ics')}
        </button>
      ) : null}
      <ProblemNotice problem={problemOf(problem)} />
    </section>
  );
}
