import { buildDeps } from '../../deps.ts';
import { renderers } from '../outbound/render/index.ts';
import { makeBuildReportHandler } from './jobs.ts';

export const handler = makeBuildReportHandler({ ...buildDeps(), render: renderers });
