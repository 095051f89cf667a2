import { buildDeps } from '../../deps.ts';
import { makeEnterpriseSupportHandler } from './http.ts';

export const handler = makeEnterpriseSupportHandler(buildDeps());
