import { buildDeps } from '../../deps.ts';
import { makeAnnounceProgrammesHandler } from './announce-programmes.ts';

export const handler = makeAnnounceProgrammesHandler(buildDeps());
