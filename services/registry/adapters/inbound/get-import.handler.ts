import { buildImportDeps } from '../../deps.ts';
import { makeGetImportHandler } from './imports.ts';

export const handler = makeGetImportHandler(buildImportDeps());
