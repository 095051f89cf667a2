import { buildDeps } from '../../deps.ts';
import { makeWithdrawApplicationHandler } from './http.ts';

export const handler = makeWithdrawApplicationHandler(buildDeps());
