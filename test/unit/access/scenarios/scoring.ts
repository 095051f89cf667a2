/** Scoring's routes in the authorisation matrix: each over its real handler and the in-memory fakes. */
import type { Scenario } from '../harness.ts';

export const scoringScenarios: Record<string, Scenario> = {};
