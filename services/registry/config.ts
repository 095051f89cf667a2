import * as z from 'zod';
import { once, parseEnv, required } from '../../shared/config.ts';
import { envNames } from '../../shared/manifest.ts';
import { routesJson } from '../../shared/outbox/relay.ts';

export const REGISTRY = 'registry';

const env = once(() =>
  parseEnv(
    z.object({
      [envNames.table(REGISTRY, 'enterprises')]: required(),
      [envNames.table(REGISTRY, 'imports')]: required(),
      [envNames.bucket]: required(),
      [envNames.consumerQueueUrl(REGISTRY, 'import-chunks')]: required(),
      [envNames.consumerQueueUrl(REGISTRY, 'import-files')]: required(),
      // How long an import may make no progress before the sweep resumes it (default 10 minutes).
      REGISTRY_IMPORT_STALL_SECONDS: z.coerce.number().int().min(10).max(86_400).optional(),
      // Local test runs only (never set by the CDK): rows whose eventId starts with "fault:" make
      // their chunk fail every attempt, to exercise the dead-letter path end to end.
      REGISTRY_IMPORT_TEST_FAULTS: z.enum(['on', 'off']).default('off'),
    }),
  ),
);

export const config = once(() => {
  const e = env() as Record<string, string>;
  const stall = (env() as Record<string, unknown>).REGISTRY_IMPORT_STALL_SECONDS as number | undefined;
  return {
    readQueueUrl: e[envNames.consumerQueueUrl(REGISTRY, 'import-files')]!,
    importStallMs: stall === undefined ? undefined : stall * 1000,
    importTestFaults: e.REGISTRY_IMPORT_TEST_FAULTS === 'on',
    enterprisesTable: e[envNames.table(REGISTRY, 'enterprises')]!,
    importsTable: e[envNames.table(REGISTRY, 'imports')]!,
    bucket: e[envNames.bucket]!,
    chunkQueueUrl: e[envNames.consumerQueueUrl(REGISTRY, 'import-chunks')]!,
  };
});

/** Only the change consumer publishes, so only it needs the routes. */
export const eventRoutes = once(() => {
  const name = envNames.eventRoutes(REGISTRY);
  return (parseEnv(z.object({ [name]: routesJson() })) as Record<string, Record<string, string[]>>)[name]!;
});

/**
 * The webhook's HMAC secret: in AWS its Secrets Manager ARN, locally the secret itself in
 * REGISTRY_WEBHOOK_SECRET (the local runtime sets a default the README states). One is required.
 */
export const webhookSecretSource = once(() => {
  const e = parseEnv(
    z
      .object({ [envNames.webhookSecretArn]: z.string().min(1).optional(), REGISTRY_WEBHOOK_SECRET: z.string().min(16).optional() })
      .refine((v) => v[envNames.webhookSecretArn] || v.REGISTRY_WEBHOOK_SECRET, {
        message: `set ${envNames.webhookSecretArn} (AWS) or REGISTRY_WEBHOOK_SECRET (local)`,
      }),
  ) as Record<string, string | undefined>;
  const arn = e[envNames.webhookSecretArn];
  const value = e.REGISTRY_WEBHOOK_SECRET;
  return arn ? ({ kind: 'aws', arn } as const) : ({ kind: 'local', value: value! } as const);
});

/**
 * The key person refs are made with (domain/person-ref.ts): in AWS its Secrets Manager ARN, locally
 * the key itself in REGISTRY_PERSON_REF_KEY (the local runtime sets a default the README states).
 * Read only when a function stores people, so functions that never do need neither.
 */
export const personRefKeySource = once(() => {
  const e = parseEnv(
    z
      .object({ [envNames.personRefKeyArn]: z.string().min(1).optional(), REGISTRY_PERSON_REF_KEY: z.string().min(16).optional() })
      .refine((v) => v[envNames.personRefKeyArn] || v.REGISTRY_PERSON_REF_KEY, {
        message: `set ${envNames.personRefKeyArn} (AWS) or REGISTRY_PERSON_REF_KEY (local)`,
      }),
  ) as Record<string, string | undefined>;
  const arn = e[envNames.personRefKeyArn];
  const value = e.REGISTRY_PERSON_REF_KEY;
  return arn ? ({ kind: 'aws', arn } as const) : ({ kind: 'local', value: value! } as const);
});
