/**
 * Programmes as scoring learns them from intake (`programme.changed`): which programmes exist and
 * which agency owns each — whose staff set its panel, run its selections and read its scores. No
 * caller's word is taken for it: a programme scoring has not been told of is unknown (404) to
 * everyone until intake announces it (every create and change, and once each programme that
 * existed before the event did).
 *
 * Idempotent and order-proof: a version not newer than the one recorded changes nothing. An owner
 * that applications have shown is final (intake hands no programme with applications to another
 * agency). A hand-over to another agency before any application discards the panel set under the
 * former owner (recorded as `voidedPanel`).
 */
import type { Envelope } from '../../../shared/contracts/envelope.ts';
import type { ProgrammeChanged } from '../../../shared/contracts/programme.ts';
import type { ProgrammeRecord, ScoringDeps } from './ports.ts';
import { retryOnConflict, withOwner } from './scoring.ts';

export type ProgrammeOutcome = 'recorded' | 'stale' | 'duplicate';

export async function recordProgramme(deps: ScoringDeps, event: Envelope<ProgrammeChanged>): Promise<ProgrammeOutcome> {
  const d = event.data;
  return retryOnConflict(async () => {
    const known = await deps.repo.getProgramme(d.programmeId);
    if (known?.announcedVersion !== undefined && known.announcedVersion >= d.version) return 'stale';
    const at = deps.now().toISOString();
    let next: ProgrammeRecord;
    if (!known) {
      next = {
        programmeId: d.programmeId,
        programmeCode: d.code,
        ownerAgency: d.ownerAgency,
        ownerKnownFrom: 'programme-events',
        announcedVersion: d.version,
        loads: {},
        selections: [],
        version: 1,
      };
    } else {
      const fixed = known.ownerKnownFrom === 'applications';
      next = {
        ...(fixed ? known : withOwner(known, d.ownerAgency, at)),
        programmeCode: d.code,
        ownerKnownFrom: fixed ? 'applications' : 'programme-events',
        announcedVersion: d.version,
        version: known.version + 1,
      };
    }
    const result = await deps.repo.commit({ messageId: event.id, programme: { next, expectedVersion: known?.version ?? null } });
    return result === 'duplicate' ? 'duplicate' : 'recorded';
  });
}
