import { buildDeps } from '../../deps.ts';
import { makeListDocumentsHandler } from './http.ts';

export const handler = makeListDocumentsHandler(buildDeps());
