import { buildLinkDeps } from '../../deps.ts';
import { makeLinkEnterpriseHandler } from './links.ts';

export const handler = makeLinkEnterpriseHandler(buildLinkDeps());
