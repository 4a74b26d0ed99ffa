/** The PostgreSQL types record columns take (see docs/publishing.md for the field type → column type table). */
export type SqlType = 'text' | 'double precision' | 'numeric' | 'date' | 'timestamptz' | 'boolean' | 'text[]' | 'uuid' | 'bigint' | 'integer';

/** What a column physically is: its type and, for references, the table its foreign key points at (`rec.lead`, `public.users`). */
export interface ColumnSpec {
  type: SqlType;
  references: string | null;
}

/** A field of a version and the column that holds it. */
export interface MappedColumn extends ColumnSpec {
  column: string;
}

/** An object of a version and the table that holds it; `fields` maps field id → column. */
export interface MappedObject {
  table: string;
  fields: Record<string, MappedColumn>;
}

export interface IndexColumn {
  column: string;
  desc: boolean;
}

/** A record-table index; `name` is derived from the definition, so equal names mean equal indexes. */
export interface IndexSpec {
  name: string;
  table: string;
  columns: IndexColumn[];
  unique: boolean;
  /** Only live rows (`WHERE "deletedAt" IS NULL`). */
  partial: boolean;
  /** Why the index exists, e.g. `lead.email indexed`, `list myLeads sort`. */
  reasons: string[];
}

/** How one published version lies in the database: object → table, field → column, and its indexes. */
export interface VersionPhysical {
  objects: Record<string, MappedObject>;
  indexes: IndexSpec[];
}
