/**
 * Intake's ledger routes answered by a table written by hand (scenarios/intake.ts), beside the
 * matrix computed from the policy: the policy's own table could be wrong, and a matrix computed
 * from it would agree with the mistake.
 */
import { describe, expect, it } from 'vitest';
import { services } from '../../../services/index.ts';
import { httpEvent, lambdaContext } from './harness.ts';
import { intakeHandCases } from './scenarios/intake.ts';

const routes = new Set(services.flatMap((m) => m.routes.filter((r) => r.auth.kind === 'jwt').map((r) => `${r.method} ${r.path}`)));

describe('intake: cases answered by a table written by hand', () => {
  it.each(intakeHandCases.map((c) => [`${c.route} · ${c.who} → ${c.status}`, c] as const))('%s', async (_name, c) => {
    expect(routes.has(c.route), `no route ${c.route}`).toBe(true);
    const { handler, request } = await c.prepare();
    const res = await handler(httpEvent(c.route, c.actor, request), lambdaContext());
    expect(res.statusCode, res.body).toBe(c.status);
    if (c.check) expect(c.check(res.body ? JSON.parse(res.body) : {})).toBeUndefined();
  });
});
