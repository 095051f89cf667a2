/**
 * What a plan's targets may name as their measures: the quantities reporting counts (DESIGN-19 §1,
 * "measures"), each with its unit. A target counts only measures of its own unit — a people measure
 * on an enterprises target would add unlike things.
 *
 * The catalogue is reporting's (shared/reference/measures.ts on the reporting branch); planning
 * keeps the ids and units it validates against here, and should read that catalogue once both land.
 */
import type { TargetUnit } from '../../../shared/contracts/planning.ts';
import { contentById, SUPPORT_CONTENTS } from '../../../shared/reference/support-contents.ts';

export const MEASURE_UNITS: Readonly<Record<string, TargetUnit>> = {
  'direct-support': 'enterprises',
  'indirect-support': 'enterprises',
  'new-enterprises': 'enterprises',
  'household-conversions': 'enterprises',
  'workers-trained': 'people',
  'ceos-trained': 'people',
  conferences: 'events',
  publications: 'publications',
  'conformity-bodies': 'organisations',
  'certified-experts': 'people',
  'cnht-connection': 'participations',
  'direct-suppliers': 'enterprises',
  'key-products': 'participations',
};

const GROUPS = new Set<string>(SUPPORT_CONTENTS.map((c) => c.group));

/** The unit a measure counts in, or undefined for an id that names no measure. */
export function measureUnit(id: string): TargetUnit | undefined {
  if (id.startsWith('content:')) return contentById(id.slice('content:'.length)) ? 'enterprises' : undefined;
  if (id.startsWith('content-group:')) return GROUPS.has(id.slice('content-group:'.length)) ? 'enterprises' : undefined;
  return MEASURE_UNITS[id];
}
