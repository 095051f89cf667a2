import path from 'node:path';

/** The repository root: NodejsFunction's project root and where the lock file lives. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** The outbox relay is platform code shared by every service that publishes events. */
export const RELAY_ENTRY = path.join(REPO_ROOT, 'shared/outbox/relay.handler.ts');

/** The Cognito pre-token-generation trigger: copies user attributes into access-token claims. */
export const PRE_TOKEN_GENERATION_ENTRY = path.join(REPO_ROOT, 'shared/auth/pre-token-generation.handler.ts');

/** The enterprises' pool's pre-token-generation trigger: the provider's assertions into access-token claims. */
export const ENTERPRISE_PRE_TOKEN_GENERATION_ENTRY = path.join(REPO_ROOT, 'shared/auth/enterprise-pre-token-generation.handler.ts');

/** The API's Lambda authorizer for routes enterprise users may call: accepts both user pools. */
export const AUTHORIZER_ENTRY = path.join(REPO_ROOT, 'shared/auth/authorizer.handler.ts');

/** Trims a bundle's source map to our own sources: run by every function's afterBundling hook. */
export const SOURCE_MAP_SCRIPT = path.join(REPO_ROOT, 'infra/source-map.ts');
