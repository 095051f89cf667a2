import { buildImportDeps } from '../../deps.ts';
import { makeApplyChunkHandler } from './imports.ts';

export const handler = makeApplyChunkHandler(buildImportDeps());
