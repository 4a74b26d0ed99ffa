import { systemColumnNames } from '@mainline/db';
import type { Problem } from '../../../errors.ts';
import type { RecordTarget } from '../lib/record-target.ts';
import { checkValue } from './check-value.ts';
import { valueProblem, type Locale } from './value-problem.ts';

/** Fields whose values the system computes: writing them is refused. */
export const computedTypes: ReadonlySet<string> = new Set(['formula', 'autoNumber', 'rollup']);

/**
 * The written values, each checked against its field: unknown fields, system columns and
 * computed fields are refused, the others normalised to API form. Collects every problem.
 */
export function checkShape(target: RecordTarget, values: unknown, locale: Locale, before: Record<string, unknown> | null): { written: Record<string, unknown>; problems: Problem[] } {
  const problems: Problem[] = [];
  const written: Record<string, unknown> = {};
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return { written, problems: [{ pointer: '/values', code: 'records.values.type', message: locale === 'zh-CN' ? 'values 必须是对象。' : '`values` must be an object of field values.' }] };
  }
  for (const [fieldId, raw] of Object.entries(values)) {
    const field = target.fields.get(fieldId);
    if (systemColumnNames.has(fieldId) || (field && computedTypes.has(field.type))) {
      problems.push(valueProblem(fieldId, 'records.field.read-only', locale, `"${fieldId}" is read-only.`, `"${fieldId}" 是只读字段。`));
    } else if (!field) {
      problems.push(valueProblem(fieldId, 'records.field.unknown', locale, `"${target.object.id}" has no field "${fieldId}".`, `"${target.object.id}" 没有字段 "${fieldId}"。`));
    } else if (raw === undefined) {
      continue;
    } else {
      const checked = checkValue(field, raw, locale, before?.[fieldId]);
      if (checked.ok) written[fieldId] = checked.value;
      else problems.push(checked.problem);
    }
  }
  return { written, problems };
}
