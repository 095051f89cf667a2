import { buildDeps, buildIdempotency } from '../../deps.ts';
import { makeRecordStepHandler } from './http.ts';

export const handler = makeRecordStepHandler(buildDeps(), buildIdempotency());
