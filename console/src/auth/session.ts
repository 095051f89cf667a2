/**
 * Who is signed in: the access token and its claims, kept in sessionStorage (gone when the tab
 * closes; never in localStorage or a cookie). The claims are read, not verified: the API
 * verifies every call, and the console only uses them to shape its pages.
 */
export interface Claims {
  sub: string;
  agency: string;
  roles: string[];
  commune?: string;
}

export interface Session {
  token: string;
  claims: Claims;
  expiresAt: number;
}

const KEY = 'sme-console.session';

function decodePart(part: string): unknown {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Claims of a JWT as the API reads them (roles as an array or a "a,b" / "[a b]" string). */
export function claimsOf(token: string): { claims: Claims; expiresAt: number } {
  const payload = decodePart(token.split('.')[1] ?? '') as Record<string, unknown>;
  const rawRoles = payload.roles ?? payload['custom:roles'];
  const roles = Array.isArray(rawRoles)
    ? rawRoles.map(String)
    : String(rawRoles ?? '')
        .replace(/^\[|\]$/g, '')
        .split(/[\s,]+/)
        .filter(Boolean);
  const commune = payload.commune ?? payload['custom:commune'];
  return {
    claims: {
      sub: String(payload.sub ?? ''),
      agency: String(payload.agency ?? payload['custom:agency'] ?? ''),
      roles,
      ...(typeof commune === 'string' && commune ? { commune } : {}),
    },
    expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + 3600_000,
  };
}

export function sessionFromToken(token: string): Session {
  return { token, ...claimsOf(token) };
}

export function loadSession(storage: Storage = sessionStorage): Session | undefined {
  try {
    const s = JSON.parse(storage.getItem(KEY) ?? 'null') as Session | null;
    return s && s.expiresAt > Date.now() ? s : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined, storage: Storage = sessionStorage): void {
  if (session) storage.setItem(KEY, JSON.stringify(session));
  else storage.removeItem(KEY);
}

export const hasRole = (s: Session | undefined, ...roles: string[]) => !!s && s.claims.roles.some((r) => roles.includes(r));

/** A person acting for an enterprise (role `enterprise`, no agency): the console shows them their enterprise's pages only. */
export const isEnterprise = (s: Session | undefined) => hasRole(s, 'enterprise');
