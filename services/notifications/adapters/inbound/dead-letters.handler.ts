import { buildSettlingDeps } from '../../deps.ts';
import { makeDeadLettersHandler } from './events.ts';

export const handler = makeDeadLettersHandler(buildSettlingDeps());
