import type { BusinessObject, ConfigPackage, Field } from '../generated/config.ts';

export type JsonSchemaObject = Record<string, unknown>;

/** The system columns every record has, as JSON Schema properties. */
const systemProperties: Record<string, JsonSchemaObject> = {
  id: { type: 'string', format: 'uuid', readOnly: true, description: 'Record id.' },
  owner: { type: 'string', format: 'uuid', description: 'The user who owns the record.' },
  orgUnit: { type: 'string', format: 'uuid', description: 'The org unit the record belongs to.' },
  createdAt: { type: 'string', format: 'date-time', readOnly: true, description: 'When the record was created.' },
  createdBy: { type: 'string', format: 'uuid', readOnly: true, description: 'Who created the record.' },
  updatedAt: { type: 'string', format: 'date-time', readOnly: true, description: 'When the record was last changed.' },
  updatedBy: { type: 'string', format: 'uuid', readOnly: true, description: 'Who last changed the record.' },
  rowVersion: { type: 'integer', readOnly: true, description: 'Increases on every change; send it back to update (optimistic locking).' },
};

/** JSON Schema of one field's value as records carry it over the API. */
export function fieldValueSchema(field: Field): JsonSchemaObject {
  const base = valueSchema(field);
  // No `title`: json-schema-to-typescript would turn each titled property into its own
  // top-level type, and field labels repeat across objects ("Status", "Account").
  const label = field.label['zh-CN'] ? `${field.label.en} (${field.label['zh-CN']})` : field.label.en;
  const described: JsonSchemaObject = { ...base, description: [label, field.helpText?.en].filter(Boolean).join(' — ') };
  if (['formula', 'autoNumber', 'rollup'].includes(field.type)) described.readOnly = true;
  return described;
}

function valueSchema(field: Field): JsonSchemaObject {
  switch (field.type) {
    case 'text':
      return { type: 'string', maxLength: field.maxLength ?? 255, ...(field.pattern ? { pattern: field.pattern } : {}) };
    case 'longText':
      return { type: 'string', maxLength: field.maxLength ?? 100000 };
    case 'number':
    case 'currency':
    case 'percent':
      return { type: 'number', ...(field.min !== undefined ? { minimum: field.min } : {}), ...(field.max !== undefined ? { maximum: field.max } : {}) };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'boolean':
      return { type: 'boolean' };
    case 'choice':
      return { type: 'string', enum: field.options.map((o) => o.value) };
    case 'multiChoice':
      return { type: 'array', items: { type: 'string', enum: field.options.map((o) => o.value) }, uniqueItems: true };
    case 'reference':
      return { type: 'string', format: 'uuid', description: `Id of a ${field.target} record.` };
    case 'email':
      return { type: 'string', format: 'email' };
    case 'phone':
      return { type: 'string', pattern: '^[+0-9 ()-]{3,40}$' };
    case 'url':
      return { type: 'string', format: 'uri' };
    case 'formula':
      return formulaSchema(field.resultType);
    case 'autoNumber':
      return { type: 'string' };
    case 'user':
      return { type: 'string', format: 'uuid' };
    case 'rollup':
      return { type: field.function === 'count' ? 'integer' : 'number' };
  }
}

function formulaSchema(resultType: string): JsonSchemaObject {
  if (resultType === 'text') return { type: 'string' };
  if (resultType === 'boolean') return { type: 'boolean' };
  if (resultType === 'date') return { type: 'string', format: 'date' };
  if (resultType === 'datetime') return { type: 'string', format: 'date-time' };
  return { type: 'number' };
}

/** JSON Schema of a record of `object` as the API returns it: system columns plus one property per field. */
export function recordJsonSchema(object: BusinessObject): JsonSchemaObject {
  const properties: Record<string, JsonSchemaObject> = { ...systemProperties };
  for (const field of object.fields) {
    const schema = fieldValueSchema(field);
    properties[field.id] = field.required ? schema : nullable(schema);
  }
  return {
    title: pascalCase(object.id),
    description: `${object.label.en}${object.label['zh-CN'] ? ` (${object.label['zh-CN']})` : ''}`,
    type: 'object',
    properties,
    required: ['id', ...object.fields.filter((f) => f.required).map((f) => f.id)],
    additionalProperties: false,
  };
}

/** An optional field's value may be null; a choice's `enum` has to allow null too, or null would fail it. */
function nullable(schema: JsonSchemaObject): JsonSchemaObject {
  return { ...schema, type: [schema.type, 'null'], ...(Array.isArray(schema.enum) ? { enum: [...(schema.enum as unknown[]), null] } : {}) };
}

/** One schema per object of the package, keyed by the object's type name. */
export function recordJsonSchemas(pkg: ConfigPackage): Record<string, JsonSchemaObject> {
  return Object.fromEntries(pkg.objects.map((o) => [pascalCase(o.id), recordJsonSchema(o)]));
}

export function pascalCase(id: string): string {
  return id.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());
}
