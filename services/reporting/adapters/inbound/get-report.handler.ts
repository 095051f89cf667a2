import { buildDeps } from '../../deps.ts';
import { makeGetReportHandler } from './http.ts';

export const handler = makeGetReportHandler(buildDeps());
