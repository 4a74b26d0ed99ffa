import { eq, or, sql } from 'drizzle-orm';
import { accessActions, effectiveAccess, judgeRules, loadHeldRoles, type AccessAction, type FieldAccess, type Scope } from '@mainline/access';
import { users } from '@mainline/db';
import { compileExpr } from '@mainline/expr';
import type { OperationContext } from '../../context.ts';
import { OperationError, requireAnyPermission } from '../../errors.ts';
import { isUuid } from '../org/lib/is-uuid.ts';
import { findRecord } from '../records/get-record.ts';
import { heldRolesAndUnits, resolveCallerAccess } from '../records/lib/caller-access.ts';
import { recordEnv } from '../records/lib/record-env.ts';
import { recordSelectList } from '../records/lib/record-columns.ts';
import { table } from '../records/lib/record-rows.ts';
import { targetIn, type RecordTarget } from '../records/lib/record-target.ts';
import { versionOfUnit } from '../records/lib/version-in-force.ts';

export interface ExplainAccessInput {
  /** The user: id or username. */
  user: string;
  object: string;
  /** A record id: decide each action on this record; without it, say which rules could allow it. */
  record?: string;
}

export interface ExplainedRule {
  roleId: string;
  /** The role whose grant it is (roleId itself, or a role it inherits). */
  grantedBy: string;
  orgUnitId: string;
  scope: Scope;
  condition: string | null;
  /** With a record: whether it is in the scope, whether the condition holds (null: none, or not reached), whether the rule allows it. */
  inScope?: boolean;
  conditionHolds?: boolean | null;
  allows?: boolean;
}

export interface ExplainedAction {
  action: AccessAction;
  /** Without a record: whether some record could be allowed (any rule); with one: whether this record is. */
  allowed: boolean;
  rules: ExplainedRule[];
}

export interface AccessExplanation {
  user: { id: string; username: string; orgUnitId: string | null };
  object: string;
  versionId: number;
  record: string | null;
  /** The roles the user holds, where. */
  roles: { roleId: string; orgUnitId: string }[];
  actions: ExplainedAction[];
  fields: { field: string; access: FieldAccess; roles: string[] }[];
}

/**
 * Why a user may or may not do each action on an object (and on one record): every rule from
 * their roles (role@unit, inherited grants), its scope and condition and, on a record, how each
 * decided; and the access to each field with the roles that give it. For admins and analysts
 * (platform permissions manageUsers or editDrafts); the studio's "view as user" reads it.
 * Explains in the configuration version the user works in (their unit's pilot, else the whole
 * organisation's; named in the answer). A user administrator (manageUsers) may explain any
 * record; an analyst only one their own business roles let them read (404 otherwise).
 */
export async function explainAccess(ctx: OperationContext, input: ExplainAccessInput): Promise<AccessExplanation> {
  requireAnyPermission(ctx.actor, ['manageUsers', 'editDrafts']);
  const user = await findUser(ctx, input.user);
  const version = await versionOfUnit(ctx, user.orgUnitId);
  const target = targetIn(version, input.object);
  const held = await loadHeldRoles(ctx.database, user.id);
  const access = effectiveAccess(version.package, user.id, held).objects.get(target.object.id)!;

  let record: Record<string, unknown> | null = null;
  if (input.record !== undefined) {
    // user administrators look into any record (that is what they debug); analysts only into those they may read
    const userAdmin = ctx.actor.via === 'cli' || ctx.actor.permissions.includes('manageUsers') || ctx.actor.permissions.includes('admin');
    if (!userAdmin) await resolveCallerAccess(ctx, version);
    record = userAdmin ? await anyRecord(ctx, target, input.record) : await findRecord(ctx, target, input.record, { includeDeleted: true });
    if (!record) {
      const message = `There is no ${target.object.id} record ${JSON.stringify(input.record)}.`;
      throw new OperationError(404, 'records.not-found', message, [{ pointer: '/record', code: 'records.not-found', message }]);
    }
  }
  const exprUser = { id: user.id, username: user.username, orgUnit: user.orgUnitId, ...heldRolesAndUnits(held) };
  const env = recordEnv(target);
  const holds = (source: string) => {
    try {
      return compileExpr(env, source).test({ record: record!, user: exprUser, now: new Date() });
    } catch {
      return false;
    }
  };

  const actions = accessActions.map((action): ExplainedAction => {
    const rules = access.rules[action];
    const base = (r: (typeof rules)[number]): ExplainedRule => ({ roleId: r.roleId, grantedBy: r.grantedBy, orgUnitId: r.orgUnitId, scope: r.scope, condition: r.condition ?? null });
    if (!record) return { action, allowed: rules.length > 0, rules: rules.map(base) };
    const outcomes = judgeRules(rules, record, user.id, holds);
    return {
      action,
      allowed: outcomes.some((o) => o.allows),
      rules: outcomes.map((o) => ({ ...base(o.rule), inScope: o.inScope, conditionHolds: o.condition, allows: o.allows })),
    };
  });
  return {
    user,
    object: target.object.id,
    versionId: version.id,
    record: (record?.id as string | undefined) ?? null,
    roles: held.map((h) => ({ roleId: h.roleId, orgUnitId: h.orgUnitId })),
    actions,
    fields: Object.entries(access.fields).map(([field, right]) => ({ field, access: right.access, roles: right.roles })),
  };
}

async function anyRecord(ctx: OperationContext, target: RecordTarget, id: string): Promise<Record<string, unknown> | null> {
  if (!isUuid(id)) return null;
  const [row] = await ctx.database.rows<Record<string, unknown>>(sql`SELECT ${recordSelectList(target, { withDeletedAt: true })} FROM ${table(target)} WHERE "id" = ${id}::uuid`);
  return row ?? null;
}

async function findUser(ctx: OperationContext, idOrName: string): Promise<AccessExplanation['user']> {
  const text = typeof idOrName === 'string' ? idOrName.trim() : '';
  const match = isUuid(text) ? or(eq(users.id, text), eq(sql`lower(${users.username})`, text.toLowerCase())) : eq(sql`lower(${users.username})`, text.toLowerCase());
  const [user] = await ctx.database.db.select({ id: users.id, username: users.username, orgUnitId: users.orgUnitId }).from(users).where(match);
  if (!user) {
    const message = `There is no user "${text}".`;
    throw new OperationError(404, 'access.user-unknown', message, [{ pointer: '/user', code: 'access.user-unknown', message }]);
  }
  return user;
}
