import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, users } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, type Problem } from '../../errors.ts';
import { generateApiToken } from '../../auth/api-tokens.ts';
import { auditAuth } from './audit-auth.ts';
import { toApiTokenSummary, type ApiTokenSummary } from './api-token-summary.ts';
import { tokenOwner } from './token-owner.ts';
import { isUuid } from './is-uuid.ts';

export interface CreateApiTokenInput {
  name: string;
  /** ISO 8601 date-time; no expiry when absent or null. */
  expiresAt?: string | null;
  /** Another user's id (needs manageUsers); the caller's own token when absent. */
  userId?: string;
}

export interface CreatedApiToken extends ApiTokenSummary {
  /** The whole token: shown this once, never again. */
  token: string;
}

/** Creates an API token for an integrator. Only its hash is stored; the token is returned once. */
export async function createApiToken(ctx: OperationContext, input: CreateApiTokenInput): Promise<CreatedApiToken> {
  // A leaked token must not be able to mint fresh tokens that outlive its revocation.
  if (ctx.actor.via === 'token') throw new OperationError(403, 'auth.session-required', 'API tokens are created from a signed-in session, not with another API token.');
  const userId = tokenOwner(ctx.actor, input.userId);
  const name = input.name.trim();
  const problems: Problem[] = [];
  if (name.length === 0 || name.length > 100) problems.push({ pointer: '/name', code: 'auth.token.name', message: 'A token name has 1 to 100 characters.' });
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && Number.isNaN(expiresAt.getTime())) problems.push({ pointer: '/expiresAt', code: 'auth.token.expires-at', message: 'Not a date-time.' });
  else if (expiresAt && expiresAt <= new Date()) problems.push({ pointer: '/expiresAt', code: 'auth.token.expires-at', message: 'The expiry must lie in the future.' });
  if (problems.length > 0) throw new OperationError(422, 'auth.token-rejected', 'The token cannot be created as asked.', problems);

  const { db } = ctx.database;
  const [owner] = isUuid(userId) ? await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), isNull(users.disabledAt))) : [];
  if (!owner) throw new OperationError(404, 'auth.user-not-found', 'There is no active user with this id.', [{ pointer: '/userId', code: 'auth.user-not-found', message: 'Unknown user.' }]);
  const secret = generateApiToken();
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens).values({ userId, name, tokenHash: secret.tokenHash, prefix: secret.prefix, expiresAt }).returning();
    if (!row) throw new Error('insert returned no row');
    await auditAuth(tx, ctx.actor, 'auth.token-created', { tokenId: row.id, userId, name });
    return { ...toApiTokenSummary(row), token: secret.token };
  });
}
