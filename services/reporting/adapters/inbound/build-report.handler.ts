import { buildDeps } from '../../deps.ts';
import { makeBuildReportHandler } from './jobs.ts';

export const handler = makeBuildReportHandler(buildDeps());
