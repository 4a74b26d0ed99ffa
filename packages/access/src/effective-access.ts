import type { ConfigPackage, FieldAccess, Role } from '@mainline/model';
import { accessActions, type AccessAction, type AccessRule, type EffectiveAccess, type FieldRight, type HeldRole, type ObjectAccess } from './types.ts';

const rank: Record<FieldAccess, number> = { hidden: 0, read: 1, edit: 2 };

/**
 * The roles whose grants `roleId` carries: itself, then what it inherits, transitively. A cycle
 * (refused when the configuration is validated) cannot loop here: each role is visited once.
 */
export function roleClosure(roles: ReadonlyMap<string, Role>, roleId: string): Role[] {
  const out: Role[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const role = roles.get(id);
    if (!role) return;
    out.push(role);
    for (const parent of role.inherits ?? []) visit(parent);
  };
  visit(roleId);
  return out;
}

/**
 * What a user holding `held` may do in the configuration `pkg`: per object, the rules that allow
 * each action (the scope anchored where the role is held; several rules add up — any one that
 * matches allows) and the access to each field, the most permissive over the roles with a grant
 * on the object (`edit` where a grant says nothing about fields; `hidden` without any grant).
 * A held role the configuration does not define (retired in this version) grants nothing.
 */
export function effectiveAccess(pkg: ConfigPackage, userId: string, held: readonly HeldRole[]): EffectiveAccess {
  const roles = new Map(pkg.roles.map((r) => [r.id, r]));
  const objects = new Map<string, ObjectAccess>();
  for (const object of pkg.objects) {
    const fields: Record<string, FieldRight> = {};
    for (const field of object.fields) fields[field.id] = { access: 'hidden', roles: [] };
    objects.set(object.id, { objectId: object.id, rules: emptyRules(), fields });
  }
  for (const holding of held) {
    const subtree = new Set(holding.subtree);
    for (const role of roleClosure(roles, holding.roleId)) {
      for (const grant of role.grants) {
        const access = objects.get(grant.object);
        if (!access) continue;
        for (const action of accessActions) {
          const allowed = grant.actions[action];
          if (!allowed) continue;
          const rule: AccessRule = { action, roleId: holding.roleId, grantedBy: role.id, orgUnitId: holding.orgUnitId, scope: allowed.scope };
          if (allowed.condition !== undefined) rule.condition = allowed.condition;
          if (allowed.scope === 'unitAndBelow') rule.subtree = subtree;
          access.rules[action].push(rule);
        }
        for (const [fieldId, right] of Object.entries(access.fields)) {
          const given = grant.fieldAccess?.fields?.[fieldId] ?? grant.fieldAccess?.default ?? 'edit';
          if (rank[given] > rank[right.access]) {
            right.access = given;
            right.roles = [holding.roleId];
          } else if (rank[given] === rank[right.access] && given !== 'hidden' && !right.roles.includes(holding.roleId)) {
            right.roles.push(holding.roleId);
          }
        }
      }
    }
  }
  return { userId, held, objects };
}

function emptyRules(): Record<AccessAction, AccessRule[]> {
  return Object.fromEntries(accessActions.map((a) => [a, []])) as unknown as Record<AccessAction, AccessRule[]>;
}
