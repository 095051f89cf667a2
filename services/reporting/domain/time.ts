/** The pace of a target: how much of its window has gone by in Hanoi. */
import { addDays, hanoiMidnight } from '../../../shared/time/hanoi.ts';

/** Share of [from, to] (Hanoi dates, inclusive) elapsed at `now`, between 0 and 1. */
export function elapsedFraction(from: string, to: string, now: Date): number {
  const start = hanoiMidnight(from);
  const end = hanoiMidnight(addDays(to, 1));
  return Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
}
