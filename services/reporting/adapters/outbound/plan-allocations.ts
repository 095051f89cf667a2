/**
 * Where the plan's allocations to agencies and communes come from. There are no plans in the system
 * yet (issue 19 brings them, with their own events): until then no agency or commune has a goal of
 * its own, and their KPIs show actuals only.
 */
import type { PlanAllocations } from '../../app/ports.ts';
import { NO_ALLOCATIONS } from '../../domain/kpis.ts';

export const noPlansYet: PlanAllocations = {
  goalsFor: async () => NO_ALLOCATIONS,
};
