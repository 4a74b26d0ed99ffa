import type { LocalizedText } from '@mainline/model';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';

export interface CurrentConfig {
  /** null until a first version is published. */
  version: {
    id: number;
    hash: string;
    message: string;
    createdAt: string;
    packageId: string;
    objects: { id: string; label: LocalizedText }[];
  } | null;
}

/** Which configuration version the caller works in (their nearest org unit with one, else the organisation's). */
export async function currentConfig(ctx: OperationContext): Promise<CurrentConfig> {
  if (ctx.actor.via === 'anonymous') throw new OperationError(401, 'auth.unauthenticated', 'Sign in first.');
  if (!ctx.config) throw new Error('currentConfig needs a server context (ctx.config is missing)');
  const version = await ctx.config.version();
  if (!version) return { version: null };
  return {
    version: {
      id: version.id,
      hash: version.hash,
      message: version.message,
      createdAt: version.createdAt.toISOString(),
      packageId: version.package.id,
      objects: version.package.objects.map((o) => ({ id: o.id, label: o.label })),
    },
  };
}
