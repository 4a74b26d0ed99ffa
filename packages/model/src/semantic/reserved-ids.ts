import { diagnostic, pointer, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SemanticContext } from './context.ts';
import { reservedFieldIds } from './names.ts';

/** Field ids that collide with system columns, expression variables or CEL reserved words. */
export function checkReservedIds(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  (ctx.pkg.objects ?? []).forEach((object, o) => {
    (object.fields ?? []).forEach((field, f) => {
      if (!reservedFieldIds.has(field.id)) return;
      out.push(
        diagnostic(
          'config.id.reserved',
          pointer('objects', o, 'fields', f, 'id'),
          `Field id "${field.id}" is reserved (a system field, an expression variable or a CEL keyword); choose another id (object "${object.id}").`,
          `字段 id "${field.id}" 是保留名称（系统字段、表达式变量或 CEL 关键字），请换一个 id（对象 "${object.id}"）。`,
        ),
      );
    });
  });
  return out;
}
