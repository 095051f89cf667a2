/**
 * The order applications are ranked in within a programme, and its tie-breaks (documented in the
 * service README): higher total points; then higher points on the priority criteria; then the
 * earlier submission; then the smaller request (more of the budget left for others); then the
 * application id, so the order is total and the same on every run.
 */
export interface Rankable {
  applicationId: string;
  totalPoints: number;
  priorityPoints: number;
  submittedAt: string;
  requestedAmountVnd: number;
}

export function compareMerit(a: Rankable, b: Rankable): number {
  return (
    b.totalPoints - a.totalPoints ||
    b.priorityPoints - a.priorityPoints ||
    (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0) ||
    a.requestedAmountVnd - b.requestedAmountVnd ||
    (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0)
  );
}

const inverted = (points: number) => String(10_000_000 - Math.round(points * 100)).padStart(8, '0');

/**
 * A string that sorts ascending in merit order (same tie-breaks as {@link compareMerit}), so a
 * store can count the applications ranked above one without reading them.
 */
export const rankKey = (r: Rankable): string =>
  `${inverted(r.totalPoints)}#${inverted(r.priorityPoints)}#${r.submittedAt}#${String(r.requestedAmountVnd).padStart(17, '0')}#${r.applicationId}`;
