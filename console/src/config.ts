/**
 * The console's run-time settings, read from `config.json` next to index.html: the local runtime
 * serves it; in AWS the deployment writes it. One build then serves every stage.
 */
export interface LocalAuth {
  kind: 'local';
  tokenUrl: string;
  agencies: string[];
  roles: string[];
  communes: { code: string; name: string; nameEn: string }[];
}

/** A Cognito hosted UI and the console's app client there. */
export interface HostedUi {
  /** The hosted UI's domain, e.g. https://sme-prod.auth.ap-southeast-1.amazoncognito.com */
  domain: string;
  clientId: string;
}

/**
 * In AWS: agency staff sign in through their user pool's hosted UI (`domain`, `clientId`), and
 * people acting for enterprises, when the deployment federates with the national identity
 * provider, through the enterprises' pool's (`enterprise`), which sends them on to VNeID.
 */
export interface CognitoAuth extends HostedUi {
  kind: 'cognito';
  /** Defaults to this page's origin and path. */
  redirectUri?: string;
  scopes?: string[];
  /** The enterprises' hosted UI; absent when the deployment has no identity provider for them. */
  enterprise?: HostedUi;
}

export interface ConsoleConfig {
  /** '' for the same origin (local), '/api' behind CloudFront. */
  apiBaseUrl: string;
  auth: LocalAuth | CognitoAuth;
  /** Locally: presigned storage URLs are fetched through this same-origin path. */
  storage?: { origin: string; proxyPath: string };
}

export function parseConfig(value: unknown): ConsoleConfig {
  const c = value as Partial<ConsoleConfig> | null;
  if (!c || typeof c.apiBaseUrl !== 'string' || !c.auth || (c.auth.kind !== 'local' && c.auth.kind !== 'cognito'))
    throw new Error('config.json must name apiBaseUrl and auth.kind (local or cognito)');
  if (c.auth.kind === 'cognito' && (typeof c.auth.domain !== 'string' || typeof c.auth.clientId !== 'string'))
    throw new Error('config.json: a cognito sign-in needs auth.domain and auth.clientId');
  const enterprise = c.auth.kind === 'cognito' ? c.auth.enterprise : undefined;
  if (enterprise !== undefined && (typeof enterprise?.domain !== 'string' || typeof enterprise.clientId !== 'string'))
    throw new Error('config.json: an enterprise sign-in needs auth.enterprise.domain and auth.enterprise.clientId');
  return c as ConsoleConfig;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  return parseConfig(await res.json());
}

/** A presigned storage URL as this page can reach it. */
export function storageUrl(config: ConsoleConfig, url: string): string {
  const s = config.storage;
  return s && url.startsWith(s.origin) ? `${s.proxyPath}${url.slice(s.origin.length)}` : url;
}
