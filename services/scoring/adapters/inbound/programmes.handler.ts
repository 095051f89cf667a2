import { buildDeps } from '../../deps.ts';
import { makeProgrammesHandler } from './consumers.ts';

export const handler = makeProgrammesHandler(buildDeps());
