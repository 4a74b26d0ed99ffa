import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { fieldPath, type SemanticContext } from './context.ts';
import { expressionChecker } from './expression-checker.ts';
import { reservedFieldIds } from './names.ts';

/**
 * Fields whose id the expression language keeps for itself (a built-in name such as `type` or
 * `int`): the field works, but expressions cannot name it. The list comes from @mainline/expr
 * (`ExprEnv.unavailableFields`); ids that are reserved outright are reported by reserved-ids.ts.
 */
export function checkExpressionNames(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const checker = expressionChecker(ctx);
  for (const info of ctx.objects.values()) {
    const env = checker.env(info.object.id);
    if (!env) continue;
    for (const name of env.unavailableFields) {
      if (reservedFieldIds.has(name)) continue;
      const field = info.fields.get(name);
      if (!field) continue;
      out.push(
        diagnostic(
          'config.id.expression-unavailable',
          fieldPath(info, field.index, 'id'),
          `Field "${name}" of object "${info.object.id}" cannot be used in expressions: "${name}" is a built-in name of the expression language. Rename it (for example "${info.object.id}${name[0]!.toUpperCase()}${name.slice(1)}").`,
          `对象 "${info.object.id}" 的字段 "${name}" 无法在表达式中使用："${name}" 是表达式语言的内置名称。请改名（例如 "${info.object.id}${name[0]!.toUpperCase()}${name.slice(1)}"）。`,
          'warning',
        ),
      );
    }
  }
  return out;
}
