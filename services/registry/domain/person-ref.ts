/**
 * Person refs: what the registry keeps instead of a person's `personalIdHash`. The registry sends
 * a plain SHA-256 of the 12-digit citizen id, which anyone can reverse by hashing the whole id
 * space (10^12 ids, hours on one GPU). A ref is HMAC-SHA256 under a key only the registry service
 * holds, so it cannot be enumerated without the key, yet the same person always gets the same ref
 * and services can still tell that two enterprises share an owner.
 */
import { createHmac } from 'node:crypto';
import type { EnterpriseState } from './registry-event.ts';

/** Received personalIdHash → person ref (64 hex digits). */
export type PersonRefOf = (personalIdHash: string) => string;

export const personRefOf =
  (key: string): PersonRefOf =>
  (personalIdHash) =>
    createHmac('sha256', key).update(personalIdHash).digest('hex');

type ReceivedPerson = EnterpriseState['legalRepresentative'];

/** A person as stored: the name, and the ref instead of the received hash (null: an owner that is an enterprise). */
export interface StoredPerson {
  name: string;
  personRef?: string | null;
}

export function storedPerson<P extends ReceivedPerson>(p: P, refOf: PersonRefOf): Omit<P, 'personalIdHash'> & StoredPerson {
  const { personalIdHash, ...rest } = p;
  if (personalIdHash === undefined) return rest;
  return { ...rest, personRef: personalIdHash === null ? null : refOf(personalIdHash) };
}
