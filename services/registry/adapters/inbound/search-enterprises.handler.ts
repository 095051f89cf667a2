import { buildRegistryDeps } from '../../deps.ts';
import { makeSearchEnterprisesHandler } from './reads.ts';

export const handler = makeSearchEnterprisesHandler(buildRegistryDeps());
