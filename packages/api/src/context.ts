import type { Database, PlatformPermission } from '@mainline/db';
import type { ConfigInForce } from './config-in-force.ts';

/** Who is calling an operation. */
export interface Actor {
  userId: string | null; // null for the command line acting with direct database access, and for anonymous callers
  username: string;
  permissions: readonly PlatformPermission[];
  via: 'session' | 'token' | 'cli' | 'anonymous';
  /** sessions.id (the hash of the cookie value) when `via` is 'session'. */
  sessionId?: string;
  /** api_tokens.id when `via` is 'token'. */
  tokenId?: string;
  /** The user's org unit: decides which configuration version they work in. */
  orgUnitId?: string | null;
  /** The user's language setting (users.locale). */
  locale?: string;
}

/** Where a request came from, for sessions and login rate limiting. */
export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

/** What every operation receives: the database and the caller. */
export interface OperationContext {
  database: Database;
  actor: Actor;
  client?: ClientInfo;
  /** The configuration in force for the caller, fixed when the request started (servers; absent on the CLI). */
  config?: ConfigInForce;
  /** The caller's language for messages taken from the configuration (validation rules); default 'en'. */
  locale?: 'en' | 'zh-CN';
}

/** The command line has direct database access, so it acts with every platform permission. */
export function cliActor(username = process.env.USER ?? 'cli'): Actor {
  return { userId: null, username, permissions: ['admin', 'editDrafts', 'publish', 'manageUsers'], via: 'cli' };
}

/** A caller who has not signed in: allowed to log in and nothing else. */
export function anonymousActor(): Actor {
  return { userId: null, username: 'anonymous', permissions: [], via: 'anonymous' };
}
