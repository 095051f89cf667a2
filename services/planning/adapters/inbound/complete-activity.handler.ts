import { buildDeps } from '../../deps.ts';
import { makeCompleteActivityHandler } from './http.ts';

export const handler = makeCompleteActivityHandler(buildDeps());
