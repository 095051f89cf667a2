import { buildDeps } from '../../deps.ts';
import { buildLinks } from '../../links.ts';
import { makeGetProfileHandler } from './http.ts';

export const handler = makeGetProfileHandler(buildDeps(), buildLinks());
