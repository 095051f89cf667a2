import { buildDeps } from '../../deps.ts';
import { makeUpdateProgrammeHandler } from './http.ts';

export const handler = makeUpdateProgrammeHandler(buildDeps());
