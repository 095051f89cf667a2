/** The `announce-programmes` schedule: announces programmes stored before programme.changed existed (app/programmes.ts). */
import { loggerFor } from '../../../../shared/observability.ts';
import { announceProgrammes } from '../../app/programmes.ts';
import type { IntakeDeps } from '../../app/ports.ts';
import { INTAKE } from '../../config.ts';

const logger = loggerFor(INTAKE);

export function makeAnnounceProgrammesHandler(deps: IntakeDeps) {
  return async () => {
    const report = await announceProgrammes(deps);
    if (report.failed.length) logger.error('programmes the programme.changed contract refuses: not announced', { failed: report.failed });
    if (report.announced || report.changedMeanwhile || report.more) logger.info('programmes announced', { ...report });
    return report;
  };
}
