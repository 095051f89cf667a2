/**
 * The fair page's grid against the contract's JSON (docs/api.md, "Trade fairs"): the answer of
 * POST /fairs (its slots) and of GET /fairs/{id}/schedule, before the routes exist to call.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { agendaOf, buildGrid, FairGrid, type FairView, type Schedule } from '../src/pages/fair-grid.tsx';
import { I18nProvider } from '../src/i18n/index.tsx';

// As POST /fairs answers: `{ id, slots: [ { id, startsAt, endsAt } ] }` (+ names the page shows when given).
const fair: FairView = {
  id: 'fair-2026-12',
  name: 'Hội chợ CNHT 2026',
  tables: 120,
  slots: [
    { id: 's2', startsAt: '2026-12-10T09:00:00+07:00', endsAt: '2026-12-10T09:30:00+07:00' },
    { id: 's1', startsAt: '2026-12-10T08:30:00+07:00', endsAt: '2026-12-10T09:00:00+07:00' },
    { id: 's3', startsAt: '2026-12-10T09:30:00+07:00', endsAt: '2026-12-10T10:00:00+07:00' },
  ],
  participants: [
    { id: 'b1', role: 'buyer', name: 'Canon Vietnam' },
    { id: 'e1', role: 'exhibitor', name: 'Cơ khí Thăng Long' },
    { id: 'e2', role: 'exhibitor', name: 'Nhựa Hà Nội' },
  ],
};
// As GET /fairs/{id}/schedule answers: `{ meetings: [ { slotId, table, buyerId, exhibitorId, weight } ], unscheduled: [ … ] }`.
const schedule: Schedule = {
  meetings: [
    { slotId: 's1', table: 7, buyerId: 'b1', exhibitorId: 'e1', weight: 10 },
    { slotId: 's2', table: 7, buyerId: 'b1', exhibitorId: 'e2', weight: 4 },
    { slotId: 's2', table: 3, buyerId: 'b2', exhibitorId: 'e1', weight: 3 },
  ],
  unscheduled: [{ buyerId: 'b2', exhibitorId: 'e2', weight: 1, reason: 'no common free slot' }],
};

describe('the fair schedule grid', () => {
  it('has a row per slot in time order and a column per table in use', () => {
    const grid = buildGrid(fair, schedule);
    expect(grid.slots.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(grid.tables).toEqual([3, 7]);
    expect(grid.cell('s2', 3)).toMatchObject({ buyerId: 'b2', exhibitorId: 'e1' });
    expect(grid.cell('s3', 7)).toBeUndefined();
  });

  it('gives each participant its meetings in time order', () => {
    const grid = buildGrid(fair, schedule);
    expect(agendaOf(grid, 'e1').map(({ slot, meeting }) => [slot.id, meeting.table])).toEqual([
      ['s1', 7],
      ['s2', 3],
    ]);
    expect(agendaOf(grid, 'b1').map(({ meeting }) => meeting.exhibitorId)).toEqual(['e1', 'e2']);
  });

  it('works from the schedule alone when the fair gives no slot times', () => {
    const grid = buildGrid(undefined, schedule);
    expect(grid.slots.map((s) => s.id)).toEqual(['s1', 's2']);
  });

  it('renders names, local times and the selected participant’s meetings', () => {
    const html = renderToStaticMarkup(
      <I18nProvider lang="vi">
        <FairGrid fair={fair} schedule={schedule} selected="e1" />
      </I18nProvider>,
    );
    expect(html).toContain('Lịch gặp: 3 khung giờ × 2 bàn');
    expect(html).toContain('Bàn 7');
    expect(html).toContain('Canon Vietnam');
    expect(html).toContain('08:30');
    expect(html.match(/class="mine"/g)).toHaveLength(2);
    // A participant the fair does not name shows by id.
    expect(html).toContain('b2');
  });

  it('says so when nothing is scheduled', () => {
    const html = renderToStaticMarkup(
      <I18nProvider lang="en">
        <FairGrid schedule={{ meetings: [], unscheduled: [] }} />
      </I18nProvider>,
    );
    expect(html).toContain('No meetings scheduled yet.');
  });
});
