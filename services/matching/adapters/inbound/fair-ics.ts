/**
 * A participant's agenda as an iCalendar file (RFC 5545) through ical-generator: one VEVENT per
 * meeting, times in UTC, LOCATION = the table (and venue). The UID is the fair and the pair, so a
 * meeting a top-up moves to another slot updates the same event in the participant's calendar.
 * Its words are in one language, Vietnamese unless English is asked for (`?lang=en`).
 */
import ical from 'ical-generator';
import type { Lang } from '../../../../shared/i18n/localized.ts';
import { say, wordFor } from '../../../../shared/i18n/messages.ts';
import type { Agenda } from '../../app/fair-schedule.ts';

export function agendaIcs(agenda: Agenda, now: Date, lang: Lang = 'vi'): string {
  const cal = ical({
    name: `${agenda.fair.name} — ${agenda.participant.name}`,
    prodId: { company: 'sme-support', product: 'trade-fairs', language: lang.toUpperCase() },
  });
  const me = agenda.participant;
  for (const m of agenda.meetings) {
    const [buyerId, exhibitorId] =
      agenda.participant.role === 'buyer' ? [agenda.participant.id, m.with.id] : [m.with.id, agenda.participant.id];
    cal.createEvent({
      id: `${agenda.fair.id}.${buyerId}.${exhibitorId}@sme-support`,
      stamp: now,
      start: new Date(m.startsAt),
      end: new Date(m.endsAt),
      summary: say('agenda.summary', { with: m.with.name })[lang],
      location: `${say('agenda.table', { n: m.table })[lang]}${agenda.fair.venue ? `, ${agenda.fair.venue}` : ''}`,
      description: say('agenda.description', {
        fair: agenda.fair.name,
        slot: m.slotId,
        participant: me.name,
        role: wordFor('role', me.role),
        with: m.with.name,
        withRole: wordFor('role', m.with.role),
      })[lang],
    });
  }
  return cal.toString();
}
