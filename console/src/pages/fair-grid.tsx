/**
 * A trade fair's meeting schedule as a grid: one row per slot, one column per table in use, each
 * cell the buyer and exhibitor meeting there. Built from `GET /fairs/{id}/schedule` (docs/api.md,
 * "Trade fairs"), with slot times and names from the fair when it gives them.
 */
import { TableScroll } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

export interface FairSlot {
  id: string;
  startsAt: string;
  endsAt: string;
}
export interface FairParticipant {
  id: string;
  role: 'buyer' | 'exhibitor';
  name: string;
}
export interface FairView {
  id: string;
  name?: string;
  tables?: number;
  slots?: FairSlot[];
  participants?: FairParticipant[];
}
export interface Meeting {
  slotId: string;
  table: number;
  buyerId: string;
  exhibitorId: string;
  weight: number;
}
export interface Schedule {
  meetings: Meeting[];
  unscheduled: { buyerId: string; exhibitorId: string; weight: number; reason: string; code?: string; mustMeet?: boolean }[];
}

export interface Grid {
  slots: FairSlot[];
  tables: number[];
  cell: (slotId: string, table: number) => Meeting | undefined;
}

/** Rows are the fair's slots in time order (or the slots the meetings name); columns the tables used. */
export function buildGrid(fair: FairView | undefined, schedule: Schedule): Grid {
  const known = new Map((fair?.slots ?? []).map((s) => [s.id, s]));
  for (const m of schedule.meetings) if (!known.has(m.slotId)) known.set(m.slotId, { id: m.slotId, startsAt: '', endsAt: '' });
  const slots = [...known.values()].sort(
    (a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id, undefined, { numeric: true }),
  );
  const tables = [...new Set(schedule.meetings.map((m) => m.table))].sort((a, b) => a - b);
  const cells = new Map(schedule.meetings.map((m) => [`${m.slotId}#${m.table}`, m]));
  return { slots, tables, cell: (slotId, table) => cells.get(`${slotId}#${table}`) };
}

/** One participant's meetings in time order. */
export function agendaOf(grid: Grid, participantId: string): { slot: FairSlot; meeting: Meeting }[] {
  const out: { slot: FairSlot; meeting: Meeting }[] = [];
  for (const slot of grid.slots)
    for (const table of grid.tables) {
      const m = grid.cell(slot.id, table);
      if (m && (m.buyerId === participantId || m.exhibitorId === participantId)) out.push({ slot, meeting: m });
    }
  return out;
}

export function FairGrid({
  fair,
  schedule,
  selected,
  onSelect,
}: {
  fair?: FairView;
  schedule: Schedule;
  selected?: string;
  onSelect?: (id: string) => void;
}) {
  const { t, dateTime } = useI18n();
  const grid = buildGrid(fair, schedule);
  const names = new Map((fair?.participants ?? []).map((p) => [p.id, p.name]));
  const name = (id: string) => names.get(id) ?? id;
  const time = (s: FairSlot) => (s.startsAt ? dateTime(s.startsAt) : s.id);
  if (grid.tables.length === 0) return <p className="muted">{t('fair.noMeetings')}</p>;
  return (
    <TableScroll label={t('fair.title')}>
      <table className="fair-grid" data-testid="fair-grid">
        <caption>{t('fair.gridCaption', { slots: grid.slots.length, tables: grid.tables.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fair.slot')}</th>
            {grid.tables.map((n) => (
              <th key={n} scope="col">
                {t('fair.table', { n })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.slots.map((s) => (
            <tr key={s.id} data-slot={s.id}>
              <th scope="row">{time(s)}</th>
              {grid.tables.map((n) => {
                const m = grid.cell(s.id, n);
                const mine = !!m && !!selected && (m.buyerId === selected || m.exhibitorId === selected);
                return (
                  <td key={n} className={mine ? 'mine' : m ? 'busy' : 'free'} data-table={n}>
                    {m ? (
                      <>
                        <button type="button" className="link" onClick={() => onSelect?.(m.buyerId)}>
                          {name(m.buyerId)}
                        </button>
                        <span aria-hidden="true"> ↔ </span>
                        <span className="sr-only"> {t('fair.meets')} </span>
                        <button type="button" className="link" onClick={() => onSelect?.(m.exhibitorId)}>
                          {name(m.exhibitorId)}
                        </button>
                      </>
                    ) : (
                      <span className="sr-only">{t('fair.free')}</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
