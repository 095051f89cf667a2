import { buildDeps } from '../../deps.ts';
import { makeSelectionResultsHandler } from './consumers.ts';

export const handler = makeSelectionResultsHandler(buildDeps());
