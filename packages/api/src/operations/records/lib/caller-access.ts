import { AccessCache, loadHeldRoles, type AccessAction, type AccessRule, type EffectiveAccess, type HeldRole } from '@mainline/access';
import type { ActiveVersion, Database } from '@mainline/db';
import type { ExprUser } from '@mainline/expr';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';

/** What the caller may do in one configuration version. */
export interface CallerAccess {
  /** null: the command line, which has direct database access and is not limited by business roles. */
  access: EffectiveAccess | null;
  /** The caller as expressions see them (`user`): roles and units from their assignments. */
  user: ExprUser;
}

const caches = new WeakMap<Database, AccessCache>();

/** The notification channel of organisation changes: every server drops its cached access on it. */
export const ACCESS_CHANNEL = 'mainline_access';

/**
 * Drops this process's cached access whenever any process changes the organisation (units, role
 * assignments, users): LISTEN on ACCESS_CHANNEL. Returns the unsubscribe function; servers call
 * it at start.
 */
export function followAccessChanges(database: Database): Promise<() => Promise<void>> {
  return database.listen(ACCESS_CHANNEL, () => accessCacheOf(database).invalidate());
}

/** The access cache of a database (one per process and database): invalidate it when assignments or the org tree change. */
export function accessCacheOf(database: Database): AccessCache {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new AccessCache((userId) => loadHeldRoles(database, userId))));
  return cache;
}

const resolved = new WeakMap<OperationContext, Map<number, CallerAccess>>();

/**
 * Resolves the caller's access in `version` once per operation context (versionInForce calls it,
 * so every records operation has it before its first query); later look-ups are synchronous.
 */
export async function resolveCallerAccess(ctx: OperationContext, version: ActiveVersion): Promise<CallerAccess> {
  let byVersion = resolved.get(ctx);
  const known = byVersion?.get(version.id);
  if (known) return known;
  const { actor } = ctx;
  if (actor.via === 'anonymous' || (actor.via !== 'cli' && !actor.userId)) throw new OperationError(401, 'auth.unauthenticated', 'Sign in first.');
  const user: ExprUser = { id: actor.userId ?? '', username: actor.username, orgUnit: actor.orgUnitId ?? null, roles: [], units: [], locale: ctx.locale ?? 'en' };
  let access: EffectiveAccess | null = null;
  if (actor.via !== 'cli') {
    access = await accessCacheOf(ctx.database).accessFor(version, actor.userId!);
    Object.assign(user, heldRolesAndUnits(access.held));
  }
  const out: CallerAccess = { access, user };
  if (!byVersion) resolved.set(ctx, (byVersion = new Map()));
  byVersion.set(version.id, out);
  return out;
}

/** `user.roles` and `user.units` of expressions: the distinct roles held and the units they are held in. */
export function heldRolesAndUnits(held: readonly HeldRole[]): Pick<ExprUser, 'roles' | 'units'> {
  return { roles: [...new Set(held.map((h) => h.roleId))].sort(), units: [...new Set(held.map((h) => h.orgUnitId))].sort() };
}

/** The caller's access in `version`, resolved before (resolveCallerAccess). */
export function callerAccess(ctx: OperationContext, version: ActiveVersion): CallerAccess {
  const found = resolved.get(ctx)?.get(version.id);
  if (found) return found;
  if (ctx.actor.via === 'cli') return { access: null, user: { id: '', username: ctx.actor.username, orgUnit: null, roles: [], units: [], locale: ctx.locale ?? 'en' } };
  throw new Error(`access of ${ctx.actor.username} in version ${version.id} used before it was resolved (resolveCallerAccess)`);
}

/** The rules that allow `action` on records of `objectId`; null when the caller is not limited (the command line). */
export function actionRules(ctx: OperationContext, version: ActiveVersion, objectId: string, action: AccessAction): AccessRule[] | null {
  const { access } = callerAccess(ctx, version);
  if (access === null) return null;
  return access.objects.get(objectId)?.rules[action] ?? [];
}

/** The caller as expressions see them, in the version their operation resolved (empty roles before that). */
export function resolvedUser(ctx: OperationContext): ExprUser | undefined {
  const byVersion = resolved.get(ctx);
  return byVersion ? byVersion.values().next().value?.user : undefined;
}
