import { buildFairDeps } from '../../deps.ts';
import { buildLinks } from '../../links.ts';
import { makeGetAgendaHandler } from './fair-http.ts';

export const handler = makeGetAgendaHandler(buildFairDeps(), buildLinks());
