import { buildDeps } from '../../deps.ts';
import { makeGetSelectionHandler } from './http.ts';

export const handler = makeGetSelectionHandler(buildDeps());
