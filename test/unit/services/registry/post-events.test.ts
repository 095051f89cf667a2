/**
 * The feed handler sheds load: a request that waited too long to be answered within the deadline
 * gets 429 with Retry-After at once and nothing is applied; one that can make it is applied.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makePostEventsHandler } from '../../../../services/registry/adapters/inbound/post-events.ts';
import { sign } from '../../../../services/registry/domain/signature.ts';
import { Admission } from '../../../../shared/http/admission.ts';
import { FakeEnterpriseRepository } from './fakes.ts';
import { NOW, rawEvent, TAX_CODES } from './fixtures.ts';

const SECRET = 'unit-test-webhook-secret';

function signedEvent(body: unknown, arrivedAt: number): APIGatewayProxyEventV2 {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(NOW.getTime() / 1000));
  return {
    version: '2.0',
    routeKey: 'POST /registry/events',
    rawPath: '/registry/events',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'x-registry-timestamp': ts, 'x-registry-signature': sign(SECRET, ts, raw) },
    body: raw,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method: 'POST', path: '/registry/events', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: 'POST /registry/events',
      stage: '$default',
      time: '',
      timeEpoch: arrivedAt,
    },
  };
}

const context = { functionName: 'registry-post-events', awsRequestId: 'a', getRemainingTimeInMillis: () => 29_000 } as unknown as Context;

function setup() {
  const enterprises = new FakeEnterpriseRepository();
  const t = { now: NOW.getTime() };
  const admission = new Admission({ deadlineMs: 5000, initialMsPerUnit: 10, now: () => t.now, random: () => 0 });
  const handler = makePostEventsHandler({ enterprises, now: () => NOW }, { get: async () => SECRET }, admission);
  return { enterprises, handler, t };
}

const batch = {
  events: [rawEvent({ eventId: 'reg-1', taxCode: TAX_CODES.hanoiA }), rawEvent({ eventId: 'reg-2', taxCode: TAX_CODES.hanoiB })],
};

describe('POST /registry/events under load', () => {
  it('answers 429 with Retry-After at once, storing nothing, when the request waited past what the deadline allows', async () => {
    const { enterprises, handler, t } = setup();

    const res = (await handler(signedEvent(batch, t.now - 4500), context)) as APIGatewayProxyStructuredResultV2;

    expect(res.statusCode).toBe(429);
    expect(res.headers).toMatchObject({ 'retry-after': '5', 'content-type': 'application/problem+json' });
    expect(JSON.parse(String(res.body))).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(enterprises.applyCalls).toEqual([]);
    expect(enterprises.profiles.size).toBe(0);
  });

  it('applies a request that can still be answered in time', async () => {
    const { enterprises, handler, t } = setup();

    const res = (await handler(signedEvent(batch, t.now - 1000), context)) as APIGatewayProxyStructuredResultV2;

    expect(res.statusCode).toBe(202);
    expect(JSON.parse(String(res.body)).counts).toMatchObject({ applied: 2 });
    expect(enterprises.profiles.size).toBe(2);
  });

  it('checks the signature before anything else: an unsigned late request is still a 401', async () => {
    const { handler, t } = setup();
    const event = signedEvent(batch, t.now - 4500);
    event.headers['x-registry-signature'] = 'sha256=00';

    const res = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;

    expect(res.statusCode).toBe(401);
  });
});
