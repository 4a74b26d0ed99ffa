import { pascalCase, recordJsonSchema, type BusinessObject, type Field, type JsonSchemaObject } from '@mainline/model';
import { labelDescription } from './labels.ts';
import { ref } from './openapi-types.ts';

/** The component schema names of one object. */
export interface ObjectSchemaNames {
  record: string;
  create: string;
  update: string;
  list: string;
}

/**
 * Names the schemas of each object after the object (`Account`, `AccountCreate`, `AccountUpdate`,
 * `AccountList`), stepping aside with a `Record` suffix when that would clash with a shared
 * schema or another object's (`problem` → `ProblemRecord`, `accountCreate` next to `account`).
 */
export function objectSchemaNames(objects: readonly BusinessObject[], sharedNames: readonly string[]): Map<string, ObjectSchemaNames> {
  const taken = new Set(sharedNames);
  const out = new Map<string, ObjectSchemaNames>();
  const namesOf = (base: string): ObjectSchemaNames => ({ record: base, create: `${base}Create`, update: `${base}Update`, list: `${base}List` });
  for (const object of objects) {
    let base = pascalCase(object.id);
    for (let n = 1; Object.values(namesOf(base)).some((name) => taken.has(name)); n++) base = `${pascalCase(object.id)}Record${n > 1 ? n : ''}`;
    const names = namesOf(base);
    for (const name of Object.values(names)) taken.add(name);
    out.set(object.id, names);
  }
  return out;
}

/**
 * The record as the API returns it: the model's record schema (system columns and one property
 * per field), plus what lists and deletes add: the titles of referenced records and `deletedAt`.
 */
export function recordSchema(object: BusinessObject, name: string): JsonSchemaObject {
  const model = recordJsonSchema(object);
  return {
    ...model,
    title: name,
    properties: {
      ...(model.properties as Record<string, JsonSchemaObject>),
      deletedAt: { type: ['string', 'null'], format: 'date-time', readOnly: true, description: 'When the record was deleted; only on deleted (and restored) records.' },
      _titles: {
        type: 'object',
        readOnly: true,
        description: 'In lists: per reference field id, the title of the referenced record.',
        additionalProperties: { type: ['string', 'null'] },
      },
    },
  };
}

/** What a client may send: the object's fields the model does not mark read-only (computed); system columns never. */
function writableProperties(object: BusinessObject): Record<string, JsonSchemaObject> {
  const properties = recordJsonSchema(object).properties as Record<string, JsonSchemaObject>;
  return Object.fromEntries(object.fields.filter((f) => properties[f.id]?.readOnly !== true).map((f) => [f.id, properties[f.id]!]));
}

/** A required field the server fills in when it is left out does not have to be sent. */
function hasDefault(field: Field): boolean {
  return field.defaultExpression !== undefined || (field as { default?: unknown }).default !== undefined;
}

/** The body of a create: writable fields only, required fields (without a default) required, nothing unknown. */
export function createSchema(object: BusinessObject, name: string): JsonSchemaObject {
  const properties = writableProperties(object);
  const required = object.fields.filter((f) => f.required && !hasDefault(f) && f.id in properties).map((f) => f.id);
  return {
    title: name,
    description: `A new ${labelDescription(object.label)}: its fields but the computed ones; owner and org unit come from the caller; system, computed and unknown fields are refused.`,
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

/** The body of a PATCH: any writable field, each optional; a field left out keeps its value. */
export function updateSchema(object: BusinessObject, name: string): JsonSchemaObject {
  return {
    title: name,
    description: `Changes to a ${labelDescription(object.label)}: only the fields sent change; unknown fields are refused.`,
    type: 'object',
    properties: writableProperties(object),
    additionalProperties: false,
  };
}

/** A page of records of a list or related list. */
export function listSchema(object: BusinessObject, names: ObjectSchemaNames): JsonSchemaObject {
  return {
    title: names.list,
    description: `A page of ${labelDescription(object.pluralLabel ?? object.label)} records.`,
    type: 'object',
    required: ['records', 'nextCursor', 'total'],
    properties: {
      records: { type: 'array', items: ref('schemas', names.record) },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
      total: { anyOf: [ref('schemas', 'ListTotal'), { type: 'null' }] },
    },
  };
}
