import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its function arrives as the namespace's `default`.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

/** The official OpenAPI 3.1 JSON Schema, as @seriousme/openapi-schema-validator ships it (offline). */
export function openApi31Schema(): Record<string, unknown> {
  const path = createRequire(import.meta.url).resolve('@seriousme/openapi-schema-validator/schemas/v3.1/schema.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** An ajv for JSON Schema 2020-12 with the standard formats (uuid, date-time, email, …). */
export function schemaAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

let documentValidator: ValidateFunction | undefined;
const documentId = 'https://mainline.invalid/openapi.json';

/**
 * Problems of an OpenAPI 3.1 document: against the official schema of the document, and each
 * component schema against JSON Schema 2020-12 (compiled, so its `$ref`s must resolve).
 * Empty when the document is valid.
 */
export function openApiProblems(document: Record<string, unknown>): string[] {
  if (!documentValidator) {
    const ajv = schemaAjv();
    ajv.addFormat('media-range', /^[\w.+*-]+\/[\w.+*-]+(\s*;.*)?$/); // RFC 9110 media ranges: the keys of `content`
    documentValidator = ajv.compile(openApi31Schema());
  }
  if (!documentValidator(document)) return (documentValidator.errors ?? []).map(describe);
  const problems: string[] = [];
  const ajv = schemaAjv();
  ajv.addSchema(document, documentId);
  const schemas = ((document.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {}) as Record<string, unknown>;
  for (const [name, schema] of Object.entries(schemas)) {
    if (!ajv.validateSchema(schema as object)) problems.push(...(ajv.errors ?? []).map((e) => `components/schemas/${name}: ${describe(e)}`));
    try {
      ajv.compile({ $ref: `${documentId}#/components/schemas/${name}` });
    } catch (error) {
      problems.push(`components/schemas/${name}: ${(error as Error).message}`);
    }
  }
  return problems;
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}
