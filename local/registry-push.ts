/**
 * `npm run registry:push -- <events.json|events.ndjson> [--url http://127.0.0.1:3000] [--batch 500]`
 * Signs registry events with the local webhook secret (or REGISTRY_WEBHOOK_SECRET) and posts them
 * to POST /registry/events in batches, printing each event's outcome — what the national registry's
 * integration does, for trying the feed by hand.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sign } from '../services/registry/domain/signature.ts';
import { LOCAL_WEBHOOK_SECRET } from './runtime/runtime.ts';
const { values, positionals } = parseArgs({
  options: { url: { type: 'string', default: 'http://127.0.0.1:3000' }, batch: { type: 'string', default: '500' } },
  allowPositionals: true,
});
const file = positionals[0];
if (!file) {
  console.error('Usage: npm run registry:push -- <events.json|events.ndjson> [--url URL] [--batch N]');
  process.exit(2);
}
const text = readFileSync(file, 'utf8').trim();
const parsed: unknown =
  text.startsWith('[') || text.startsWith('{"events"') ? JSON.parse(text) : text.split('\n').map((l) => JSON.parse(l));
const events = Array.isArray(parsed) ? parsed : ((parsed as { events: unknown[] }).events ?? [parsed]);
const secret = process.env.REGISTRY_WEBHOOK_SECRET ?? LOCAL_WEBHOOK_SECRET;
const size = Math.min(500, Math.max(1, Number(values.batch)));
const totals: Record<string, number> = {};

/**
 * The runtime checks the signature's timestamp on its own clock, which TEST_NOW or the demo's time
 * travel may have moved: sign on that clock (GET /local/clock), or on this machine's when the
 * runtime does not tell it.
 */
async function runtimeClockOffsetMs(): Promise<number> {
  try {
    const res = await fetch(`${values.url}/local/clock`);
    if (!res.ok) return 0;
    const { now } = (await res.json()) as { now?: string };
    const ms = now ? Date.parse(now) : Number.NaN;
    return Number.isNaN(ms) ? 0 : ms - Date.now();
  } catch {
    return 0;
  }
}
const offsetMs = await runtimeClockOffsetMs();

for (let i = 0; i < events.length; i += size) {
  const body = JSON.stringify({ events: events.slice(i, i + size) });
  let res: Response;
  for (;;) {
    const ts = String(Math.floor((Date.now() + offsetMs) / 1000));
    res = await fetch(`${values.url}/registry/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-registry-timestamp': ts, 'x-registry-signature': sign(secret, ts, body) },
      body,
    });
    if (res.status !== 429) break;
    // Busy, nothing stored: send the same batch again when told, as the registry does.
    const after = Number(res.headers.get('retry-after')) || 1 + Math.random();
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, after * 1000));
  }
  const answer = (await res.json()) as { results?: { eventId: string; outcome: string; errors: { path: string; message: string }[] }[] };
  if (!answer.results) {
    console.error(`HTTP ${res.status}:`, JSON.stringify(answer));
    process.exit(1);
  }
  for (const r of answer.results) {
    totals[r.outcome] = (totals[r.outcome] ?? 0) + 1;
    if (r.outcome === 'rejected') console.log(`${r.eventId}: rejected — ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
}
console.log(
  Object.entries(totals)
    .map(([k, v]) => `${k} ${v}`)
    .join(', '),
);
