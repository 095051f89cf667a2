import { buildDeps } from '../../deps.ts';
import { makeGetApplicationHandler } from './http.ts';

export const handler = makeGetApplicationHandler(buildDeps());
