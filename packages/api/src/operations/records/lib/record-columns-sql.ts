import { quoteIdent, systemColumns, type SqlType } from '@mainline/db';
import type { RecordTarget } from './record-target.ts';

/** A column of a record table a query may name: a field of the version or a system column. */
export interface QueryColumn {
  /** The API name: field id or system column name. */
  name: string;
  column: string;
  type: SqlType;
}

const system = new Map(systemColumns.filter((c) => c.name !== 'deletedAt').map((c) => [c.name, { name: c.name, column: c.name, type: c.type }]));

/** The column of field or system column `name` in `target`, or undefined when the version has none. */
export function queryColumn(target: RecordTarget, name: string): QueryColumn | undefined {
  if (!Object.hasOwn(target.mapped.fields, name)) return system.get(name);
  const mapped = target.mapped.fields[name]!;
  return { name, column: mapped.column, type: mapped.type };
}

/** `"alias"."column"` */
export function qualified(alias: string, column: QueryColumn): string {
  return `${quoteIdent(alias)}.${quoteIdent(column.column)}`;
}
