import { pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';
import { expressionChecker } from './expression-checker.ts';

/**
 * Expressions that decide who sees what: grant conditions (bool, compiled to SQL), list and kanban
 * filters (bool, SQL), form rules (bool) and queue priorities (a number).
 */
export function checkAccessExpressions(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const checker = expressionChecker(ctx);
  (ctx.pkg.roles ?? []).forEach((role, r) => {
    (role.grants ?? []).forEach((grant, g) => {
      for (const [action, actionGrant] of Object.entries(grant.actions ?? {})) {
        if (actionGrant?.condition === undefined) continue;
        out.push(
          ...checker.check(
            grant.object,
            actionGrant.condition,
            {
              path: pointer('roles', r, 'grants', g, 'actions', action, 'condition'),
              en: `"${action}" condition of role "${role.id}" on object "${grant.object}"`,
              zh: `角色 "${role.id}" 对对象 "${grant.object}" 的 "${action}" 授权条件`,
            },
            { kind: 'condition', sql: true },
          ),
        );
      }
    });
  });

  (ctx.pkg.views ?? []).forEach((view, v) => {
    if (view.kind === 'form') {
      view.sections.forEach((section, s) => {
        if (section.visibleWhen !== undefined) {
          out.push(
            ...checker.check(
              view.object,
              section.visibleWhen,
              { path: pointer('views', v, 'sections', s, 'visibleWhen'), en: `visibleWhen of section "${section.id}" on form "${view.id}"`, zh: `表单 "${view.id}" 分区 "${section.id}" 的 visibleWhen 条件` },
              { kind: 'condition' },
            ),
          );
        }
        section.fields.forEach((formField, k) => {
          for (const rule of ['visibleWhen', 'requiredWhen', 'readOnlyWhen'] as const) {
            const source = formField[rule];
            if (source === undefined) continue;
            out.push(
              ...checker.check(
                view.object,
                source,
                { path: pointer('views', v, 'sections', s, 'fields', k, rule), en: `${rule} of field "${formField.field}" on form "${view.id}"`, zh: `表单 "${view.id}" 中字段 "${formField.field}" 的 ${rule} 条件` },
                { kind: 'condition' },
              ),
            );
          }
        });
      });
    } else if (view.filter !== undefined) {
      out.push(...checker.check(view.object, view.filter, { path: pointer('views', v, 'filter'), en: `filter of view "${view.id}"`, zh: `视图 "${view.id}" 的筛选条件` }, { kind: 'condition', sql: true }));
    }
  });

  (ctx.pkg.queues ?? []).forEach((queue, q) => {
    if (queue.priority === undefined) return;
    out.push(...checker.check(queue.object, queue.priority, { path: pointer('queues', q, 'priority'), en: `priority of queue "${queue.id}"`, zh: `队列 "${queue.id}" 的优先级表达式` }, { kind: 'number' }));
  });
  return out;
}
