import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { apiTokens, users, type Db } from '@mainline/db';
import { perDatabase } from './per-database.ts';
import { newSecret, sha256Hex } from './secret.ts';
import type { UserRow } from './sessions.ts';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

// ml_<8 hex: shown in lists to tell tokens apart>_<32 random bytes, base64url>
const tokenPattern = /^ml_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;
// last_used_at is written at most once a minute per token.
const touchIntervalMs = 60 * 1000;

export interface NewApiToken {
  /** The whole token: shown once, never stored. */
  token: string;
  prefix: string;
  tokenHash: string;
}

export function generateApiToken(): NewApiToken {
  const prefix = randomBytes(4).toString('hex');
  const token = `ml_${prefix}_${newSecret(32)}`;
  return { token, prefix, tokenHash: sha256Hex(token) };
}

export type ApiTokenLookup =
  | { status: 'valid'; token: ApiTokenRow; user: UserRow }
  | { status: 'malformed' | 'unknown' | 'revoked' | 'expired' | 'user-disabled' };

/** The token look-up of every API request, a prepared statement (parsed and planned once per connection). */
const tokenLookup = perDatabase((db) =>
  db.select({ token: apiTokens, user: users }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.tokenHash, sql.placeholder('hash'))).prepare('find_api_token'),
);

/** Looks a bearer token up and records its use (throttled). */
export async function findApiToken(db: Db, raw: string, now = new Date()): Promise<ApiTokenLookup> {
  if (!tokenPattern.test(raw)) return { status: 'malformed' };
  const [row] = await tokenLookup(db).execute({ hash: sha256Hex(raw) });
  if (!row) return { status: 'unknown' };
  const { token, user } = row;
  if (token.revokedAt) return { status: 'revoked' };
  if (token.expiresAt && token.expiresAt <= now) return { status: 'expired' };
  if (user.disabledAt) return { status: 'user-disabled' };
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > touchIntervalMs) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id));
    token.lastUsedAt = now;
  }
  return { status: 'valid', token, user };
}
