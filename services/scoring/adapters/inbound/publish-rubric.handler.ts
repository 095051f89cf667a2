import { buildDeps } from '../../deps.ts';
import { makePublishRubricHandler } from './http.ts';

export const handler = makePublishRubricHandler(buildDeps());
