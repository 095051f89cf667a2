import { buildDeps } from '../../deps.ts';
import { makeSetPanelHandler } from './http.ts';

export const handler = makeSetPanelHandler(buildDeps());
