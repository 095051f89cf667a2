/**
 * The `person-refs` internal function: personal-id hashes in, the registry's person refs out, in
 * order (shared/contracts/person-refs.ts). Invoked by other services' functions (manifest
 * `invokedBy`); the key never leaves the registry. A malformed request fails the invocation (the
 * caller sees a function error), with the field list and never the hashes in the log.
 */
import { personRefsRequest, type PersonRefsResponse } from '../../../../shared/contracts/person-refs.ts';
import { ValidationError } from '../../../../shared/errors.ts';
import type { PersonRefKey } from '../../app/ports.ts';

export function makePersonRefsHandler(key: PersonRefKey) {
  return async (event: unknown): Promise<PersonRefsResponse> => {
    const parsed = personRefsRequest.safeParse(event);
    if (!parsed.success) {
      throw new ValidationError('Not a person-refs request', {
        errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const refOf = await key.refOf();
    return { refs: parsed.data.hashes.map(refOf) };
  };
}
