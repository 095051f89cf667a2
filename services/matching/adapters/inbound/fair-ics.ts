/**
 * A participant's agenda as an iCalendar file (RFC 5545) through ical-generator: one VEVENT per
 * meeting, times in UTC, LOCATION = the table (and venue). The UID is the fair and the pair, so a
 * meeting a top-up moves to another slot updates the same event in the participant's calendar.
 */
import ical from 'ical-generator';
import type { Agenda } from '../../app/fair-schedule.ts';

export function agendaIcs(agenda: Agenda, now: Date): string {
  const cal = ical({
    name: `${agenda.fair.name} — ${agenda.participant.name}`,
    prodId: { company: 'sme-support', product: 'trade-fairs', language: 'EN' },
  });
  for (const m of agenda.meetings) {
    const [buyerId, exhibitorId] =
      agenda.participant.role === 'buyer' ? [agenda.participant.id, m.with.id] : [m.with.id, agenda.participant.id];
    cal.createEvent({
      id: `${agenda.fair.id}.${buyerId}.${exhibitorId}@sme-support`,
      stamp: now,
      start: new Date(m.startsAt),
      end: new Date(m.endsAt),
      summary: `B2B meeting: ${m.with.name}`,
      location: `Table ${m.table}${agenda.fair.venue ? `, ${agenda.fair.venue}` : ''}`,
      description: `${agenda.fair.name}, slot ${m.slotId}: ${agenda.participant.name} (${agenda.participant.role}) meets ${m.with.name} (${m.with.role}).`,
    });
  }
  return cal.toString();
}
