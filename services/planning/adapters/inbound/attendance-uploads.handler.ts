import { buildDeps } from '../../deps.ts';
import { makeAttendanceUploadsHandler } from './attendance-uploads.ts';

export const handler = makeAttendanceUploadsHandler(buildDeps());
