// Configuration comes from environment variables only; every one is listed in the README.
// A bad value stops start-up with a message naming the variable, rather than running half-configured.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  demoData: 'auto' | 'always' | 'never';
  maxPhotoBytes: number;
  /** Trust X-Forwarded-For from this many proxies in front (0: none), for client addresses in logs and limits. */
  trustProxyHops: number;
  /** SMTP provider for email (smtp:// or smtps:// URL); none: email goes to the development inbox. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** SMPP 3.4 provider for SMS (smpp://system_id:password@host:port); none: development inbox. */
  smppUrl: string | undefined;
  smppSourceAddress: string;
  /** Whether `serve` also runs the dispatch workers (the default), or leaves them to `forgetmenot work`. */
  dispatchWorkers: 'in-process' | 'off';
  /** Attempts before a delivery is dead-lettered. */
  dispatchMaxAttempts: number;
  /** Per-provider send rates, messages per second (token buckets per worker process). */
  rateLimits: { email: number; sms: number; push: number; webhook: number };
  /** Let webhooks and push go to loopback and private addresses (a partner inside the same network). */
  allowPrivateDestinations: boolean;
  /** Map tiles for the console (`{z}/{x}/{y}` URL) and their attribution; none: the shipped basemap only. */
  mapTileUrl: string | undefined;
  mapTileAttribution: string | undefined;
  /** A second listener serving only /metrics (taken off the public port); none: /metrics on the public port. */
  metricsPort: number | undefined;
  /** A bearer token /metrics requires, wherever it is served; none: no token. */
  metricsToken: string | undefined;
  /** Where the source code of what this instance runs can be had (AGPL section 13): the footer's "Source code". */
  sourceUrl: string;
}

/** The project's own repository: right for an instance that runs the code unmodified. */
export const DEFAULT_SOURCE_URL = 'https://github.com/forgetmenot-project/forgetmenot';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function providerUrl(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL; expected ${protocols[0]}//user:password@host:port`);
  }
  if (!protocols.includes(parsed.protocol))
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${parsed.protocol}//"`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const dataDir = path.resolve(env.DATA_DIR || './data');

  const databaseUrl: string | undefined = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(databaseUrl);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a URL; expected postgres://user:password@host:port/database');
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new ConfigError('DATABASE_URL', `must start with postgres:// or postgresql://, got "${parsed.protocol}//"`);
    }
  }

  const publicUrlRaw = env.PUBLIC_URL || `http://localhost:${port}`;
  let publicUrl: string;
  try {
    const parsed = new URL(publicUrlRaw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    publicUrl = parsed.origin + parsed.pathname.replace(/\/+$/, '');
  } catch {
    throw new ConfigError('PUBLIC_URL', `must be an http:// or https:// URL, got "${publicUrlRaw}"`);
  }

  const mapTileUrl = env.MAP_TILE_URL || undefined;
  if (mapTileUrl && !/^https?:\/\/[^\s]+\{z\}[^\s]*\{x\}[^\s]*\{y\}/.test(mapTileUrl)) {
    throw new ConfigError('MAP_TILE_URL', `must be an http(s) URL with {z}, {x} and {y}, got "${mapTileUrl}"`);
  }

  const metricsPort = env.METRICS_PORT ? integer(env, 'METRICS_PORT', 0, 1, 65535) : undefined;
  if (metricsPort !== undefined && metricsPort === port) throw new ConfigError('METRICS_PORT', `must differ from PORT (${port})`);
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{24,}$/.test(metricsToken)) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 24 printable characters without spaces (e.g. `openssl rand -hex 24`)');
  }
  const sourceUrl = env.SOURCE_URL || DEFAULT_SOURCE_URL;
  if (!/^https?:\/\/[^\s]+$/.test(sourceUrl)) throw new ConfigError('SOURCE_URL', `must be an http(s) URL, got "${sourceUrl}"`);

  return {
    port,
    host,
    dataDir,
    databaseUrl,
    publicUrl,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    demoData: oneOf(env, 'DEMO_DATA', ['auto', 'always', 'never'] as const, 'auto'),
    maxPhotoBytes: integer(env, 'MAX_PHOTO_BYTES', 15 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    trustProxyHops: integer(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    smtpUrl: providerUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    smtpFrom: env.SMTP_FROM || 'Forget-me-not alerts <alerts@localhost>',
    smppUrl: providerUrl(env, 'SMPP_URL', ['smpp:']),
    smppSourceAddress: env.SMPP_SOURCE_ADDRESS || 'ChildAlert',
    dispatchWorkers: oneOf(env, 'DISPATCH_WORKERS', ['in-process', 'off'] as const, 'in-process'),
    dispatchMaxAttempts: integer(env, 'DISPATCH_MAX_ATTEMPTS', 8, 1, 50),
    allowPrivateDestinations: oneOf(env, 'DISPATCH_ALLOW_PRIVATE_ADDRESSES', ['yes', 'no'] as const, 'no') === 'yes',
    mapTileUrl,
    mapTileAttribution: env.MAP_TILE_ATTRIBUTION || undefined,
    metricsPort,
    metricsToken,
    sourceUrl,
    rateLimits: {
      email: integer(env, 'RATE_EMAIL', 200, 1, 1_000_000),
      sms: integer(env, 'RATE_SMS', 100, 1, 1_000_000),
      push: integer(env, 'RATE_PUSH', 1000, 1, 1_000_000),
      webhook: integer(env, 'RATE_WEBHOOK', 50_000, 1, 1_000_000),
    },
  };
}
