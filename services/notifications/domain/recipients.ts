/**
 * Who a message about an enterprise goes to: the application's contact e-mail, then the accounts
 * of the people linked to the enterprise (enterprises online, domain.md §9), each address once
 * whatever its case. The contact is written to in the application's language; a linked person in
 * their own when known, else the application's; Vietnamese when neither says.
 */
import { DEFAULT_LANGUAGE, type MailLanguage } from './language.ts';

export interface Recipient {
  email: string;
  language: MailLanguage;
}

export interface KnownAddress {
  email: string;
  language?: MailLanguage | undefined;
}

/** A message goes to at most this many addresses (a contact and the people acting for the enterprise). */
export const MAX_RECIPIENTS = 10;

export function resolveRecipients(contacts: readonly KnownAddress[], accounts: readonly KnownAddress[]): Recipient[] {
  const seen = new Set<string>();
  const out: Recipient[] = [];
  const fallback = contacts.find((c) => c.language)?.language ?? DEFAULT_LANGUAGE;
  for (const a of [...contacts, ...accounts]) {
    const key = a.email.trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({ email: a.email.trim(), language: a.language ?? fallback });
    if (out.length === MAX_RECIPIENTS) break;
  }
  return out;
}
