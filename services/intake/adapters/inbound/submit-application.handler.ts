import { buildDeps } from '../../deps.ts';
import { makeSubmitApplicationHandler } from './http.ts';

export const handler = makeSubmitApplicationHandler(buildDeps());
