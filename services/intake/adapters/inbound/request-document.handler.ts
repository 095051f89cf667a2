import { buildDeps } from '../../deps.ts';
import { makeRequestDocumentHandler } from './http.ts';

export const handler = makeRequestDocumentHandler(buildDeps());
