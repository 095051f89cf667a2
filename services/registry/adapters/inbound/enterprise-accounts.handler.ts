import { buildLinkDeps } from '../../deps.ts';
import { makeEnterpriseAccountsHandler } from './links.ts';

export const handler = makeEnterpriseAccountsHandler(buildLinkDeps());
