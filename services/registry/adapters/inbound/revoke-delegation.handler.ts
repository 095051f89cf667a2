import { buildLinkDeps } from '../../deps.ts';
import { makeRevokeDelegationHandler } from './links.ts';

export const handler = makeRevokeDelegationHandler(buildLinkDeps());
