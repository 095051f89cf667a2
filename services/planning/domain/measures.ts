/**
 * What a plan's targets may name as their measures: reporting's catalogue
 * (shared/reference/measures.ts), each with its unit. A target counts only measures it can add up
 * in its own unit — a people measure on an enterprises target would add unlike things — except that
 * an enterprises measure also keeps its occurrences (each grant, each attendance), so a target
 * counted in participations may name it.
 */
import type { TargetUnit } from '../../../shared/contracts/planning.ts';
import { measureById } from '../../../shared/reference/measures.ts';

/** The unit a measure counts in, or undefined for an id that names no measure. */
export const measureUnit = (id: string): TargetUnit | undefined => measureById(id)?.unit;

/** Why a target of `unit` cannot count measure `id`, or undefined when it can. */
export function measureMismatch(id: string, unit: TargetUnit): string | undefined {
  const own = measureUnit(id);
  if (!own) return `no measure ${id}`;
  if (own === unit || (unit === 'participations' && own === 'enterprises')) return undefined;
  return `${id} counts ${own}, the target counts ${unit}`;
}
