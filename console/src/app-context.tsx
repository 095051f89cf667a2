/** What every page needs: the settings, the typed client, who is signed in. */
import { createContext, useContext } from 'react';
import type { Api } from './api/client.ts';
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
