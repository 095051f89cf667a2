import { buildRegistryDeps } from '../../deps.ts';
import { makeGetHistoryHandler } from './reads.ts';

export const handler = makeGetHistoryHandler(buildRegistryDeps());
