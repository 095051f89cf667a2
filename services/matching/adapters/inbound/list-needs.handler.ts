import { buildDeps } from '../../deps.ts';
import { makeListNeedsHandler } from './http.ts';

export const handler = makeListNeedsHandler(buildDeps());
