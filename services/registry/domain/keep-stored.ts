/**
 * A snapshot row carries what its format has columns for: a CSV snapshot has no owners, and may
 * leave the representative's id or the other VSIC codes empty. Such absent fields keep the stored
 * profile's values instead of wiping them — the rest of the row replaces the profile as usual,
 * under the same revision rule.
 */
import type { AbsentField } from '../app/ports.ts';
import type { Enterprise } from './enterprise.ts';
import type { RegistryEvent } from './registry-event.ts';

export function keepStoredFields(event: RegistryEvent, keep: readonly AbsentField[] | undefined, stored: Enterprise | undefined): RegistryEvent {
  if (!stored || !keep || keep.length === 0) return event;
  const e = { ...event.enterprise };
  for (const field of keep) {
    switch (field) {
      case 'owners':
        e.owners = stored.owners ?? [];
        break;
      case 'legalRepresentative.personalIdHash':
        // Only the same person's id: a new representative without an id has none on record.
        if (stored.legalRepresentative?.name === e.legalRepresentative.name && stored.legalRepresentative.personalIdHash !== undefined) {
          e.legalRepresentative = { ...e.legalRepresentative, personalIdHash: stored.legalRepresentative.personalIdHash };
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
  return { ...event, enterprise: e };
}
