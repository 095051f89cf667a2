import { buildFairDeps } from '../../deps.ts';
import { makeGetAgendaHandler } from './fair-http.ts';

export const handler = makeGetAgendaHandler(buildFairDeps());
