import { buildDeps } from '../../deps.ts';
import { makeGetProfileHandler } from './http.ts';

export const handler = makeGetProfileHandler(buildDeps());
