import type { ApiTokenRow } from '../../auth/api-tokens.ts';

/** An API token as lists show it: never the secret nor its hash. */
export interface ApiTokenSummary {
  id: string;
  userId: string;
  name: string;
  /** The start of the token (`ml_1a2b3c4d`), to tell tokens apart. */
  prefix: string;
  status: 'active' | 'expired' | 'revoked';
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export function toApiTokenSummary(row: ApiTokenRow, now = new Date()): ApiTokenSummary {
  const status = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= now ? 'expired' : 'active';
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    prefix: `ml_${row.prefix}`,
    status,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
