import { buildImportDeps } from '../../deps.ts';
import { makeReadImportFileHandler } from './imports.ts';

export const handler = makeReadImportFileHandler(buildImportDeps());
