import { z } from 'zod';
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
    }),
  ),
);

export const config = once(() => {
  const e = env() as Record<string, string>;
  return {
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
