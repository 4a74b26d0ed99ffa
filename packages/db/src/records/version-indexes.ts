import type { BusinessObject, ConfigPackage, Field, ListView } from '@mainline/model';
import { expressionIdentifiers } from './expression-identifiers.ts';
import type { IndexColumn, IndexSpec, MappedObject } from './physical-types.ts';
import { hashedName } from './sql-names.ts';
import { indexedSystemColumns, systemColumnNames } from './system-columns.ts';

const MAX_SORT_COLUMNS = 3;
/** Field types a filter index is of no use for: two values, arrays, long prose. */
const notFilterIndexable: ReadonlySet<Field['type']> = new Set(['boolean', 'multiChoice', 'longText']);
const systemNotIndexable: ReadonlySet<string> = new Set(['id', 'rowVersion', 'deletedAt']);

export function indexName(table: string, columns: IndexColumn[], unique: boolean, partial: boolean): string {
  const readable = `${unique ? 'uq' : 'ix'}_${table}_${columns.map((c) => c.column + (c.desc ? '_desc' : '')).join('_')}`;
  return hashedName(readable, JSON.stringify({ table, columns, unique, partial }));
}

function spec(table: string, columns: IndexColumn[], unique: boolean, partial: boolean, reason: string): IndexSpec {
  return { name: indexName(table, columns, unique, partial), table, columns, unique, partial, reasons: [reason] };
}

/** A btree scans both ways, so a sort whose first key descends is the same index as its mirror. */
function normalise(columns: IndexColumn[]): IndexColumn[] {
  return columns[0]?.desc ? columns.map((c) => ({ column: c.column, desc: !c.desc })) : columns;
}

/**
 * The indexes a version wants: fields marked `indexed` or `unique`, foreign keys, the record-scope
 * columns (owner, org unit), and the sorts and filters of its list views. All but foreign-key
 * indexes cover live rows only, like every list query.
 */
export function versionIndexes(pkg: ConfigPackage, objects: Record<string, MappedObject>): IndexSpec[] {
  const found = new Map<string, IndexSpec>();
  const add = (index: IndexSpec) => {
    const existing = found.get(index.name);
    if (!existing) found.set(index.name, index);
    else if (!existing.reasons.includes(index.reasons[0]!)) existing.reasons.push(index.reasons[0]!);
  };
  for (const object of pkg.objects) {
    const mapped = objects[object.id];
    if (mapped) objectIndexes(object, mapped, pkg.views.filter((v): v is ListView => v.kind === 'list' && v.object === object.id)).forEach(add);
  }
  return dropShadowed([...found.values()]);
}

function objectIndexes(object: BusinessObject, mapped: MappedObject, lists: ListView[]): IndexSpec[] {
  const { table } = mapped;
  const fields = new Map(object.fields.map((f) => [f.id, f]));
  const columnOf = (id: string) => mapped.fields[id]?.column ?? (systemColumnNames.has(id) && !systemNotIndexable.has(id) ? id : undefined);
  const out: IndexSpec[] = indexedSystemColumns.map((c) => spec(table, [{ column: c, desc: false }], false, true, `${object.id}.${c} record scope`));
  for (const field of object.fields) {
    const column = columnOf(field.id)!;
    const single = [{ column, desc: false }];
    if (field.unique) out.push(spec(table, single, true, true, `${object.id}.${field.id} unique`));
    if (field.indexed) out.push(spec(table, single, false, true, `${object.id}.${field.id} indexed`));
    if (field.type === 'reference' || field.type === 'user') out.push(spec(table, single, false, false, `${object.id}.${field.id} foreign key`));
  }
  for (const list of lists) {
    const sortColumns = (list.sort ?? []).flatMap((key) => {
      const column = columnOf(key.field);
      return column ? [{ column, desc: key.direction === 'desc' }] : [];
    });
    if (sortColumns.length > 0) out.push(spec(table, normalise(sortColumns.slice(0, MAX_SORT_COLUMNS)), false, true, `list ${list.id} sort`));
    for (const name of list.filter ? expressionIdentifiers(list.filter) : []) {
      const field = fields.get(name);
      if (field && notFilterIndexable.has(field.type)) continue;
      const column = columnOf(name);
      if (column) out.push(spec(table, [{ column, desc: false }], false, true, `list ${list.id} filter`));
    }
  }
  return out;
}

/** A unique index on live rows serves every query a plain one on the same column would; it takes over the reasons. */
function dropShadowed(indexes: IndexSpec[]): IndexSpec[] {
  const uniqueByColumn = new Map(indexes.filter((i) => i.unique && i.columns.length === 1).map((i) => [`${i.table}.${i.columns[0]!.column}`, i]));
  return indexes.filter((i) => {
    const shadow = !i.unique && i.partial && i.columns.length === 1 ? uniqueByColumn.get(`${i.table}.${i.columns[0]!.column}`) : undefined;
    if (shadow) shadow.reasons.push(...i.reasons.filter((r) => !shadow.reasons.includes(r)));
    return !shadow;
  });
}
