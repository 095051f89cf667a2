import { buildImportDeps } from '../../deps.ts';
import { makeSweepImportsHandler } from './imports.ts';

export const handler = makeSweepImportsHandler(buildImportDeps());
