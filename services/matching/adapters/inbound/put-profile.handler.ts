import { buildDeps } from '../../deps.ts';
import { makePutProfileHandler } from './http.ts';

export const handler = makePutProfileHandler(buildDeps());
