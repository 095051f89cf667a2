/** What every page needs: the settings, the typed client, who is signed in. */
import { createContext, useContext } from 'react';
import type { Api } from './api/client.ts';
import { ApiError, asProblem } from './api/problem.ts';
import type { Session } from './auth/session.ts';
import type { ConsoleConfig } from './config.ts';

export interface AppContext {
  config: ConsoleConfig;
  api: Api;
  session: Session;
  signOut: () => void;
}

export const AppCtx = createContext<AppContext | undefined>(undefined);

export function useApp(): AppContext {
  const ctx = useContext(AppCtx);
  if (!ctx) throw new Error('useApp outside the signed-in app');
  return ctx;
}

/**
 * A call to a route the generated types do not have yet (the trade-fair routes, built to the
 * contract in docs/api.md); the same errors as the typed client.
 */
export async function rawCall(ctx: AppContext, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${ctx.config.apiBaseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ctx.session.token}`, ...(init.headers as Record<string, string>) },
  });
  if (res.status === 401) ctx.signOut();
  if (!res.ok) {
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    throw new ApiError(asProblem(res.status, body));
  }
  return res;
}
