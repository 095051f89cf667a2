import { buildDeps } from '../../deps.ts';
import { makeVerifyDocumentsHandler } from './consumers.ts';

export const handler = makeVerifyDocumentsHandler(buildDeps());
