/** Building and sending registry feed events in tests. */
import { randomUUID } from 'node:crypto';
import { checkDigit } from '../../services/registry/domain/tax-code.ts';
import { sign } from '../../services/registry/domain/signature.ts';
import { LOCAL_WEBHOOK_SECRET } from '../../local/runtime/runtime.ts';
import { clock } from '../../shared/time/clock.ts';
import { checkAnswer } from './contract.ts';

let next = Math.floor(Math.random() * 5_000_000);

/** A fresh, valid 10-digit enterprise code (check digit per domain.md §3). */
export function freshTaxCode(): string {
  for (;;) {
    const nine = `01${String(next++ % 10_000_000).padStart(7, '0')}`;
    const check = checkDigit(nine);
    if (check !== undefined) return `${nine}${check}`;
  }
}

export interface EventOverrides {
  eventId?: string;
  type?: string;
  taxCode?: string;
  revision?: number;
  occurredAt?: string;
  enterprise?: Record<string, unknown>;
}

export function registryEvent(o: EventOverrides = {}) {
  return {
    eventId: o.eventId ?? `reg-${randomUUID()}`,
    type: o.type ?? 'registered',
    taxCode: o.taxCode ?? freshTaxCode(),
    revision: o.revision ?? 1,
    occurredAt: o.occurredAt ?? '2026-03-02T08:00:00+07:00',
    enterprise: {
      name: 'Công ty TNHH Cơ khí Chính xác Thăng Long',
      legalForm: 'llc',
      communeCode: '00004',
      vsic: { version: '2018', main: '2592', others: ['2599'] },
      foundedOn: '2015-03-02',
      status: 'active',
      employees: 45,
      revenueVnd: 40_000_000_000,
      totalCapitalVnd: 15_000_000_000,
      legalRepresentative: { name: 'Nguyễn Văn A' },
      owners: [{ name: 'Nguyễn Văn A', taxCode: null, sharePct: 60 }],
      ...o.enterprise,
    },
  };
}

/**
 * Post a signed batch as the registry does: a 429 (the feed is busy; nothing was stored) is sent
 * again after its Retry-After, unless `busy: 'return'` (to test the 429 itself). Test files run in
 * parallel against one runtime, so the feed may well be busy.
 */
export async function postSigned(
  base: string,
  body: unknown,
  opts: { secret?: string; timestamp?: number; tamper?: (raw: string) => string; busy?: 'resend' | 'return' } = {},
) {
  const raw = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    const ts = String(opts.timestamp ?? Math.floor(clock.now().getTime() / 1000));
    const signature = sign(opts.secret ?? LOCAL_WEBHOOK_SECRET, ts, raw);
    const res = await fetch(`${base}/registry/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-registry-timestamp': ts, 'x-registry-signature': signature },
      body: opts.tamper ? opts.tamper(raw) : raw,
    });
    const answer = { status: res.status, headers: res.headers, body: (await res.json()) as any };
    await checkAnswer(base, { method: 'POST', path: '/registry/events' }, answer);
    if (res.status !== 429 || opts.busy === 'return' || attempt >= 10) return answer;
    await new Promise((r) => setTimeout(r, Math.max(1, Number(res.headers.get('retry-after')) || 1) * 1000));
  }
}
