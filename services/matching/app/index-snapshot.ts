/**
 * Writing the index snapshot a cold start loads (app/live-index.ts): the scheduled function keeps
 * its own live index — loaded from the previous snapshot and the change feed since, then only
 * refreshed — and writes it whole. So the table is read in full once (the very first snapshot),
 * and a new instance reads one S3 object plus the few minutes of changes after it.
 */
import type { MatchingDeps } from './ports.ts';

export interface SnapshotWritten {
  position: string;
  suppliers: number;
  needs: number;
  bytes: number;
  ms: number;
}

export async function writeIndexSnapshot(deps: Pick<MatchingDeps, 'index' | 'snapshots'>): Promise<SnapshotWritten> {
  if (!deps.snapshots) throw new Error('No snapshot store configured');
  const started = performance.now();
  await deps.index.catchUp();
  const snapshot = deps.index.snapshot();
  const { bytes } = await deps.snapshots.write(snapshot);
  return {
    position: snapshot.position,
    suppliers: snapshot.suppliers.length,
    needs: snapshot.needs.length,
    bytes,
    ms: Math.round(performance.now() - started),
  };
}
