import { buildLinkDeps } from '../../deps.ts';
import { makeEnterpriseLinksHandler } from './links.ts';

export const handler = makeEnterpriseLinksHandler(buildLinkDeps());
