import { buildDeps } from '../../deps.ts';
import { makeRequestSupplementHandler } from './http.ts';

export const handler = makeRequestSupplementHandler(buildDeps());
