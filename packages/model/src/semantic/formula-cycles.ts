import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { celTypeOfResultType } from '../expressions/field-cel-types.ts';
import { fieldPath, type SemanticContext } from './context.ts';
import { expressionChecker } from './expression-checker.ts';
import { cycleThrough, cyclicComponents } from './graph.ts';

/**
 * A formula may not depend on itself, directly or through other formulas of its object. The
 * dependencies are the field identifiers that @mainline/expr finds in each formula; each cycle is
 * reported once, at the formula of its first field.
 */
export function checkFormulaCycles(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const checker = expressionChecker(ctx);
  for (const info of ctx.objects.values()) {
    const fields = info.object.fields ?? [];
    const formulaIndex = new Map<string, number>();
    fields.forEach((field, f) => {
      if (field.type === 'formula' && info.fields.get(field.id)?.index === f) formulaIndex.set(field.id, f);
    });
    if (formulaIndex.size === 0) continue;
    const adjacency: number[][] = fields.map((field) => {
      if (field.type !== 'formula' || !formulaIndex.has(field.id)) return [];
      const result = checker.result(info.object.id, field.expression, celTypeOfResultType(field.resultType));
      if (!result?.ok) return [];
      return result.identifiers.flatMap((id) => {
        const g = formulaIndex.get(id);
        return g === undefined ? [] : [g];
      });
    });
    for (const component of cyclicComponents(adjacency)) {
      const first = component[0]!;
      const cycle = cycleThrough(adjacency, component, first);
      const names = [...cycle, first].map((f) => `"${fields[f]!.id}"`).join(' → ');
      out.push(
        diagnostic(
          'config.formula.cycle',
          fieldPath(info, first, 'expression'),
          `Formula fields of object "${info.object.id}" depend on each other in a cycle: ${names}.`,
          `对象 "${info.object.id}" 的公式字段循环依赖：${names}。`,
        ),
      );
    }
  }
  return out;
}
