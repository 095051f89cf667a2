import { buildDeps } from '../../deps.ts';
import { makeUpdateBuyerHandler } from './http.ts';

export const handler = makeUpdateBuyerHandler(buildDeps());
