/**
 * The demo's HTTP client: the runtime's public API and its local routes (clock, schedules, status),
 * with tokens from the local issuer. Busy answers (429, 503) are asked again after their
 * Retry-After; nothing else is retried here — the caller decides what a refusal means.
 */
import { sign } from '../../services/registry/domain/signature.ts';
import { clockFrom, setClock } from '../../shared/time/clock.ts';
import { defaultKeyFile, type LocalIssuer, localIssuer } from '../runtime/jwt.ts';
import { LOCAL_WEBHOOK_SECRET } from '../runtime/runtime.ts';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Caller {
  sub: string;
  agency: string;
  roles: string[];
  commune?: string;
}

export interface RuntimeStatus {
  now: string;
  /** Where the runtime keeps its data; null when it keeps it in memory. */
  dataDir: string | null;
  memory: { rssBytes: number; peakRssBytes: number };
  work: { queued: number; handling: number; handled: number; relayed: number };
}

/** A request the runtime has not answered in this long is given up (and asked again). */
const REQUEST_TIMEOUT_MS = 120_000;
const DEBUG = process.env.DEMO_DEBUG === '1';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DemoClient {
  private issuer: LocalIssuer | undefined;
  private tokens = new Map<string, string>();
  /** Requests made (for the summary). */
  readonly requests = { count: 0 };

  constructor(
    readonly base: string,
    private readonly root: string,
  ) {}

  private async token(c: Caller): Promise<string> {
    const key = JSON.stringify(c);
    let t = this.tokens.get(key);
    if (!t) {
      this.issuer ??= await localIssuer(defaultKeyFile(this.root));
      t = await this.issuer.sign(c, 6 * 3600);
      this.tokens.set(key, t);
    }
    return t;
  }

  /** One request; 429/503 and dropped connections are asked again (a few times). */
  async call<T = any>(
    method: string,
    path: string,
    opts: { as?: Caller; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.as) headers.authorization = `Bearer ${await this.token(opts.as)}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const body = opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
    for (let attempt = 1; ; attempt++) {
      this.requests.count++;
      let res: Response;
      try {
        res = await fetch(`${this.base}${path}`, {
          method,
          headers,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          ...(body !== undefined ? { body } : {}),
        });
        if (DEBUG) console.error(`[demo] ${method} ${path} → ${res.status}`);
      } catch (error) {
        if (attempt >= 5) throw error;
        await sleep(500 * attempt);
        continue;
      }
      const text = await res.text();
      if ((res.status === 429 || res.status === 503) && attempt < 20) {
        await sleep(Math.min(5, Number(res.headers.get('retry-after')) || 1) * 1000);
        continue;
      }
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, headers: res.headers, body: parsed as T };
    }
  }

  /** A call that must succeed with one of `ok` (default any 2xx), or throws with what came back. */
  async must<T = any>(method: string, path: string, opts: Parameters<DemoClient['call']>[2] = {}, ok?: number[]): Promise<Answer<T>> {
    const r = await this.call<T>(method, path, opts);
    if (ok ? !ok.includes(r.status) : r.status < 200 || r.status > 299)
      throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
    return r;
  }

  /** Signed registry events, as the national registry sends them (signed on the runtime's clock). */
  async registry(events: unknown[]): Promise<Answer<{ results: { eventId: string; outcome: string }[] }>> {
    const raw = JSON.stringify({ events });
    for (let attempt = 1; ; attempt++) {
      const now = (await this.must<{ now: string }>('GET', '/local/clock')).body.now;
      const ts = String(Math.floor(Date.parse(now) / 1000));
      const r = await this.call('POST', '/registry/events', {
        raw,
        headers: {
          'content-type': 'application/json',
          'x-registry-timestamp': ts,
          'x-registry-signature': sign(LOCAL_WEBHOOK_SECRET, ts, raw),
        },
      });
      if (r.status === 202 || attempt >= 10) return r;
      await sleep(1000);
    }
  }

  /** Move the runtime's clock (and this process's, so tokens are issued on the same day). */
  async setClock(instant: string | null): Promise<void> {
    const r = await this.must<{ now: string }>('PUT', '/local/clock', { body: { now: instant } });
    setClock(clockFrom(new Date(r.body.now)));
    // Tokens are issued on the runtime's day: a token of another day may be expired, or not yet issued, there.
    this.tokens.clear();
  }

  async clock(): Promise<string> {
    return (await this.must<{ now: string }>('GET', '/local/clock')).body.now;
  }

  async status(): Promise<RuntimeStatus> {
    return (await this.must<RuntimeStatus>('GET', '/local/status')).body;
  }

  /**
   * Wait until everything caused so far has been handled: nothing queued or being handled, and no
   * message handled or outbox record relayed, over looks spanning two seconds (a relay polls every
   * 100 ms when idle, but one poll may take long on a loaded machine).
   */
  async settled(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const idle = (s: RuntimeStatus) => s.work.queued === 0 && s.work.handling === 0;
    const same = (a: RuntimeStatus, b: RuntimeStatus) => a.work.relayed === b.work.relayed && a.work.handled === b.work.handled;
    let first = await this.status();
    let quiet = 0;
    for (;;) {
      await sleep(700);
      const now = await this.status();
      quiet = idle(first) && idle(now) && same(first, now) ? quiet + 1 : 0;
      if (quiet >= 3) return;
      if (!same(first, now) || !idle(now)) first = now;
      if (Date.now() > deadline) throw new Error(`the runtime did not settle within ${timeoutMs / 1000} s: ${JSON.stringify(now.work)}`);
    }
  }

  /** Poll `check` until it returns a value, or give up with undefined. */
  async until<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 250): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) return undefined;
      await sleep(everyMs);
    }
  }
}
