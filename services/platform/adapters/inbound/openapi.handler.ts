import { httpHandler } from '../../../../shared/http/handler.ts';
import { buildOpenApi } from '../../../../shared/http/openapi.ts';
import { services } from '../../../index.ts';
import { PLATFORM } from '../../manifest.ts';
import { routes } from '../../routes.ts';

// Built once per cold start: the document only changes with a deploy.
const document = buildOpenApi(services, { version: '1.0.0' });

export const handler = httpHandler(PLATFORM, routes.openapi, async () => ({ status: 200, body: document }));
