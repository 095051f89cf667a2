import { buildPersonRefKey } from '../../deps.ts';
import { makePersonRefsHandler } from './person-refs.ts';

export const handler = makePersonRefsHandler(buildPersonRefKey());
