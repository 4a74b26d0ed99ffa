import type { CelType } from '@mainline/expr';
import type { Field, FormulaField } from '../generated/config.ts';

/** The CEL types a field value can have: those of @mainline/expr but `dyn`. */
export type FieldCelType = Exclude<CelType, 'dyn'>;

/** Finds a field of another object (for rollups over a child's date field). */
export type FieldLookup = (objectId: string, fieldId: string) => Field | undefined;

const byResultType: Record<FormulaField['resultType'], FieldCelType> = {
  text: 'string',
  number: 'double',
  currency: 'double',
  percent: 'double',
  date: 'timestamp',
  datetime: 'timestamp',
  boolean: 'bool',
};

/** The CEL type of a formula's declared `resultType`. */
export function celTypeOfResultType(resultType: FormulaField['resultType']): FieldCelType {
  return byResultType[resultType] ?? 'string';
}

/**
 * The CEL type of a field's value in expressions: text-like, choice, reference, user and
 * auto-number are strings; number, currency and percent doubles; date and datetime timestamps;
 * multi-choice a list of strings; a formula its result type; a rollup `int` for count, `double`
 * for sum, min and max (`timestamp` for min/max over a date).
 */
export function celTypeOfField(field: Field, lookup?: FieldLookup): FieldCelType {
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return 'double';
    case 'date':
    case 'datetime':
      return 'timestamp';
    case 'boolean':
      return 'bool';
    case 'multiChoice':
      return 'list<string>';
    case 'formula':
      return celTypeOfResultType(field.resultType);
    case 'rollup': {
      if (field.function === 'count') return 'int';
      if (field.function === 'sum' || field.field === undefined) return 'double';
      const summed = lookup?.(field.from, field.field);
      if (summed && summed.type !== 'rollup' && celTypeOfField(summed) === 'timestamp') return 'timestamp';
      return 'double';
    }
    default:
      // text, longText, email, phone, url, choice, reference, user, autoNumber
      return 'string';
  }
}

/** True when a field holds a number (int or double in expressions). */
export function isNumericCelType(type: string): boolean {
  return type === 'int' || type === 'double';
}
