/** The `index-snapshot` schedule: write the match index's snapshot for the next cold starts (app/index-snapshot.ts). */
import { loggerFor } from '../../../../shared/observability.ts';
import { writeIndexSnapshot, type SnapshotWritten } from '../../app/index-snapshot.ts';
import type { MatchingDeps } from '../../app/ports.ts';
import { MATCHING } from '../../config.ts';

const logger = loggerFor(MATCHING);

export function makeIndexSnapshotHandler(deps: MatchingDeps) {
  return async (): Promise<SnapshotWritten> => {
    const written = await writeIndexSnapshot(deps);
    logger.info('index snapshot written', { ...written });
    return written;
  };
}
