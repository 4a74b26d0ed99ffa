import type { Field, FormulaField } from '@mainline/model';
import type { ColumnSpec, SqlType } from './physical-types.ts';
import { RECORD_SCHEMA } from './sql-names.ts';

/** Foreign key target of user fields. */
export const USERS_TABLE = 'public.users';

const formulaTypes: Record<FormulaField['resultType'], SqlType> = {
  text: 'text',
  number: 'double precision',
  currency: 'numeric',
  percent: 'double precision',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
};

/** Finds a field of another object: rollups take the type of the child field they summarise. */
export type FieldLookup = (objectId: string, fieldId: string) => Field | undefined;

/** The SQL type of a field's column. `required` is enforced by the application, never by NOT NULL. */
export function sqlTypeOf(field: Field, fieldOf: FieldLookup = () => undefined): SqlType {
  switch (field.type) {
    case 'text':
    case 'longText':
    case 'email':
    case 'phone':
    case 'url':
    case 'choice':
    case 'autoNumber':
      return 'text';
    case 'number':
    case 'percent':
      return 'double precision';
    case 'currency':
      return 'numeric'; // no typmod: the scale is the application's, so changing it needs no DDL
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'boolean':
      return 'boolean';
    case 'multiChoice':
      return 'text[]';
    case 'reference':
    case 'user':
      return 'uuid';
    case 'formula':
      return formulaTypes[field.resultType];
    case 'rollup': {
      if (field.function === 'count') return 'bigint';
      // min/max of dates are dates; everything else summed or compared is a number
      const child = field.field === undefined ? undefined : fieldOf(field.from, field.field);
      const childType = child && child.type !== 'rollup' ? sqlTypeOf(child, fieldOf) : undefined;
      return (field.function === 'min' || field.function === 'max') && (childType === 'date' || childType === 'timestamptz') ? childType : 'numeric';
    }
  }
}

/** Column type and foreign key of a field; `tableOf` gives the table of a reference's target object. */
export function columnSpecOf(field: Field, tableOf: (objectId: string) => string | undefined, fieldOf?: FieldLookup): ColumnSpec {
  const type = sqlTypeOf(field, fieldOf);
  if (field.type === 'user') return { type, references: USERS_TABLE };
  if (field.type === 'reference') {
    const table = tableOf(field.target);
    return { type, references: table === undefined ? null : `${RECORD_SCHEMA}.${table}` };
  }
  return { type, references: null };
}

export function sameSpec(a: ColumnSpec, b: ColumnSpec): boolean {
  return a.type === b.type && a.references === b.references;
}
