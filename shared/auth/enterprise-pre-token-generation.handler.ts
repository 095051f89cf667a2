import { loggerFor } from '../observability.ts';
import { enterpriseClaimsFromAttributes } from './enterprise-claims.ts';
import { makePreTokenGenerationHandler } from './pre-token-generation.ts';

const logger = loggerFor('auth');

export const handler = makePreTokenGenerationHandler(
  { warn: (message, details) => logger.warn(message, details) },
  enterpriseClaimsFromAttributes,
);
