import { buildDeps } from '../../deps.ts';
import { makeGetPanelHandler } from './http.ts';

export const handler = makeGetPanelHandler(buildDeps());
