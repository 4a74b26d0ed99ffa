import type { BusinessObject, ConfigPackage } from '@mainline/model';
import { columnSpecOf } from '../records/column-spec.ts';
import type { MappedObject } from '../records/physical-types.ts';
import { freshName } from '../records/sql-names.ts';
import { systemColumnNames } from '../records/system-columns.ts';
import type { Catalogue, StoredVersion } from './state.ts';

interface Owners {
  /** table → object ids mapping it in versions in force */
  tables: Map<string, Set<string>>;
  /** `table.column` → field ids mapping it in versions in force */
  columns: Map<string, Set<string>>;
}

function ownersInForce(inForce: readonly StoredVersion[]): Owners {
  const tables = new Map<string, Set<string>>();
  const columns = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, id: string) => map.set(key, (map.get(key) ?? new Set()).add(id));
  for (const version of inForce) {
    for (const [objectId, mapped] of Object.entries(version.physical.objects)) {
      add(tables, mapped.table, objectId);
      for (const [fieldId, column] of Object.entries(mapped.fields)) add(columns, `${mapped.table}.${column.column}`, fieldId);
    }
  }
  return { tables, columns };
}

/** Whether nothing in force uses `key` under an id other than `id`. */
const freeFor = (owners: Map<string, Set<string>>, key: string, id: string) => [...(owners.get(key) ?? [])].every((owner) => owner === id);

/**
 * Decides where each object and field of a draft lives. Physical names never change: an object or
 * field keeps the table or column it had in the base version (under its id, or the id it is
 * `renamedFrom`); one that is added again gets back the table or column it had when it was
 * retired (in a version still in force, or last known in the catalogue); anything else gets a
 * fresh name after its id, suffixed when that name is taken.
 */
export function mapPackage(draft: ConfigPackage, base: StoredVersion | null, inForce: readonly StoredVersion[], catalogue: Catalogue): Record<string, MappedObject> {
  const owners = ownersInForce(inForce);
  const baseObjects = base?.physical.objects ?? {};
  const draftIds = new Set(draft.objects.map((o) => o.id));
  const claimed = new Set<string>();
  const tableOf = new Map<string, string>();
  const basePackageObject = new Map<string, BusinessObject>();
  const claim = (object: BusinessObject, table: string) => (claimed.add(table), tableOf.set(object.id, table));

  for (const object of draft.objects) {
    const fromId = baseObjects[object.id] ? object.id : object.renamedFrom && !draftIds.has(object.renamedFrom) && baseObjects[object.renamedFrom] ? object.renamedFrom : undefined;
    const table = fromId === undefined ? undefined : baseObjects[fromId]!.table;
    if (table === undefined || claimed.has(table)) continue;
    claim(object, table);
    const previous = base?.package.objects.find((o) => o.id === fromId);
    if (previous) basePackageObject.set(object.id, previous);
  }
  for (const object of draft.objects) {
    if (tableOf.has(object.id)) continue;
    const table = [object.id, object.renamedFrom].flatMap((id) => (id === undefined ? [] : readdCandidates(id, inForce, catalogue, owners))).find((t) => !claimed.has(t));
    if (table !== undefined) claim(object, table);
  }
  const takenTables = new Set([...catalogue.tables.keys(), ...owners.tables.keys(), ...claimed]);
  for (const object of draft.objects) {
    if (tableOf.has(object.id)) continue;
    const table = freshName(object.id, takenTables);
    takenTables.add(table);
    claim(object, table);
  }

  const result: Record<string, MappedObject> = {};
  const fieldOf = (objectId: string, fieldId: string) => draft.objects.find((o) => o.id === objectId)?.fields.find((f) => f.id === fieldId);
  for (const object of draft.objects) {
    const table = tableOf.get(object.id)!;
    const previous = basePackageObject.get(object.id);
    const columns = mapFields(object, table, previous ? baseObjects[previous.id] : undefined, inForce, catalogue, owners);
    const fields: MappedObject['fields'] = {};
    for (const field of object.fields) fields[field.id] = { column: columns.get(field.id)!, ...columnSpecOf(field, (id) => tableOf.get(id), fieldOf) };
    result[object.id] = { table, fields };
  }
  return result;
}

function readdCandidates(objectId: string, inForce: readonly StoredVersion[], catalogue: Catalogue, owners: Owners): string[] {
  const fromVersions = inForce.flatMap((v) => {
    const table = v.physical.objects[objectId]?.table;
    return table === undefined ? [] : [table];
  });
  const fromCatalogue = [...catalogue.tables.values()].filter((t) => t.objectId === objectId && freeFor(owners.tables, t.table, objectId)).map((t) => t.table);
  return [...fromVersions, ...fromCatalogue];
}

function mapFields(object: BusinessObject, table: string, baseMapped: MappedObject | undefined, inForce: readonly StoredVersion[], catalogue: Catalogue, owners: Owners): Map<string, string> {
  const fieldIds = new Set(object.fields.map((f) => f.id));
  const claimed = new Set<string>();
  const columnOf = new Map<string, string>();
  const claim = (fieldId: string, column: string) => (claimed.add(column), columnOf.set(fieldId, column));

  for (const field of object.fields) {
    const fromId = baseMapped?.fields[field.id] ? field.id : field.renamedFrom && !fieldIds.has(field.renamedFrom) && baseMapped?.fields[field.renamedFrom] ? field.renamedFrom : undefined;
    const column = fromId === undefined ? undefined : baseMapped!.fields[fromId]!.column;
    if (column !== undefined && !claimed.has(column)) claim(field.id, column);
  }
  const versionsOnTable = inForce.flatMap((v) => Object.values(v.physical.objects).filter((o) => o.table === table));
  const catalogueColumns = [...catalogue.columns.values()].filter((c) => c.table === table);
  for (const field of object.fields) {
    if (columnOf.has(field.id)) continue;
    const candidates = [field.id, field.renamedFrom].flatMap((id) =>
      id === undefined
        ? []
        : [
            ...versionsOnTable.flatMap((o) => (o.fields[id] ? [o.fields[id].column] : [])),
            ...catalogueColumns.filter((c) => c.fieldId === id && freeFor(owners.columns, `${table}.${c.column}`, id)).map((c) => c.column),
          ],
    );
    const column = candidates.find((c) => !claimed.has(c));
    if (column !== undefined) claim(field.id, column);
  }
  const taken = new Set([...systemColumnNames, ...catalogueColumns.map((c) => c.column), ...claimed]);
  for (const o of versionsOnTable) for (const c of Object.values(o.fields)) taken.add(c.column);
  for (const field of object.fields) {
    if (columnOf.has(field.id)) continue;
    const column = freshName(field.id, taken);
    taken.add(column);
    claim(field.id, column);
  }
  return columnOf;
}
