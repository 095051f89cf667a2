import { buildImportDeps } from '../../deps.ts';
import { makeCompleteUploadHandler } from './imports.ts';

export const handler = makeCompleteUploadHandler(buildImportDeps());
