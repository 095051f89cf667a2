/**
 * Reporting's counter cells on the shared local runtime, read as the service reads them: through
 * its store, which adds the deltas not folded into the cell items yet (a cell item alone lags until
 * 64 deltas are pending). Tests assert on these, never on the raw items.
 */
import { DynamoDbAggregateStore } from '../../services/reporting/adapters/outbound/dynamodb-aggregate-store.ts';
import type { Dimension } from '../../services/reporting/domain/measures.ts';
import { localNames } from '../../shared/manifest.ts';
import { localClients } from './aws.ts';

const store = () => new DynamoDbAggregateStore(localClients().doc, localNames.table('reporting', 'records'));

/** Every cell of a dimension in a year: its value and its measures. */
export async function reportingCells(year: number, dim: Dimension): Promise<{ value: string; measures: Record<string, number> }[]> {
  return store().cells(year, dim);
}

/** One cell's measures (none counted yet: an empty record). */
export async function reportingCell(year: number, dim: Dimension, value: string): Promise<Record<string, number>> {
  const rows = await store().cells(year, dim, { from: value, to: value });
  return rows.find((r) => r.value === value)?.measures ?? {};
}
