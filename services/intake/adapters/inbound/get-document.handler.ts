import { buildDeps } from '../../deps.ts';
import { makeGetDocumentHandler } from './http.ts';

export const handler = makeGetDocumentHandler(buildDeps());
