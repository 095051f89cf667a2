import { buildDeps } from '../../deps.ts';
import { makeListProgrammesHandler } from './http.ts';

export const handler = makeListProgrammesHandler(buildDeps());
