import { and, count, eq, gt, lt, min } from 'drizzle-orm';
import { loginFailures, type Db } from '@mainline/db';

/** Failed logins allowed within the window, per username and per client address. */
export const loginRateLimit = { windowMs: 15 * 60 * 1000, perUsername: 5, perIp: 20 };

export type RateLimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * Whether another login attempt for this username or from this address is refused. Counted in
 * the database, so that every server process sees the same failures.
 */
export async function checkLoginRateLimit(db: Db, username: string, ip: string | undefined, now = new Date()): Promise<RateLimitVerdict> {
  const since = new Date(now.getTime() - loginRateLimit.windowMs);
  const recent = gt(loginFailures.at, since);
  const checks = [{ where: and(eq(loginFailures.username, usernameKey(username)), recent), limit: loginRateLimit.perUsername }];
  if (ip) checks.push({ where: and(eq(loginFailures.ip, ip), recent), limit: loginRateLimit.perIp });
  let retryAt = 0;
  for (const check of checks) {
    const [row] = await db.select({ n: count(), oldest: min(loginFailures.at) }).from(loginFailures).where(check.where);
    // Refused attempts are not recorded, so the count stops at the limit and frees up when the oldest failure leaves the window.
    if (row && row.n >= check.limit && row.oldest) retryAt = Math.max(retryAt, new Date(row.oldest).getTime() + loginRateLimit.windowMs);
  }
  if (retryAt === 0) return { limited: false };
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)) };
}

export async function recordLoginFailure(db: Db, username: string, ip: string | undefined, now = new Date()): Promise<void> {
  await db.insert(loginFailures).values({ username: usernameKey(username), ip: ip ?? null, at: now });
  // Failures older than the window count for nothing: dropping them keeps the table small.
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - loginRateLimit.windowMs)));
}

/** A successful login forgets the username's failures (not the address's: other usernames may be under attack from it). */
export async function clearLoginFailures(db: Db, username: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.username, usernameKey(username)));
}
