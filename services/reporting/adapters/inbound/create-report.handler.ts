import { buildDeps, buildIdempotency } from '../../deps.ts';
import { makeCreateReportHandler } from './http.ts';

export const handler = makeCreateReportHandler(buildDeps(), buildIdempotency());
