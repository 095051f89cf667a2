/**
 * The registry's person-ref key: a generated, retained secret in the stateful stack, readable
 * (GetSecretValue on its own ARN, nothing else) by exactly the functions that make person refs — the
 * feed handler, the import-chunk consumer and the person-refs internal function other services
 * invoke — and by no other function of any service.
 */
import { describe, expect, it } from 'vitest';
import { PERSON_REF_KEY_ENV, WEBHOOK_SECRET_ENV } from '../../infra/constructs/service.ts';
import { actionsOf, importedIds, logicalId, resourceOf, statementsOf, synthesize } from './synth.ts';

const { stateful, stateless, statefulTemplate, statelessTemplate } = synthesize();
const keyId = logicalId(stateful.personRefKey);
const allFunctions = [...stateless.services.entries()].flatMap(([service, s]) =>
  [...s.functions.entries()].map(([id, fn]) => [`${service}/${id}`, fn] as const),
);
const onKey = (fn: (typeof allFunctions)[number][1]) =>
  statementsOf(statelessTemplate, fn).filter((s) => importedIds(s.Resource, statefulTemplate).has(keyId));

/**
 * The functions that make person refs: the feed and the import (profiles' people), the internal
 * function other services invoke, and enterprises online's links — linking a person (is the
 * asserted citizen-id hash the legal representative's?) and approving or revoking a delegation
 * (is the caller that legal representative?).
 */
const MAKERS = [
  'registry/ConsumerImportChunks',
  'registry/DeleteEnterprisesTaxCodeDelegationsSub',
  'registry/FunctionPersonRefs',
  'registry/PostEnterprisesTaxCodeDelegationsSub',
  'registry/PostMeEnterprises',
  'registry/PostRegistryEvents',
];

describe('the registry person-ref key', () => {
  it('is generated, named with the stage and retained', () => {
    const secret = resourceOf(statefulTemplate, stateful.personRefKey);
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.Properties.Name).toBe('registry/person-ref-key-test');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(keyId).not.toBe(logicalId(stateful.webhookSecret));
  });

  it('is readable by the functions that make person refs only', () => {
    const readers = allFunctions.filter(([, fn]) => onKey(fn).length > 0).map(([id]) => id);
    expect(readers.sort()).toEqual(MAKERS);
  });

  it('may only be read, by the ARN the handler is given: GetSecretValue and nothing else', () => {
    for (const [id, fn] of allFunctions.filter(([, fn]) => onKey(fn).length > 0)) {
      const env = resourceOf(statelessTemplate, fn.fn).Properties.Environment.Variables;
      // CDK merges it with the webhook secret's statement where a function reads both (the feed).
      const secrets = [env[PERSON_REF_KEY_ENV], ...(env[WEBHOOK_SECRET_ENV] ? [env[WEBHOOK_SECRET_ENV]] : [])];
      const statements = onKey(fn);
      expect(statements, id).toHaveLength(1);
      expect([statements[0]!.Effect, actionsOf(statements[0]!)], id).toEqual(['Allow', ['secretsmanager:GetSecretValue']]);
      const resources = [statements[0]!.Resource].flat();
      expect(resources, id).toContainEqual(env[PERSON_REF_KEY_ENV]);
      expect(resources.length, id).toBe(secrets.length);
      for (const r of resources) expect(secrets, id).toContainEqual(r);
    }
  });

  it('is named to no other function', () => {
    const named = allFunctions
      .filter(([, fn]) => PERSON_REF_KEY_ENV in (resourceOf(statelessTemplate, fn.fn).Properties.Environment?.Variables ?? {}))
      .map(([id]) => id);
    expect(named.sort()).toEqual(MAKERS);
  });
});
