import { ThrottledError, toProblem, UnauthorizedError } from '../../../../shared/errors.ts';
import { Admission } from '../../../../shared/http/admission.ts';
import { httpHandler } from '../../../../shared/http/handler.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { ingestEvents } from '../../app/ingest-events.ts';
import type { RegistryDeps, WebhookSecret } from '../../app/ports.ts';
import { REGISTRY } from '../../config.ts';
import { verifySignature } from '../../domain/signature.ts';
import { routes } from '../../routes.ts';

/** 500 events of a few KB each, with room to spare; API Gateway's own cap is 10 MB. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

/**
 * Before anything is measured: pessimistic (50 events/s), so a cold function admits about two
 * 100-event batches at once until it has learnt the store's real rate from the first answers.
 */
const INITIAL_MS_PER_EVENT = 20;

const logger = loggerFor(REGISTRY);

export const makePostEventsHandler = (deps: RegistryDeps, secret: WebhookSecret, admission = feedAdmission()) =>
  httpHandler(
    REGISTRY,
    routes.postEvents,
    async (req) => {
      const body = req.body as { events?: unknown[] };
      const events = Array.isArray(body.events) ? body.events : [body];
      // Shed before any write: a refused request stores nothing, so the registry simply resends it.
      const decision = admission.admit(req.event.requestContext.timeEpoch, events.length);
      if (!decision.admitted) {
        logger.info('feed request shed', { reason: decision.reason, retryAfterSeconds: decision.retryAfterSeconds });
        const after = decision.retryAfterSeconds;
        const problem = toProblem(
          new ThrottledError(`The feed is busy: nothing was stored; send the batch again after ${after} s`),
          req.requestId,
        );
        return { status: 429, body: problem, headers: { 'content-type': 'application/problem+json', 'retry-after': String(after) } };
      }
      try {
        const summary = await ingestEvents(deps, events);
        return { status: 202, body: summary };
      } finally {
        decision.done();
      }
    },
    {
      maxBodyBytes: MAX_BODY_BYTES,
      verify: async (headers, rawBody) => {
        const check = verifySignature(
          await secret.get(),
          { timestamp: headers['x-registry-timestamp'], signature: headers['x-registry-signature'] },
          rawBody,
          deps.now(),
        );
        if (!check.ok) throw new UnauthorizedError(`The request is not signed by the registry: ${check.reason}`);
      },
    },
  );

function feedAdmission(): Admission {
  const shedding = routes.postEvents.shedding;
  return new Admission({
    deadlineMs: shedding.deadlineSeconds * 1000,
    initialMsPerUnit: INITIAL_MS_PER_EVENT,
    // One of the function's slots stays free for answering refusals (locally they queue for a slot).
    maxInFlightRequests: Math.max(1, shedding.concurrency - 1),
  });
}
