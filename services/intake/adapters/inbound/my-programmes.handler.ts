import { buildDeps } from '../../deps.ts';
import { makeMyProgrammesHandler } from './http.ts';

export const handler = makeMyProgrammesHandler(buildDeps());
