import { buildDeps } from '../../deps.ts';
import { makeAnswerSupplementHandler } from './http.ts';

export const handler = makeAnswerSupplementHandler(buildDeps());
