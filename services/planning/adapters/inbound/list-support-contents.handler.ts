import { makeListSupportContentsHandler } from './http.ts';

export const handler = makeListSupportContentsHandler();
