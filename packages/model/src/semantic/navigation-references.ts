import type { InboxNavItem, NavItem, ViewNavItem } from '../generated/config.ts';
import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';
import { unknownRole } from './role-references.ts';

/** Menus: their roles, and the views their entries open (lists and kanban boards only). */
export function checkNavigationReferences(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.navigation ?? []).forEach((menu, m) => {
    (menu.roles ?? []).forEach((roleId, k) => {
      if (!ctx.roles.has(roleId)) out.push(unknownRole(roleId, pointer('navigation', m, 'roles', k), `menu "${menu.id}"`, `菜单 "${menu.id}"`));
    });
    const checkItem = (item: NavItem | ViewNavItem | InboxNavItem, path: (string | number)[]): void => {
      if (item.type === 'group') {
        item.items.forEach((child, c) => checkItem(child, [...path, 'items', c]));
        return;
      }
      if (item.type !== 'view') return;
      const view = ctx.views.get(item.view)?.value;
      const at = pointer('navigation', m, ...path, 'view');
      if (!view) {
        out.push(diagnostic('config.reference.unknown-view', at, `View "${item.view}" does not exist (entry of menu "${menu.id}").`, `视图 "${item.view}" 不存在（菜单 "${menu.id}" 的菜单项）。`));
      } else if (view.kind === 'form') {
        out.push(
          diagnostic(
            'config.reference.wrong-view-kind',
            at,
            `View "${item.view}" is a form; a menu entry opens a list or a kanban board (menu "${menu.id}").`,
            `视图 "${item.view}" 是表单；菜单项只能打开列表或看板（菜单 "${menu.id}"）。`,
          ),
        );
      }
    };
    (menu.items ?? []).forEach((item, i) => checkItem(item, ['items', i]));
  });
  return out;
}
