/**
 * The trade fairs' queue consumers: the run queue executes a schedule run (`fair.run-requested`,
 * from the outbox of `POST /fairs/{id}/schedule-runs`), and the meetings queue moves matches to
 * `met` when a run finishes (`fair.scheduled`). Both are idempotent: a finished run is not run
 * again, and a match already at `met` or beyond is left alone.
 */
import type { Envelope } from '../../../../shared/contracts/envelope.ts';
import { eventConsumer } from '../../../../shared/messaging/consumer.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import type { FairDeps } from '../../app/fair-ports.ts';
import { executeRun, recordFairMeetings } from '../../app/fair-runs.ts';
import { MATCHING } from '../../config.ts';
import { manifest } from '../../manifest.ts';

const logger = loggerFor(MATCHING);
const RUN_ATTEMPTS = manifest.consumers.find((c) => c.name === 'fair-runs')!.maxReceiveCount;

type RunIds = { fairId: string; runId: string };

export const makeFairRunsHandler = (deps: FairDeps) =>
  eventConsumer(MATCHING, {
    'fair.run-requested': async (event, ctx) => {
      const { fairId, runId } = (event as Envelope<RunIds>).data;
      try {
        const outcome = await executeRun(deps, { fairId, runId });
        logger.info('fair schedule run handled', { fairId, runId, outcome });
      } catch (error) {
        // The last attempt: the message goes to the DLQ; the run says it failed rather than stay "running".
        if (ctx.receiveCount >= RUN_ATTEMPTS) {
          await deps.fairs.failRun(
            fairId,
            runId,
            `the run failed ${RUN_ATTEMPTS} times; its request is in the DLQ`,
            deps.now().toISOString(),
          );
        }
        throw error;
      }
    },
  });

export const makeFairMeetingsHandler = (deps: FairDeps) =>
  eventConsumer(MATCHING, {
    'fair.scheduled': async (event) => {
      const { fairId, runId } = (event as Envelope<RunIds>).data;
      const moved = await recordFairMeetings(deps, { fairId, runId });
      logger.info('fair meetings recorded in the funnel', { fairId, runId, movedToMet: moved });
    },
  });
