import { buildDeps } from '../../deps.ts';
import { makeIndexSnapshotHandler } from './index-snapshot.ts';

export const handler = makeIndexSnapshotHandler(buildDeps());
