import { UnauthorizedError } from '../../../../shared/errors.ts';
import { httpHandler } from '../../../../shared/http/handler.ts';
import { ingestEvents } from '../../app/ingest-events.ts';
import type { RegistryDeps, WebhookSecret } from '../../app/ports.ts';
import { REGISTRY } from '../../config.ts';
import { verifySignature } from '../../domain/signature.ts';
import { routes } from '../../routes.ts';

/** 500 events of a few KB each, with room to spare; API Gateway's own cap is 10 MB. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

export const makePostEventsHandler = (deps: RegistryDeps, secret: WebhookSecret) =>
  httpHandler(
    REGISTRY,
    routes.postEvents,
    async (req) => {
      const body = req.body as { events?: unknown[] };
      const events = Array.isArray(body.events) ? body.events : [body];
      const summary = await ingestEvents(deps, events);
      return { status: 202, body: summary };
    },
    {
      maxBodyBytes: MAX_BODY_BYTES,
      verify: async (headers, rawBody) => {
        const check = verifySignature(await secret.get(), { timestamp: headers['x-registry-timestamp'], signature: headers['x-registry-signature'] }, rawBody, deps.now());
        if (!check.ok) throw new UnauthorizedError(`The request is not signed by the registry: ${check.reason}`);
      },
    },
  );
