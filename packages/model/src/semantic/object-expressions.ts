import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { celTypeOfResultType } from '../expressions/field-cel-types.ts';
import { fieldCelType, fieldPath, objectPath, readOnlyFieldTypes, type SemanticContext } from './context.ts';
import { expressionChecker } from './expression-checker.ts';

/**
 * The expressions of objects: validation rules (bool), default expressions (the field's type),
 * formulas (their declared result type) and rollup filters (bool, over the child object's fields).
 */
export function checkObjectExpressions(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const checker = expressionChecker(ctx);
  for (const info of ctx.objects.values()) {
    const { object } = info;
    const o = object.id;
    (object.validations ?? []).forEach((rule, r) => {
      out.push(
        ...checker.check(o, rule.expression, { path: objectPath(info, 'validations', r, 'expression'), en: `validation "${rule.id}" of object "${o}"`, zh: `对象 "${o}" 的校验规则 "${rule.id}"` }, { kind: 'condition' }),
      );
    });
    (object.fields ?? []).forEach((field, f) => {
      const fid = field.id;
      (field.validations ?? []).forEach((rule, r) => {
        out.push(
          ...checker.check(
            o,
            rule.expression,
            { path: fieldPath(info, f, 'validations', r, 'expression'), en: `validation "${rule.id}" of field "${fid}" in object "${o}"`, zh: `对象 "${o}" 字段 "${fid}" 的校验规则 "${rule.id}"` },
            { kind: 'condition' },
          ),
        );
      });
      if (field.defaultExpression !== undefined && !readOnlyFieldTypes.has(field.type)) {
        out.push(
          ...checker.check(
            o,
            field.defaultExpression,
            { path: fieldPath(info, f, 'defaultExpression'), en: `default expression of field "${fid}" in object "${o}"`, zh: `对象 "${o}" 字段 "${fid}" 的默认值表达式` },
            { kind: 'type', type: fieldCelType(ctx, field) },
          ),
        );
      }
      if (field.type === 'formula') {
        out.push(
          ...checker.check(
            o,
            field.expression,
            { path: fieldPath(info, f, 'expression'), en: `formula of field "${fid}" in object "${o}"`, zh: `对象 "${o}" 公式字段 "${fid}" 的表达式` },
            { kind: 'type', type: celTypeOfResultType(field.resultType), code: 'config.formula.result-type' },
          ),
        );
      } else if (field.type === 'rollup' && field.filter !== undefined) {
        out.push(
          ...checker.check(
            field.from,
            field.filter,
            {
              path: fieldPath(info, f, 'filter'),
              en: `filter of rollup field "${fid}" in object "${o}" (over "${field.from}" records)`,
              zh: `对象 "${o}" 汇总字段 "${fid}" 的筛选条件（作用于 "${field.from}" 记录）`,
            },
            { kind: 'condition' },
          ),
        );
      }
    });
  }
  return out;
}
