import { buildDeps } from '../../deps.ts';
import { makeCreateProgrammeHandler } from './http.ts';

export const handler = makeCreateProgrammeHandler(buildDeps());
