/**
 * What a planned event must be for the counters to take it: checked on each event on its own,
 * before a batch is written together, so that one event the counters cannot hold fails alone
 * instead of cancelling the shared write of its whole batch (and sending every neighbour to the
 * DLQ with it). The contracts validate the data's shape; these are the counters' own limits, on
 * what planning made of it: a cell's value becomes a DynamoDB sort key (1,024 bytes at most), a
 * distinct key part of a partition key, an amount an atomic ADD.
 */
import { DIMENSIONS, type PlannedEvent } from './measures.ts';

export const PLAN_LIMITS = {
  /** Bytes of a cell's value (an agency code, a commune, `YYYY-MM-DD#agency`, …): far below a sort key's 1,024. */
  cellValueBytes: 256,
  /** Bytes of a distinct key (`<scope>|<member>`). */
  onceKeyBytes: 512,
  /** Characters of a display label (a programme's code). */
  labelChars: 200,
  /** Cells one effect may name: one transaction holds 100 items, and an effect is never split. */
  cellsPerEffect: 64,
} as const;

const DIMENSION_SET = new Set<string>(DIMENSIONS);
const utf8 = new TextEncoder();
const bytes = (s: string) => utf8.encode(s).length;

/** The reasons the counters cannot take this plan; empty when they can. */
export function planProblems(plan: PlannedEvent): string[] {
  const problems = new Set<string>();
  for (const f of plan.effects) {
    if (!Number.isSafeInteger(f.amount)) problems.add(`${f.measure}: the amount is not a whole number`);
    if (f.cells.length > PLAN_LIMITS.cellsPerEffect)
      problems.add(`${f.measure}: names ${f.cells.length} cells (at most ${PLAN_LIMITS.cellsPerEffect})`);
    if (f.once !== undefined && (f.once.length === 0 || bytes(f.once) > PLAN_LIMITS.onceKeyBytes))
      problems.add(`${f.measure}: a distinct key of ${bytes(f.once)} bytes (1 to ${PLAN_LIMITS.onceKeyBytes})`);
    for (const c of f.cells) {
      if (!Number.isInteger(c.year) || c.year < 1000 || c.year > 9999) problems.add(`${c.dim}: year ${String(c.year)} is not a year`);
      if (!DIMENSION_SET.has(c.dim)) problems.add(`unknown dimension ${JSON.stringify(c.dim.slice(0, 40))}`);
      if (c.value.length === 0 || bytes(c.value) > PLAN_LIMITS.cellValueBytes)
        problems.add(`${c.dim}: a value of ${bytes(c.value)} bytes (1 to ${PLAN_LIMITS.cellValueBytes})`);
    }
  }
  for (const l of plan.labels) {
    if (l.text.length > PLAN_LIMITS.labelChars)
      problems.add(`${l.cell.dim} label: ${l.text.length} characters (at most ${PLAN_LIMITS.labelChars})`);
  }
  return [...problems];
}
