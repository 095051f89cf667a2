import { buildDeps } from '../../deps.ts';
import { makeListBuyersHandler } from './http.ts';

export const handler = makeListBuyersHandler(buildDeps());
