/** A translated sub-expression: a predicate is never NULL, a value may be (unless `notNull`). */
export interface SqlFragment {
  sql: string;
  kind: 'pred' | 'value';
  /** Known never to be NULL (a parameter with a value). */
  notNull?: boolean;
}

export const pred = (sql: string): SqlFragment => ({ sql, kind: 'pred' });
export const value = (sql: string): SqlFragment => ({ sql, kind: 'value' });
export const notNullValue = (sql: string): SqlFragment => ({ sql, kind: 'value', notNull: true });

/** Two-valued truth: NULL (unknown) counts as false, like the interpreter. */
export function asPredicate(f: SqlFragment): string {
  return f.kind === 'pred' ? f.sql : `COALESCE(${f.sql}, false)`;
}

/**
 * Compares strings by bytes, whatever the collations of the columns involved: the interpreter
 * compares by code point, and two columns of different collations could not be compared at all.
 */
export function collateC(sql: string): string {
  return `(${sql}) COLLATE "C"`;
}
