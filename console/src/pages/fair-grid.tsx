/**
 * A trade fair's meeting schedule as a grid: one row per slot, one column per table in use, each
 * cell the buyer and exhibitor meeting there. Built from the slot groups of `GET
 * /fairs/{id}/schedule?by=slot` (docs/api.md, "Trade fairs"), a page at a time: each page's items
 * are whole slot groups in time order and its `participants` name everyone they mention. The shapes
 * are matching's own types (type-only imports, erased from the bundle), so a change to what the
 * service answers breaks `tsc` here.
 */
import type { Fair, FairSlot } from '../../../services/matching/domain/fairs/fair.ts';
import type {
  FairRole,
  FairScheduleRun,
  ReleasedMeeting,
  SlotGroup,
  UnscheduledPair,
} from '../../../services/matching/domain/fairs/types.ts';
import { TableScroll } from '../components/ui.tsx';
import { type I18n, useI18n } from '../i18n/index.tsx';

export type { FairSlot, FairRole, SlotGroup, UnscheduledPair, ReleasedMeeting };

/** `GET /fairs/{id}` and each item of `GET /fairs`. */
export type FairView = Omit<Fair, 'venue' | 'scheduleRunId' | 'activeRun'> & {
  venue?: string;
  scheduleRunId?: string;
  activeRun?: { id: string; at: string };
};

export interface ScheduleParticipant {
  id: string;
  role: FairRole;
  name: string;
}
export interface Meeting {
  slotId: string;
  table: number;
  buyerId: string;
  exhibitorId: string;
  weight: number;
}

/** One page of `GET /fairs/{id}/schedule`: slot groups (`part=groups`, `by=slot`), unscheduled pairs or released meetings. */
export interface SchedulePage<Item> {
  fairId: string;
  runId: string;
  download: { url: string; expiresAt: string };
  mode: FairScheduleRun['mode'];
  completedAt: string | null;
  totalWeight: number;
  upperBound: number;
  boundMethod: FairScheduleRun['boundMethod'];
  gapPct: number;
  stats: FairScheduleRun['stats'];
  counts: { meetings: number; unscheduled: number; released: number; groups?: number };
  part: 'groups' | 'unscheduled' | 'released';
  by?: 'slot' | 'table';
  participants: ScheduleParticipant[];
  items: Item[];
  nextCursor: string | null;
}

/** `GET /fairs/{id}/schedule-runs/{runId}`: the figures only once done. */
export interface RunView {
  id: string;
  fairId: string;
  mode: 'initial' | 'top-up';
  status: 'running' | 'done' | 'failed';
  requestedAt: string;
  finishedAt: string | null;
  error?: string;
  meetings?: number;
  meetingsAdded?: number;
  meetingsRemoved?: number;
  totalWeight?: number;
  upperBound?: number;
  boundMethod?: FairScheduleRun['boundMethod'];
  gapPct?: number;
  unscheduled?: number;
  released?: number;
}

/** `GET /fairs/{id}/participants/{pid}/agenda` (JSON). */
export interface AgendaView {
  fair: { id: string; name: string; venue: string | null; heldOn: string };
  participant: ScheduleParticipant;
  runId: string | null;
  meetings: { slotId: string; startsAt: string; endsAt: string; table: number; with: ScheduleParticipant; weight: number }[];
}

export interface Grid {
  slots: FairSlot[];
  tables: number[];
  cell: (slotId: string, table: number) => Meeting | undefined;
}

/** Rows are the slot groups loaded so far (the fair's slots in time order); columns the tables used. */
export function buildGrid(groups: readonly SlotGroup[]): Grid {
  const slots = groups.map((g) => ({ id: g.slotId, startsAt: g.startsAt, endsAt: g.endsAt }));
  const meetings = groups.flatMap((g) => g.meetings.map((m) => ({ ...m, slotId: g.slotId })));
  const tables = [...new Set(meetings.map((m) => m.table))].sort((a, b) => a - b);
  const cells = new Map(meetings.map((m) => [`${m.slotId}#${m.table}`, m]));
  return { slots, tables, cell: (slotId, table) => cells.get(`${slotId}#${table}`) };
}

/** A slot as the grid and agendas show it: `08:30–08:50`, with the date first on a fair of several days. */
export function slotLabel(i18n: Pick<I18n, 'date' | 'time'>, s: { startsAt: string; endsAt: string }, manyDays: boolean): string {
  const range = `${i18n.time(s.startsAt)}–${i18n.time(s.endsAt)}`;
  return manyDays ? `${i18n.date(s.startsAt)} ${range}` : range;
}

/** Whether the slots fall on more than one Hanoi day. */
export const onManyDays = (i18n: Pick<I18n, 'date'>, slots: readonly { startsAt: string }[]) =>
  new Set(slots.map((s) => i18n.date(s.startsAt))).size > 1;

/** Names by participant id: the fair's current list, then the run's pages (their names win: a name changed since). */
export function namesOf(pages: readonly Pick<SchedulePage<unknown>, 'participants'>[], more: readonly ScheduleParticipant[] = []) {
  const names = new Map(more.map((p) => [p.id, p.name]));
  for (const page of pages) for (const p of page.participants) names.set(p.id, p.name);
  return names;
}

export function FairGrid({
  groups,
  names,
  selected,
  onSelect,
}: {
  groups: readonly SlotGroup[];
  names: ReadonlyMap<string, string>;
  selected?: string | undefined;
  onSelect?: (id: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const grid = buildGrid(groups);
  const manyDays = onManyDays(i18n, grid.slots);
  const name = (id: string) => names.get(id) ?? id;
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
              <th scope="row">{slotLabel(i18n, s, manyDays)}</th>
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
