import { buildDeps, buildIdempotency } from '../../deps.ts';
import { makeAddAttendanceHandler } from './http.ts';

export const handler = makeAddAttendanceHandler(buildDeps(), buildIdempotency());
