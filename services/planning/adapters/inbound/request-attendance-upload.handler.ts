import { buildDeps } from '../../deps.ts';
import { makeRequestAttendanceUploadHandler } from './http.ts';

export const handler = makeRequestAttendanceUploadHandler(buildDeps());
