import { eq } from 'drizzle-orm';
import { configVersions, orgUnits, resolveVersionId, rolloutAssignments, WHOLE_ORGANISATION, type ActiveVersion, type Database, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { Lru } from './lru.ts';
import { readAssignments } from '../../config/lib/read-assignments.ts';
import { resolveCallerAccess } from './caller-access.ts';

/**
 * The configuration version the caller works in, with the caller's access in it resolved: the one fixed at the start of their request on
 * a server (ctx.config), else — on the command line — the whole organisation's.
 */
export async function versionInForce(ctx: OperationContext): Promise<ActiveVersion> {
  const version = ctx.config ? await ctx.config.version() : await organisationVersion(ctx);
  if (!version) throw new OperationError(409, 'records.no-configuration', 'No configuration is published yet: publish one first (mainline publish, or POST /api/v1/config/versions).');
  await resolveCallerAccess(ctx, version);
  return version;
}

/**
 * The configuration version a user of unit `orgUnitId` works in (a pilot unit's, else the whole
 * organisation's), for operations about another user (explain). The caller's own version object
 * when it is that one, so its caches serve.
 */
export async function versionOfUnit(ctx: OperationContext, orgUnitId: string | null): Promise<ActiveVersion> {
  const own = await versionInForce(ctx);
  const assignments = await readAssignments(ctx.database.db);
  const [unit] = orgUnitId === null ? [] : await ctx.database.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId));
  const id = resolveVersionId(assignments, unit?.path ?? null);
  return id === null ? own : versionById(ctx, id);
}

/**
 * A published version by id, in force or not (a process instance runs on the version it started
 * on): the caller's own version object when it is that one, so its caches serve. Read through `db`
 * (a transaction's, inside one). The caller's access in it is not resolved here.
 */
export async function versionById(ctx: OperationContext, id: number, db: Db = ctx.database.db): Promise<ActiveVersion> {
  const own = ctx.config ? await ctx.config.version() : null;
  if (own?.id === id) return own;
  let loaded = loadedVersions.get(ctx.database);
  const known = loaded?.get(id);
  if (known) return known;
  const [row] = await db.select(versionColumns).from(configVersions).where(eq(configVersions.id, id));
  if (!row) throw new OperationError(404, 'config.version-not-found', `There is no configuration version ${id}.`);
  if (!loaded) loadedVersions.set(ctx.database, (loaded = new Lru<number, ActiveVersion>(16)));
  loaded.set(id, row);
  return row;
}

/** Versions read by id, per database: a version never changes once published, so one object per id serves every later look-up (and the per-version caches with it). */
const loadedVersions = new WeakMap<Database, Lru<number, ActiveVersion>>();

const versionColumns = { id: configVersions.id, hash: configVersions.hash, package: configVersions.package, physical: configVersions.physical, message: configVersions.message, createdAt: configVersions.createdAt };

async function organisationVersion(ctx: OperationContext): Promise<ActiveVersion | null> {
  const id = await organisationVersionId(ctx.database.db);
  return id === null ? null : versionById(ctx, id);
}

/** The id of the whole organisation's version; null before the first publish. Read through `db` (a transaction's, inside one). */
export async function organisationVersionId(db: Db): Promise<number | null> {
  const [row] = await db.select({ versionId: rolloutAssignments.versionId }).from(rolloutAssignments).where(eq(rolloutAssignments.unitKey, WHOLE_ORGANISATION));
  return row?.versionId ?? null;
}
