import { buildDeps } from '../../deps.ts';
import { makeGetProgrammeHandler } from './http.ts';

export const handler = makeGetProgrammeHandler(buildDeps());
