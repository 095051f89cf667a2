import { buildDeps } from '../../deps.ts';
import { makeGetBuyerHandler } from './http.ts';

export const handler = makeGetBuyerHandler(buildDeps());
