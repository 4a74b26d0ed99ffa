import type { Field } from '../generated/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { fieldPath, readOnlyFieldTypes, type ObjectInfo, type SemanticContext } from './context.ts';

/** Default values: one kind of default only, options that exist, values within the field's limits. */
export function checkFieldDefaults(ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const info of ctx.objects.values()) {
    (info.object.fields ?? []).forEach((field, f) => checkField(info, field, f, out));
  }
  return out;
}

function checkField(info: ObjectInfo, field: Field, f: number, out: Diagnostic[]): void {
  // most fields have nothing to check: skip them before building any message
  if (field.defaultExpression === undefined && !('default' in field) && !('min' in field) && !('max' in field) && !('pattern' in field)) return;
  const objectId = info.object.id;
  const where = `field "${field.id}" of object "${objectId}"`;
  const whereZh = `对象 "${objectId}" 的字段 "${field.id}"`;
  const path = (...rest: (string | number)[]): string => fieldPath(info, f, ...rest);
  const hasDefault = 'default' in field && field.default !== undefined;

  if (field.defaultExpression !== undefined) {
    if (readOnlyFieldTypes.has(field.type)) {
      out.push(
        diagnostic('config.field.default-on-computed', path('defaultExpression'), `A ${field.type} field is computed and cannot have a default (${where}).`, `${field.type} 字段由系统计算，不能设置默认值（${whereZh}）。`),
      );
    } else if (hasDefault) {
      out.push(
        diagnostic('config.field.default-conflict', path('defaultExpression'), `Give either "default" or "defaultExpression", not both (${where}).`, `"default" 与 "defaultExpression" 只能设置其一（${whereZh}）。`),
      );
    }
  }

  switch (field.type) {
    case 'choice':
      if (field.default !== undefined) checkOption(field.options, field.default, path('default'), where, whereZh, out);
      break;
    case 'multiChoice':
      (field.default ?? []).forEach((value, k) => checkOption(field.options, value, path('default', k), where, whereZh, out));
      break;
    case 'number':
    case 'currency':
    case 'percent': {
      const { min, max } = field;
      if (min !== undefined && max !== undefined && min > max) {
        out.push(diagnostic('config.field.min-max', path('min'), `"min" (${min}) is greater than "max" (${max}) (${where}).`, `"min"（${min}）大于 "max"（${max}）（${whereZh}）。`));
      }
      const value = field.default;
      if (value !== undefined && ((min !== undefined && value < min) || (max !== undefined && value > max))) {
        out.push(
          diagnostic(
            'config.field.default-out-of-range',
            path('default'),
            `The default ${value} is outside the allowed range ${min ?? '−∞'} … ${max ?? '∞'} (${where}).`,
            `默认值 ${value} 超出允许范围 ${min ?? '−∞'} … ${max ?? '∞'}（${whereZh}）。`,
          ),
        );
      }
      break;
    }
    case 'text':
      checkText(field.default, field.maxLength, field.pattern, path, where, whereZh, out);
      break;
    case 'longText':
      checkText(field.default, field.maxLength, undefined, path, where, whereZh, out);
      break;
    default:
      break;
  }
}

function checkOption(options: readonly { value: string; retired?: boolean }[], value: string, path: string, where: string, whereZh: string, out: Diagnostic[]): void {
  const option = options.find((o) => o.value === value);
  if (!option) {
    out.push(
      diagnostic(
        'config.field.default-not-option',
        path,
        `The default "${value}" is not one of the options (${where}).`,
        `默认值 "${value}" 不是该字段的选项之一（${whereZh}）。`,
      ),
    );
  } else if (option.retired) {
    out.push(
      diagnostic(
        'config.field.default-retired-option',
        path,
        `The default "${value}" is a retired option; new records would get a value that is no longer offered (${where}).`,
        `默认值 "${value}" 是已停用的选项；新记录会得到一个不再提供的值（${whereZh}）。`,
        'warning',
      ),
    );
  }
}

function checkText(
  value: string | undefined,
  maxLength: number | undefined,
  pattern: string | undefined,
  path: (...rest: (string | number)[]) => string,
  where: string,
  whereZh: string,
  out: Diagnostic[],
): void {
  let regex: RegExp | undefined;
  if (pattern !== undefined) {
    try {
      regex = new RegExp(`^(?:${pattern})$`);
    } catch (error) {
      out.push(
        diagnostic(
          'config.field.pattern-invalid',
          path('pattern'),
          `The pattern is not a valid regular expression: ${error instanceof Error ? error.message : String(error)} (${where}).`,
          `pattern 不是有效的正则表达式：${error instanceof Error ? error.message : String(error)}（${whereZh}）。`,
        ),
      );
    }
  }
  if (value === undefined) return;
  if (maxLength !== undefined && value.length > maxLength) {
    out.push(
      diagnostic('config.field.default-out-of-range', path('default'), `The default is ${value.length} characters long; at most ${maxLength} are allowed (${where}).`, `默认值长度为 ${value.length} 个字符，最多允许 ${maxLength} 个（${whereZh}）。`),
    );
  }
  if (regex && !regex.test(value)) {
    out.push(
      diagnostic(
        'config.field.default-pattern-mismatch',
        path('default'),
        `The default "${value}" does not match the field's pattern (${where}).`,
        `默认值 "${value}" 不符合该字段的 pattern（${whereZh}）。`,
      ),
    );
  }
}
