/**
 * The registry's `person-refs` internal function (services/registry manifest `functions`): other
 * services hand it personal-id hashes (SHA-256 of a 12-digit citizen id, as the registry feed
 * carries them) and get back the registry's person refs (services/registry/domain/person-ref.ts),
 * in the same order. Only the registry holds the key that makes a ref, so the same person has the
 * same ref in every service, and a ref cannot be reversed by hashing the id space. Callers keep
 * the refs and drop the hashes. Not an event: a synchronous Lambda invocation.
 */
import * as z from 'zod';

/** Hashes one invocation takes (an attendance list's page). */
export const MAX_PERSON_REF_HASHES = 1_000;

/** A personal-id hash as received: 64 lower-case hex digits. */
export const personIdHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the personal id, 64 lower-case hex digits');

export const personRefsRequest = z.strictObject({
  hashes: z.array(personIdHashSchema).min(1).max(MAX_PERSON_REF_HASHES),
});

export const personRefsResponse = z.strictObject({
  refs: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(MAX_PERSON_REF_HASHES),
});

export type PersonRefsRequest = z.infer<typeof personRefsRequest>;
export type PersonRefsResponse = z.infer<typeof personRefsResponse>;

/** The internal function's reference, as a manifest's `invokes` names it. */
export const PERSON_REFS_FUNCTION = 'registry/person-refs';
