import type { SqlType } from './physical-types.ts';

export interface SystemColumn {
  name: string;
  type: SqlType;
  /** The column definition in CREATE TABLE. */
  ddl: string;
}

/** Columns every record table has, named like their API names (the model reserves these field ids). */
export const systemColumns: readonly SystemColumn[] = [
  { name: 'id', type: 'uuid', ddl: '"id" uuid PRIMARY KEY DEFAULT gen_random_uuid()' },
  { name: 'owner', type: 'uuid', ddl: '"owner" uuid' },
  { name: 'orgUnit', type: 'uuid', ddl: '"orgUnit" uuid' },
  { name: 'createdAt', type: 'timestamptz', ddl: '"createdAt" timestamptz NOT NULL DEFAULT now()' },
  { name: 'createdBy', type: 'uuid', ddl: '"createdBy" uuid' },
  { name: 'updatedAt', type: 'timestamptz', ddl: '"updatedAt" timestamptz NOT NULL DEFAULT now()' },
  { name: 'updatedBy', type: 'uuid', ddl: '"updatedBy" uuid' },
  { name: 'rowVersion', type: 'integer', ddl: '"rowVersion" integer NOT NULL DEFAULT 1' },
  { name: 'deletedAt', type: 'timestamptz', ddl: '"deletedAt" timestamptz' },
];

export const systemColumnNames: ReadonlySet<string> = new Set(systemColumns.map((c) => c.name));

/** System columns that get an index when the table is created: record scopes `own` and `unit` filter on them. */
export const indexedSystemColumns = ['owner', 'orgUnit'] as const;
