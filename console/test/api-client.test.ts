/// <reference types="node" />
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../src/api/client.ts';

// A real HTTP server answering every request with the status named in its path (/status/403).
let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const status = Number(req.url?.split('/').pop()) || 200;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Forbidden' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function answer(status: number, expired: boolean): Promise<boolean> {
  let ended = false;
  const api = createApi({ baseUrl, token: () => 't', onUnauthorized: () => (ended = true), expired: () => expired });
  // A path outside the contract's types: the client's middleware is what is under test.
  await (api.GET as (path: string) => Promise<unknown>)(`/status/${status}`);
  return ended;
}

describe('the API client ends the session', () => {
  it('on a 401', async () => {
    expect(await answer(401, false)).toBe(true);
  });

  it("on a 403 once the token has expired (the Lambda authorizer's answer to an expired token), not before", async () => {
    expect(await answer(403, true)).toBe(true);
    expect(await answer(403, false)).toBe(false);
    expect(await answer(404, true)).toBe(false);
  });
});
