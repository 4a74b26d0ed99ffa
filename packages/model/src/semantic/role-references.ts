import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';
import { cycleThrough, cyclicComponents } from './graph.ts';

/** Grants (objects and their fields), inherited roles, inheritance cycles. */
export function checkRoleReferences(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const roles = ctx.pkg.roles ?? [];
  roles.forEach((role, r) => {
    (role.inherits ?? []).forEach((parent, k) => {
      if (!ctx.roles.has(parent)) {
        out.push(unknownRole(parent, pointer('roles', r, 'inherits', k), `inherited by role "${role.id}"`, `被角色 "${role.id}" 继承`));
      }
    });
    const granted = new Map<string, number>();
    (role.grants ?? []).forEach((grant, g) => {
      const info = ctx.objects.get(grant.object);
      if (!info) {
        out.push(
          diagnostic(
            'config.reference.unknown-object',
            pointer('roles', r, 'grants', g, 'object'),
            `Object "${grant.object}" does not exist (grant of role "${role.id}").`,
            `对象 "${grant.object}" 不存在（角色 "${role.id}" 的授权）。`,
          ),
        );
      } else {
        for (const fieldId of Object.keys(grant.fieldAccess?.fields ?? {})) {
          if (info.fields.has(fieldId)) continue;
          out.push(
            diagnostic(
              'config.reference.unknown-field',
              pointer('roles', r, 'grants', g, 'fieldAccess', 'fields', fieldId),
              `Field "${fieldId}" does not exist in object "${grant.object}" (field access of role "${role.id}").`,
              `对象 "${grant.object}" 中不存在字段 "${fieldId}"（角色 "${role.id}" 的字段权限）。`,
            ),
          );
        }
      }
      const earlier = granted.get(grant.object);
      if (earlier !== undefined) {
        out.push(
          diagnostic(
            'config.role.duplicate-grant',
            pointer('roles', r, 'grants', g, 'object'),
            `Role "${role.id}" has more than one grant for object "${grant.object}" (first at ${pointer('roles', r, 'grants', earlier)}); merge them into one.`,
            `角色 "${role.id}" 对对象 "${grant.object}" 有多条授权（首条位于 ${pointer('roles', r, 'grants', earlier)}），请合并为一条。`,
          ),
        );
      } else granted.set(grant.object, g);
    });
  });
  checkInheritanceCycles(ctx, out);
  return out;
}

function checkInheritanceCycles(ctx: SemanticContext, out: Diagnostic[]): void {
  const roles = ctx.pkg.roles ?? [];
  const adjacency = roles.map((role) => (role.inherits ?? []).flatMap((parent) => {
    const target = ctx.roles.get(parent);
    return target ? [target.index] : [];
  }));
  for (const component of cyclicComponents(adjacency)) {
    const first = component[0]!;
    const cycle = cycleThrough(adjacency, component, first);
    const next = cycle[1] ?? first;
    const role = roles[first]!;
    const k = (role.inherits ?? []).findIndex((parent) => ctx.roles.get(parent)?.index === next);
    const names = [...cycle, first].map((i) => `"${roles[i]?.id ?? ''}"`).join(' → ');
    out.push(
      diagnostic(
        'config.role.inheritance-cycle',
        pointer('roles', first, 'inherits', Math.max(k, 0)),
        `Roles inherit from each other in a cycle: ${names}.`,
        `角色之间存在循环继承：${names}。`,
      ),
    );
  }
}

export function unknownRole(roleId: string, path: string, whereEn: string, whereZh: string): Diagnostic {
  return diagnostic('config.reference.unknown-role', path, `Role "${roleId}" does not exist (${whereEn}).`, `角色 "${roleId}" 不存在（${whereZh}）。`);
}
