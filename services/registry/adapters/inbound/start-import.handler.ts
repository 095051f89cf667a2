import { buildImportDeps } from '../../deps.ts';
import { makeStartImportHandler } from './imports.ts';

export const handler = makeStartImportHandler(buildImportDeps());
