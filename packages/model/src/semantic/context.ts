import type { BusinessObject, ConfigPackage, Field, Process, Queue, Role, View } from '../generated/config.ts';
import { pointer } from '../diagnostics/diagnostic.ts';
import type { ProcessGraph } from './process-graph.ts';
import { celTypeOfField, type FieldCelType } from '../expressions/field-cel-types.ts';

/** An element of the package with its position in its array. */
export interface Indexed<T> {
  value: T;
  index: number;
}

export interface ObjectInfo {
  object: BusinessObject;
  index: number;
  /** Fields by id (the first one when an id is duplicated). */
  fields: Map<string, Indexed<Field>>;
}

/**
 * Look-up tables over one package, built once per `checkSemantics` run and shared by every
 * check. Where an id is duplicated the first element wins; the duplicate is reported by the
 * id checks.
 */
export interface SemanticContext {
  pkg: ConfigPackage;
  objects: Map<string, ObjectInfo>;
  roles: Map<string, Indexed<Role>>;
  processes: Map<string, Indexed<Process>>;
  views: Map<string, Indexed<View>>;
  queues: Map<string, Indexed<Queue>>;
  /** Process graphs built during this run (see process-graph.ts). */
  processGraphs: Map<Process, ProcessGraph>;
}

function indexById<T extends { id: string }>(items: readonly T[] | undefined): Map<string, Indexed<T>> {
  const map = new Map<string, Indexed<T>>();
  (items ?? []).forEach((value, index) => {
    if (!map.has(value.id)) map.set(value.id, { value, index });
  });
  return map;
}

export function buildContext(pkg: ConfigPackage): SemanticContext {
  const objects = new Map<string, ObjectInfo>();
  (pkg.objects ?? []).forEach((object, index) => {
    if (!objects.has(object.id)) objects.set(object.id, { object, index, fields: indexById(object.fields) });
  });
  return {
    pkg,
    objects,
    roles: indexById(pkg.roles),
    processes: indexById(pkg.processes),
    views: indexById(pkg.views),
    queues: indexById(pkg.queues),
    processGraphs: new Map(),
  };
}

export function objectPath(info: ObjectInfo, ...rest: (string | number)[]): string {
  return pointer('objects', info.index, ...rest);
}

export function fieldPath(info: ObjectInfo, fieldIndex: number, ...rest: (string | number)[]): string {
  return pointer('objects', info.index, 'fields', fieldIndex, ...rest);
}

/** Field types whose values are computed and cannot be written. */
export const readOnlyFieldTypes: ReadonlySet<string> = new Set(['formula', 'rollup', 'autoNumber']);

export const numericFieldTypes: ReadonlySet<string> = new Set(['number', 'currency', 'percent']);

/** True for number, currency and percent fields and formulas with such a result. */
export function isNumericField(field: Field): boolean {
  if (numericFieldTypes.has(field.type)) return true;
  return field.type === 'formula' && numericFieldTypes.has(field.resultType);
}

/** True for date and datetime fields and formulas with such a result. */
export function isDateField(field: Field): boolean {
  if (field.type === 'date' || field.type === 'datetime') return true;
  return field.type === 'formula' && (field.resultType === 'date' || field.resultType === 'datetime');
}

/** `"a", "b"` for messages. */
export function quoteList(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(', ');
}

/** The CEL type of a field's value (see expressions/field-cel-types.ts). */
export function fieldCelType(ctx: SemanticContext, field: Field): FieldCelType {
  return celTypeOfField(field, (objectId, fieldId) => ctx.objects.get(objectId)?.fields.get(fieldId)?.value);
}
