/** The attendance-uploads consumer: S3 "object created" notifications for uploaded attendance CSVs. */
import { uploadConsumer } from '../../../../shared/messaging/s3-notifications.ts';
import { loggerFor } from '../../../../shared/observability.ts';
import { idsOfUploadKey, processAttendanceUpload } from '../../app/attendance-uploads.ts';
import type { PlanningDeps } from '../../app/ports.ts';
import { PLANNING } from '../../config.ts';

const logger = loggerFor(PLANNING);

export const makeAttendanceUploadsHandler = (deps: PlanningDeps) =>
  uploadConsumer(async (key) => {
    const ids = idsOfUploadKey(key);
    if (!ids) {
      logger.warn('upload notification for a key that is not an attendance upload', { key });
      return;
    }
    const status = await processAttendanceUpload(deps, ids.activityId, ids.uploadId);
    logger.info('attendance upload handled', { ...ids, status });
  });
