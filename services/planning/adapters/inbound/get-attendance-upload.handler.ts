import { buildDeps } from '../../deps.ts';
import { makeGetAttendanceUploadHandler } from './http.ts';

export const handler = makeGetAttendanceUploadHandler(buildDeps());
