import { buildLinkDeps } from '../../deps.ts';
import { makeMeHandler } from './links.ts';

export const handler = makeMeHandler(buildLinkDeps());
