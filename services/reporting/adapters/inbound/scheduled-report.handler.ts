import { buildDeps } from '../../deps.ts';
import { makeScheduledReportHandler } from './jobs.ts';

export const handler = makeScheduledReportHandler(buildDeps());
