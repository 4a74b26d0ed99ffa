import type { Problem } from '../../../errors.ts';
import type { RecordTarget } from '../lib/record-target.ts';
import { computedTypes } from './check-shape.ts';
import { valueProblem, type Locale } from './value-problem.ts';

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Required fields: on create every one must have a value (after defaults); on update only the
 * ones the update empties are reported, so records saved before a field became required can
 * still be edited.
 */
export function checkRequired(target: RecordTarget, record: Record<string, unknown>, written: Record<string, unknown>, creating: boolean, locale: Locale): Problem[] {
  const problems: Problem[] = [];
  for (const field of target.object.fields) {
    if (!field.required || computedTypes.has(field.type)) continue;
    if (!creating && !Object.hasOwn(written, field.id)) continue;
    if (isEmpty(record[field.id])) problems.push(valueProblem(field.id, 'records.value.required', locale, 'A value is required.', '此项为必填项。'));
  }
  return problems;
}
