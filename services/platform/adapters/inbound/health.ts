import { httpHandler } from '../../../../shared/http/handler.ts';
import { checkHealth, type Probe } from '../../app/health.ts';
import { PLATFORM } from '../../manifest.ts';
import { routes } from '../../routes.ts';
import { now as clockNow } from '../../../../shared/time/clock.ts';

export const makeHealthHandler = (probes: Record<string, Probe>, now: () => Date = clockNow) =>
  httpHandler(PLATFORM, routes.health, async () => {
    const report = await checkHealth(probes, now);
    return { status: report.status === 'ok' ? 200 : 503, body: report, headers: { 'cache-control': 'no-store' } };
  });
