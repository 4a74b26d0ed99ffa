import type { BusinessObject, ConfigPackage, Field } from '@mainline/model';
import type { MappedObject, VersionPhysical } from '../records/physical-types.ts';
import { sameContent } from './package-hash.ts';
import type { ConfigChanges, FieldChange, ItemChange, ObjectChange } from './plan-types.ts';

export interface VersionContent {
  package: ConfigPackage;
  physical: VersionPhysical;
}

/** Whether a table or column already exists (so an "added" one is in fact re-added, with its data). */
export type ExistsCheck = (table: string, column?: string) => boolean;

const sections = ['roles', 'views', 'processes', 'queues', 'navigation'] as const;
const structural = new Set(['objects', ...sections]);

/** Properties of `a` and `b` whose values differ, ignoring `ignore`. */
function changedProperties(a: object, b: object, ignore: ReadonlySet<string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !ignore.has(k) && !sameContent((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])).sort();
}

function itemChanges(before: readonly { id: string }[] = [], after: readonly { id: string }[] = []): ItemChange[] {
  const old = new Map(before.map((item) => [item.id, item]));
  const current = new Set(after.map((item) => item.id));
  return [
    ...after.flatMap((item): ItemChange[] => {
      const previous = old.get(item.id);
      if (!previous) return [{ id: item.id, change: 'added' }];
      return sameContent(previous, item) ? [] : [{ id: item.id, change: 'changed' }];
    }),
    ...before.filter((item) => !current.has(item.id)).map((item): ItemChange => ({ id: item.id, change: 'removed' })),
  ];
}

/**
 * What changed between two versions. Objects and fields are matched by the table and column that
 * hold them, so a rename is exactly what the mapping made of `renamedFrom`, never a guess.
 */
export function diffConfig(from: VersionContent | null, to: VersionContent, exists: ExistsCheck = () => false): ConfigChanges {
  const fromByTable = new Map<string, { object: BusinessObject; mapped: MappedObject }>();
  for (const object of from?.package.objects ?? []) fromByTable.set(from!.physical.objects[object.id]!.table, { object, mapped: from!.physical.objects[object.id]! });
  const objects: ObjectChange[] = [];
  const seen = new Set<string>();
  for (const object of to.package.objects) {
    const mapped = to.physical.objects[object.id]!;
    seen.add(mapped.table);
    const previous = fromByTable.get(mapped.table);
    if (!previous) {
      objects.push({
        objectId: object.id,
        table: mapped.table,
        change: exists(mapped.table) ? 'readded' : 'added',
        properties: [],
        fields: object.fields.map((f) => addedField(f, mapped, exists)),
      });
      continue;
    }
    const fields = diffFields(previous.object, previous.mapped, object, mapped, exists);
    const properties = changedProperties(previous.object, object, new Set(['id', 'fields', 'renamedFrom']));
    const renamed = previous.object.id !== object.id;
    if (renamed || properties.length > 0 || fields.length > 0) {
      objects.push({ objectId: object.id, table: mapped.table, change: renamed ? 'renamed' : 'changed', ...(renamed ? { from: previous.object.id } : {}), properties, fields });
    }
  }
  for (const [table, { object, mapped }] of fromByTable) {
    if (seen.has(table)) continue;
    objects.push({ objectId: object.id, table, change: 'retired', properties: [], fields: object.fields.map((f) => ({ fieldId: f.id, column: mapped.fields[f.id]!.column, change: 'retired', type: f.type, properties: [] })) });
  }
  const before = from?.package;
  return {
    package: changedProperties(before ?? {}, to.package, structural),
    objects,
    roles: itemChanges(before?.roles, to.package.roles),
    views: itemChanges(before?.views, to.package.views),
    processes: itemChanges(before?.processes, to.package.processes),
    queues: itemChanges(before?.queues, to.package.queues),
    navigation: itemChanges(before?.navigation, to.package.navigation),
  };
}

function addedField(field: Field, mapped: MappedObject, exists: ExistsCheck): FieldChange {
  const column = mapped.fields[field.id]!.column;
  return { fieldId: field.id, column, change: exists(mapped.table, column) ? 'readded' : 'added', type: field.type, properties: [] };
}

function diffFields(before: BusinessObject, beforeMapped: MappedObject, after: BusinessObject, afterMapped: MappedObject, exists: ExistsCheck): FieldChange[] {
  const byColumn = new Map(before.fields.map((f) => [beforeMapped.fields[f.id]!.column, f]));
  const changes: FieldChange[] = [];
  const seen = new Set<string>();
  for (const field of after.fields) {
    const mapped = afterMapped.fields[field.id]!;
    seen.add(mapped.column);
    const previous = byColumn.get(mapped.column);
    if (!previous) {
      changes.push(addedField(field, afterMapped, exists));
      continue;
    }
    const properties = changedProperties(previous, field, new Set(['id', 'renamedFrom']));
    const renamed = previous.id !== field.id;
    if (!renamed && properties.length === 0) continue;
    const oldType = beforeMapped.fields[previous.id]!.type;
    changes.push({
      fieldId: field.id,
      column: mapped.column,
      change: renamed ? 'renamed' : 'changed',
      ...(renamed ? { from: previous.id } : {}),
      type: field.type,
      ...(previous.type !== field.type ? { previousType: previous.type } : {}),
      properties,
      ...(oldType !== mapped.type ? { columnType: { from: oldType, to: mapped.type } } : {}),
    });
  }
  for (const field of before.fields) {
    const column = beforeMapped.fields[field.id]!.column;
    if (!seen.has(column)) changes.push({ fieldId: field.id, column, change: 'retired', type: field.type, properties: [] });
  }
  return changes;
}
