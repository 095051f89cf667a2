/**
 * The trade fairs' queue consumers: the run queue executes a schedule run (`fair.run-requested`,
 * from the outbox of `POST /fairs/{id}/schedule-runs`), its dead-letter queue settles a run whose
 * every attempt was used up (killed or failing), and the meetings queue records a finished run's
 * meetings in the funnel (`fair.scheduled`). All are idempotent: a finished run is not run or
 * failed again, and a match already past a step is left alone. The `fair-run-sweep` schedule fails
 * the runs past their deadline; the `fair-meetings-held` schedule records `met` for the meetings
 * that took place.
 */
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { DEFAULT_TIMEOUT_SECONDS } from '../../../../shared/manifest.ts';
import { eventConsumer } from '../../../../shared/messaging/consumer.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import type { FairDeps } from '../../app/fair-ports.ts';
import { recordFairMeetings, recordHeldMeetings } from '../../app/fair-funnel.ts';
import { executeRun, failDeadRun, failOverdueRuns, noteRunError } from '../../app/fair-runs.ts';
import { MATCHING } from '../../config.ts';
import { manifest } from '../../manifest.ts';

const logger = loggerFor(MATCHING);
const RUNS = manifest.consumers.find((c) => c.name === 'fair-runs')!;
/** What a run's failure reason says of the time limit an attempt was stopped at. */
const ATTEMPT = { timeoutSeconds: RUNS.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS };

type RunIds = { fairId: string; runId: string };

export const makeFairRunsHandler = (deps: FairDeps) =>
  eventConsumer(MATCHING, {
    'fair.run-requested': async (event) => {
      const { fairId, runId } = (event as Envelope<RunIds>).data;
      try {
        const outcome = await executeRun(deps, { fairId, runId });
        logger.info('fair schedule run handled', { fairId, runId, outcome });
      } catch (error) {
        // Kept on the run for its dead letter's reason; the queue retries, then the DLQ's consumer fails it.
        await noteRunError(deps, { fairId, runId }, error).catch((e: unknown) => logger.warn('run error not noted', { error: e as Error }));
        throw error;
      }
    },
  });

/** The run queue's DLQ (ConsumerSpec.deadLetters): a run whose attempts are used up is failed with why. */
export const makeFairRunDeadLettersHandler = (deps: FairDeps) =>
  eventConsumer(MATCHING, {
    'fair.run-requested': async (event) => {
      const { fairId, runId } = (event as Envelope<RunIds>).data;
      const outcome = await failDeadRun(deps, { fairId, runId }, ATTEMPT);
      logger.info('fair schedule run dead letter settled', { fairId, runId, outcome });
    },
  });

/** The `fair-run-sweep` schedule: runs past their deadline fail with why. */
export const makeFairRunSweepHandler = (deps: FairDeps) => async (): Promise<{ failed: number }> => {
  const failed = await failOverdueRuns(deps, ATTEMPT);
  logger.info('fair runs swept', { failed });
  return { failed };
};

export const makeFairMeetingsHandler = (deps: FairDeps) =>
  eventConsumer(MATCHING, {
    'fair.scheduled': async (event) => {
      const { fairId, runId } = (event as Envelope<RunIds>).data;
      const changed = await recordFairMeetings(deps, { fairId, runId });
      logger.info('fair meetings recorded in the funnel', { fairId, runId, matchesChanged: changed });
    },
  });

/** The `fair-meetings-held` schedule: the fair's agency records `met` for meetings that took place. */
export const makeFairMeetingsHeldHandler = (deps: FairDeps) => async (): Promise<{ movedToMet: number }> => {
  const moved = await recordHeldMeetings(deps);
  logger.info('fair meetings held', { movedToMet: moved });
  return { movedToMet: moved };
};
