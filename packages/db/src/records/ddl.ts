import type { ColumnSpec, IndexSpec, SqlType } from './physical-types.ts';
import { hashedName, qualifiedSql, quoteIdent, RECORD_SCHEMA, recordTableSql } from './sql-names.ts';
import { systemColumns } from './system-columns.ts';

/** DDL of record tables. Identifiers are always quoted; DDL never carries values. */

/** Columns with `references` get their foreign key inline (the target must exist already). */
export function createTableSql(table: string, columns: { column: string; type: SqlType; references?: string | null }[]): string {
  const definitions = [...systemColumns.map((c) => c.ddl), ...columns.map((c) => `${quoteIdent(c.column)} ${c.type}${c.references ? ` ${foreignKeyClause(table, c.column, c.references)}` : ''}`)];
  return `CREATE TABLE ${recordTableSql(table)} (${definitions.join(', ')})`;
}

function foreignKeyClause(table: string, column: string, references: string): string {
  return `CONSTRAINT ${quoteIdent(foreignKeyName(table, column))} REFERENCES ${qualifiedSql(references)} ("id") ON DELETE SET NULL`;
}

export function addColumnSql(table: string, column: string, type: SqlType): string {
  return `ALTER TABLE ${recordTableSql(table)} ADD COLUMN ${quoteIdent(column)} ${type}`;
}

export function alterColumnTypeSql(table: string, column: string, type: SqlType, using: string): string {
  return `ALTER TABLE ${recordTableSql(table)} ALTER COLUMN ${quoteIdent(column)} TYPE ${type} USING ${using}`;
}

export function foreignKeyName(table: string, column: string): string {
  return hashedName(`fk_${table}_${column}`, `${table}.${column}`);
}

export function addForeignKeySql(table: string, column: string, spec: ColumnSpec): string {
  return `ALTER TABLE ${recordTableSql(table)} ADD CONSTRAINT ${quoteIdent(foreignKeyName(table, column))} FOREIGN KEY (${quoteIdent(column)}) REFERENCES ${qualifiedSql(spec.references!)} ("id") ON DELETE SET NULL`;
}

export function dropForeignKeySql(table: string, column: string): string {
  return `ALTER TABLE ${recordTableSql(table)} DROP CONSTRAINT IF EXISTS ${quoteIdent(foreignKeyName(table, column))}`;
}

export function createIndexSql(index: IndexSpec, concurrently = false): string {
  const columns = index.columns.map((c) => quoteIdent(c.column) + (c.desc ? ' DESC' : '')).join(', ');
  return [
    `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${quoteIdent(index.name)}`,
    `ON ${recordTableSql(index.table)} (${columns})`,
    ...(index.partial ? ['WHERE "deletedAt" IS NULL'] : []),
  ].join(' ');
}

export function dropIndexSql(name: string, concurrently = false): string {
  return `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}IF EXISTS ${quoteIdent(RECORD_SCHEMA)}.${quoteIdent(name)}`;
}

export function dropColumnSql(table: string, column: string): string {
  return `ALTER TABLE ${recordTableSql(table)} DROP COLUMN ${quoteIdent(column)}`;
}

/** CASCADE drops only the foreign keys of retired columns that point at the table. */
export function dropTableSql(table: string): string {
  return `DROP TABLE ${recordTableSql(table)} CASCADE`;
}
