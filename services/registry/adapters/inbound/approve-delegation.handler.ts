import { buildLinkDeps } from '../../deps.ts';
import { makeApproveDelegationHandler } from './links.ts';

export const handler = makeApproveDelegationHandler(buildLinkDeps());
