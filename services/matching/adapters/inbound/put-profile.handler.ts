import { buildDeps } from '../../deps.ts';
import { buildLinks } from '../../links.ts';
import { makePutProfileHandler } from './http.ts';

export const handler = makePutProfileHandler(buildDeps(), buildLinks());
