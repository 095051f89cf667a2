/**
 * A snapshot row carries what its format has columns for: a CSV snapshot has no owners, and may
 * leave the representative's id or the other VSIC codes empty. Such absent fields keep the stored
 * profile's values instead of wiping them — the rest of the row replaces the profile as usual,
 * under the same revision rule.
 */
import type { AbsentField } from '../app/ports.ts';
import type { Enterprise } from './enterprise.ts';

/**
 * Works on the profile the row sets (person refs already in place), so values kept from the stored
 * profile — themselves refs — are never re-keyed a second time.
 */
export function keepStoredFields(
  profile: Enterprise,
  keep: readonly AbsentField[] | undefined,
  stored: Enterprise | undefined,
): Enterprise {
  if (!stored || !keep || keep.length === 0) return profile;
  const e = { ...profile };
  for (const field of keep) {
    switch (field) {
      case 'owners':
        e.owners = stored.owners ?? [];
        break;
      case 'legalRepresentative.personalIdHash':
        // Only the same person's id: a new representative without an id has none on record.
        if (stored.legalRepresentative?.name === e.legalRepresentative.name && stored.legalRepresentative.personRef !== undefined) {
          e.legalRepresentative = { ...e.legalRepresentative, personRef: stored.legalRepresentative.personRef };
        }
        break;
      case 'householdTaxCode':
        if (stored.householdTaxCode !== undefined) e.householdTaxCode = stored.householdTaxCode;
        break;
      case 'vsic.others':
        // Codes of another VSIC version mean something else: kept only within the same version.
        if (stored.vsic?.version === e.vsic.version) e.vsic = { ...e.vsic, others: stored.vsic.others };
        break;
    }
  }
  return e;
}
