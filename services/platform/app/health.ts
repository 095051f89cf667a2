/** Health: each dependency is probed with a short timeout; one that does not answer is "down". */
export type Probe = () => Promise<void>;

export interface ComponentStatus {
  status: 'ok' | 'down';
  latencyMs: number;
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checkedAt: string;
  components: Record<string, ComponentStatus>;
}

class ProbeTimeoutError extends Error {}

export async function checkHealth(probes: Record<string, Probe>, now: () => Date, timeoutMs = 2000): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, ComponentStatus]> => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          probe(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new ProbeTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { status: 'ok', latencyMs: Date.now() - started }];
      } catch (error) {
        // The error's name only: health is public, so no endpoint or message leaks.
        const detail = error instanceof ProbeTimeoutError ? error.message : error instanceof Error ? error.name : 'error';
        return [name, { status: 'down', latencyMs: Date.now() - started, detail }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const components = Object.fromEntries(entries);
  const status = entries.every(([, c]) => c.status === 'ok') ? 'ok' : 'degraded';
  return { status, checkedAt: now().toISOString(), components };
}
