/** Scoring's queue consumers: programmes, submitted, answered (re-scored) and withdrawn applications, registry changes, intake's answers to selections. */
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import type { EnterpriseSnapshot } from '../../../../shared/contracts/enterprise.ts';
import type { ProgrammeChanged } from '../../../../shared/contracts/programme.ts';
import type { SelectionApplied } from '../../../../shared/contracts/scoring.ts';
import { eventConsumer } from '../../../../shared/messaging/consumer.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { recordEnterprise } from '../../app/enterprises.ts';
import type { ScoringDeps } from '../../app/ports.ts';
import { recordProgramme } from '../../app/programmes.ts';
import { rescoreAnswered, type SupplementAnsweredData } from '../../app/rescoring.ts';
import { scoreSubmitted, type SubmittedData } from '../../app/scoring.ts';
import { recordSelectionApplied } from '../../app/selections.ts';
import { recordWithdrawal, type WithdrawnData } from '../../app/withdrawals.ts';
import { SCORING } from '../../config.ts';

const logger = loggerFor(SCORING);

export const makeSubmissionsHandler = (deps: ScoringDeps) =>
  eventConsumer(SCORING, {
    'application.submitted': async (event) => {
      const outcome = await scoreSubmitted(deps, event as Envelope<SubmittedData>);
      if (outcome === 'duplicate') logger.info('application already scored; message ignored', { eventId: event.id });
    },
    'application.withdrawn': async (event) => {
      const outcome = await recordWithdrawal(deps, event as Envelope<WithdrawnData>);
      if (outcome !== 'withdrawn') logger.info('withdrawal changes nothing here', { eventId: event.id, outcome });
    },
    'application.supplement-answered': async (event) => {
      const outcome = await rescoreAnswered(deps, event as Envelope<SupplementAnsweredData>);
      if (outcome !== 'rescored' && outcome !== 'awaiting-review' && outcome !== 'scored')
        logger.info('supplement answer changes no score', { eventId: event.id, outcome });
    },
  });

export const makeProgrammesHandler = (deps: ScoringDeps) =>
  eventConsumer(SCORING, {
    'programme.changed': async (event) => {
      const outcome = await recordProgramme(deps, event as Envelope<ProgrammeChanged>);
      if (outcome !== 'recorded') logger.info('programme announcement changes nothing here', { eventId: event.id, outcome });
    },
  });

export function makeRegistryEventsHandler(deps: ScoringDeps) {
  const record = async (event: Envelope) => {
    const r = await recordEnterprise(deps, event as Envelope<EnterpriseSnapshot>);
    if (r.unassigned || r.leftForReviewTime) logger.warn('registry change: conflicts of interest rechecked', { eventId: event.id, ...r });
  };
  return eventConsumer(SCORING, { 'enterprise.registered': record, 'enterprise.changed': record, 'enterprise.closed': record });
}

export const makeSelectionResultsHandler = (deps: ScoringDeps) =>
  eventConsumer(SCORING, {
    'selection.applied': async (event) => void (await recordSelectionApplied(deps, event as Envelope<SelectionApplied>)),
  });
