import { buildDeps } from '../../deps.ts';
import { makeMyReviewsHandler } from './http.ts';

export const handler = makeMyReviewsHandler(buildDeps());
