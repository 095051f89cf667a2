import { buildDeps, buildIdempotency } from '../../deps.ts';
import { makeSubmitReviewHandler } from './http.ts';

export const handler = makeSubmitReviewHandler(buildDeps(), buildIdempotency());
