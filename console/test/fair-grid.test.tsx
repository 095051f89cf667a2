/**
 * The fair page's grid against the pages of `GET /fairs/{id}/schedule?by=slot` as matching answers
 * them: the fixture is typed with matching's own types (fair-grid.tsx imports them), so a change to
 * the answer's shape fails `tsc` on this file as well as on the page.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider, makeI18n } from '../src/i18n/index.tsx';
import { buildGrid, FairGrid, namesOf, onManyDays, type SchedulePage, type SlotGroup, slotLabel } from '../src/pages/fair-grid.tsx';

const slot = (id: string, hhmm: string, end: string) => ({
  slotId: id,
  startsAt: `2026-12-10T${hhmm}:00.000Z`,
  endsAt: `2026-12-10T${end}:00.000Z`,
});
const B1 = '0b9f7f2e-0001-4000-8000-000000000001';
const B2 = '0b9f7f2e-0001-4000-8000-000000000002';
const E1 = '0b9f7f2e-0002-4000-8000-000000000001';
const E2 = '0b9f7f2e-0002-4000-8000-000000000002';

// A page as the service answers (services/matching/app/fair-schedule.ts getSchedule): slot groups in
// time order, UTC times (01:30Z is 08:30 in Hanoi), every slot of the fair even when empty.
const schedule: SchedulePage<SlotGroup> = {
  fairId: 'f0000000-0000-4000-8000-000000000000',
  runId: 'r0000000-0000-4000-8000-000000000000',
  download: { url: 'http://localhost/x.json', expiresAt: '2026-12-01T00:15:00.000Z' },
  mode: 'initial',
  completedAt: '2026-12-01T00:00:00.000Z',
  totalWeight: 17,
  upperBound: 18,
  boundMethod: 'lp',
  gapPct: 5.56,
  stats: {
    requestedPairs: 4,
    mustMeetPairs: 1,
    mustMeetPlaced: 1,
    requestingParticipants: 4,
    requestingWithoutMeeting: 0,
    fairnessCost: 0,
    lpIntegral: true,
    lpMs: 3,
    lpLoadMs: 1,
    lpColumns: 12,
    lpRows: 20,
    totalMs: 5,
    cutShort: [],
  },
  counts: { meetings: 3, unscheduled: 1, released: 0, groups: 3 },
  part: 'groups',
  participants: [
    { id: B1, role: 'buyer', name: 'Canon Vietnam' },
    { id: B2, role: 'buyer', name: 'LG Display' },
    { id: E1, role: 'exhibitor', name: 'Cơ khí Thăng Long' },
    { id: E2, role: 'exhibitor', name: 'Nhựa Hà Nội' },
  ],
  by: 'slot',
  items: [
    { ...slot('s01', '01:30', '01:50'), meetings: [{ table: 4, buyerId: B1, exhibitorId: E1, weight: 10 }] },
    {
      ...slot('s02', '01:50', '02:10'),
      meetings: [
        { table: 1, buyerId: B2, exhibitorId: E1, weight: 3 },
        { table: 4, buyerId: B1, exhibitorId: E2, weight: 4 },
      ],
    },
    { ...slot('s03', '02:10', '02:30'), meetings: [] },
  ],
  nextCursor: null,
};

describe('the fair schedule grid', () => {
  it('has a row per slot of the fair in time order and a column per table in use', () => {
    const grid = buildGrid(schedule.items);
    expect(grid.slots.map((s) => s.id)).toEqual(['s01', 's02', 's03']);
    expect(grid.tables).toEqual([1, 4]);
    expect(grid.cell('s02', 1)).toMatchObject({ slotId: 's02', buyerId: B2, exhibitorId: E1 });
    expect(grid.cell('s03', 4)).toBeUndefined();
  });

  it('names participants from the run, then from the fair’s list (someone added since the run)', () => {
    const names = namesOf(
      [schedule],
      [
        { id: B1, role: 'buyer', name: 'stale name' },
        { id: 'new', role: 'exhibitor', name: 'Điện tử Sóc Sơn' },
      ],
    );
    expect(names.get(B1)).toBe('Canon Vietnam');
    expect(names.get('new')).toBe('Điện tử Sóc Sơn');
  });

  it('renders names, Hanoi times and the selected participant’s meetings', () => {
    const html = renderToStaticMarkup(
      <I18nProvider lang="vi">
        <FairGrid groups={schedule.items} names={namesOf([schedule])} selected={E1} />
      </I18nProvider>,
    );
    expect(html).toContain('Lịch gặp: 3 khung giờ × 2 bàn có cuộc gặp');
    expect(html).toContain('Bàn 4');
    expect(html).toContain('Canon Vietnam');
    // Slots in Hanoi time (01:30Z is 08:30), without the date on a one-day fair.
    expect(html).toContain('<th scope="row">08:30–08:50</th>');
    expect(html.match(/class="mine"/g)).toHaveLength(2);
    expect(html.match(/class="free"/g)).toHaveLength(3);
  });

  it('shows an id the names do not know as the id', () => {
    const html = renderToStaticMarkup(
      <I18nProvider lang="en">
        <FairGrid groups={schedule.items} names={new Map()} />
      </I18nProvider>,
    );
    expect(html).toContain(B2);
    expect(html).toContain('Table 1');
  });

  it('puts the date before each slot when the fair runs over several days', () => {
    const i18n = makeI18n('en');
    const slots = [
      slot('s01', '01:30', '01:50'),
      { slotId: 's02', startsAt: '2026-12-11T01:30:00.000Z', endsAt: '2026-12-11T01:50:00.000Z' },
    ];
    expect(onManyDays(i18n, slots)).toBe(true);
    expect(onManyDays(i18n, slots.slice(0, 1))).toBe(false);
    expect(slotLabel(i18n, slots[1]!, true)).toBe('11 Dec 2026 08:30–08:50');
  });

  it('says so when nothing is scheduled', () => {
    const html = renderToStaticMarkup(
      <I18nProvider lang="en">
        <FairGrid groups={[slot('s01', '01:30', '01:50')].map((g) => ({ ...g, meetings: [] }))} names={new Map()} />
      </I18nProvider>,
    );
    expect(html).toContain('No meetings scheduled yet.');
  });
});
