import { configVersions, diffConfig, type ConfigChanges } from '@mainline/db';
import { eq } from 'drizzle-orm';
import type { OperationContext } from '../../context.ts';
import { OperationError, requireAnyPermission } from '../../errors.ts';
import { versionReaders } from './lib/version-readers.ts';

export interface DiffVersionsInput {
  /** Default: the version `to` was planned against. */
  from?: number;
  to: number;
}

export interface VersionDiff {
  from: number | null;
  to: number;
  changes: ConfigChanges;
}

/** What changed between two published versions, matched by table and column, so renames show as renames. Needs editDrafts or publish. */
export async function diffVersions(ctx: OperationContext, input: DiffVersionsInput): Promise<VersionDiff> {
  requireAnyPermission(ctx.actor, versionReaders);
  const load = async (id: number) => {
    const [row] = await ctx.database.db.select().from(configVersions).where(eq(configVersions.id, id));
    if (!row) throw new OperationError(404, 'config.version.unknown', `There is no version ${id}.`);
    return row;
  };
  const to = await load(input.to);
  const fromId = input.from ?? to.parentId;
  const from = fromId === null ? null : await load(fromId);
  return { from: fromId, to: to.id, changes: diffConfig(from, to) };
}
