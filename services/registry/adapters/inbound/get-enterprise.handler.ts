import { buildRegistryDeps } from '../../deps.ts';
import { makeGetEnterpriseHandler } from './reads.ts';

export const handler = makeGetEnterpriseHandler(buildRegistryDeps());
