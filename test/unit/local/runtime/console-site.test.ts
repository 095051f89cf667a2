import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLocalRoutes, consoleSite, storageProxy } from '../../../../local/runtime/console-site.ts';
import { createGateway } from '../../../../local/runtime/gateway.ts';
import { localIssuer } from '../../../../local/runtime/jwt.ts';
import { manifest as platform } from '../../../../services/platform/manifest.ts';
import type { ConsoleStatus } from '../../../../local/runtime/console-build.ts';

const dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');

let status: ConsoleStatus = 'ready';
let gateway: Server;
let storage: Server;
let base: string;
let storageSeen: { method?: string; url?: string; body: string }[] = [];

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`);
    }),
  );

beforeAll(async () => {
  // A stand-in for the local S3 server: records what reaches it.
  storage = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      storageSeen.push({ method: req.method, url: req.url, body });
      res.writeHead(200, { etag: '"e1"', 'content-type': 'application/pdf' });
      res.end('%PDF');
    });
  });
  const storageUrl = await listen(storage);
  const issuer = await localIssuer(join(mkdtempSync(join(tmpdir(), 'issuer-')), 'key.json'));
  const files = consoleSite(dist, () => status);
  const proxy = storageProxy(storageUrl);
  gateway = createGateway({
    manifests: [platform],
    issuer,
    localRoutes: consoleLocalRoutes(issuer, storageUrl),
    site: async (req, res, url) => (await proxy(req, res, url)) || files(req, res, url),
  });
  base = await listen(gateway);
});

afterAll(() => {
  gateway.close();
  storage.close();
});

describe('the console on the local runtime', () => {
  it('serves index.html at / and for a page a browser opens, hashed assets cached for a year', async () => {
    const root = await fetch(`${base}/`);
    expect(root.headers.get('content-type')).toMatch(/text\/html/);
    expect(await root.text()).toContain('<title>console</title>');
    const deep = await fetch(`${base}/some/page`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('leaves the API its routes and its 404s, and never serves a file outside dist', async () => {
    expect((await fetch(`${base}/health`, { headers: { accept: 'text/html' } })).headers.get('content-type')).toMatch(/json/);
    const missing = await fetch(`${base}/no-such-route`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const traversal = await fetch(`${base}/..%2f..%2fetc%2fpasswd`);
    expect(traversal.status).toBe(404);
  });

  it('says how to build the console when it is not built', async () => {
    status = 'absent';
    const res = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    status = 'ready';
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:console');
  });

  it('says the console is being built, and reloads itself, while the first start builds it', async () => {
    status = 'building';
    const res = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    status = 'ready';
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    const page = await res.text();
    expect(page).toContain('<meta http-equiv="refresh" content="3">');
    expect(page).toContain('being built');
  });

  it('gives config.json with the local sign-in and the storage path', async () => {
    const config = (await (await fetch(`${base}/config.json`)).json()) as { auth: { communes: unknown[] } };
    expect(config).toMatchObject({
      apiBaseUrl: '',
      auth: { kind: 'local', tokenUrl: '/local/token' },
      storage: { proxyPath: '/local/s3' },
    });
    expect(config.auth.communes).toHaveLength(126);
  });

  it('signs a token for the claims picked, and lists every bad field otherwise', async () => {
    const ok = await fetch(`${base}/local/token`, {
      method: 'POST',
      body: JSON.stringify({ agency: 'ubnd-xa', roles: ['officer'], commune: '00004', sub: 'xa-1' }),
    });
    expect(ok.status).toBe(200);
    const { accessToken, claims } = (await ok.json()) as { accessToken: string; claims: unknown };
    expect(claims).toEqual({ sub: 'xa-1', agency: 'ubnd-xa', roles: ['officer'], commune: '00004' });
    expect(accessToken.split('.')).toHaveLength(3);

    const bad = await fetch(`${base}/local/token`, {
      method: 'POST',
      body: JSON.stringify({ agency: 'Sở', roles: ['boss'], commune: '4' }),
    });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['agency', 'roles.0', 'commune']));
    expect((await fetch(`${base}/local/token`, { method: 'POST', body: 'not json' })).status).toBe(400);
  });

  it('passes presigned storage requests through on the same origin, body and query intact', async () => {
    storageSeen = [];
    const put = await fetch(`${base}/local/s3/bucket/intake/doc.pdf?X-Amz-Signature=abc`, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: '%PDF-1.4',
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"e1"');
    expect(storageSeen).toEqual([{ method: 'PUT', url: '/bucket/intake/doc.pdf?X-Amz-Signature=abc', body: '%PDF-1.4' }]);
  });
});
