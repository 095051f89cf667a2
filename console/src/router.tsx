/**
 * A hash router (`#/applications/…`): page paths never collide with the API's, which shares the
 * origin locally, and S3 + CloudFront need no rewrite rule for deep links.
 */
import { type AnchorHTMLAttributes, useEffect, useState } from 'react';

export interface Location {
  path: string;
  query: URLSearchParams;
}

function read(): Location {
  const raw = globalThis.location?.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?');
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(search) };
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const on = () => setLoc(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return loc;
}

export function navigate(to: string): void {
  globalThis.location.hash = to;
}

/** `/applications/:id` against `/applications/42` → `{ id: '42' }`, or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(s[i]!);
    else if (part !== s[i]) return undefined;
  }
  return params;
}

export const href = (to: string) => `#${to}`;

export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a href={href(to)} {...rest} />;
}
