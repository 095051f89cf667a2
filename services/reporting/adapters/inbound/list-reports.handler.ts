import { buildDeps } from '../../deps.ts';
import { makeListReportsHandler } from './http.ts';

export const handler = makeListReportsHandler(buildDeps());
