import { readSchemaFile, schemaFileNames } from './schema-files.ts';

type Json = Record<string, unknown>;

/**
 * Joins the schema files into one self-contained schema: every definition under `$defs`
 * by name, every `$ref` local. With `forTypes`, annotations next to a `$ref` are dropped:
 * json-schema-to-typescript would otherwise emit a numbered copy of the type per annotated use.
 */
export function bundleSchemas(options: { forTypes?: boolean } = {}): Json {
  const defs: Json = {};
  const rootNames = new Map<string, string>();
  for (const file of schemaFileNames) {
    const schema = readSchemaFile(file);
    rootNames.set(file, String(schema.title));
  }
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node as Json)) out[key] = rewrite(value);
    if (typeof out.$ref === 'string') {
      out.$ref = localRef(out.$ref, rootNames);
      if (options.forTypes) {
        delete out.description;
        delete out.examples;
      }
    }
    return out;
  };
  let root: Json = {};
  for (const file of schemaFileNames) {
    const { $defs, $id: _id, $schema: _schema, ...body } = rewrite(readSchemaFile(file)) as Json;
    Object.assign(defs, ($defs as Json | undefined) ?? {});
    if (file === 'config-package.schema.json') root = body;
    else if (Object.keys(body).length > 2) defs[String(body.title)] = body;
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...root, $defs: defs };
}

function localRef(ref: string, rootNames: Map<string, string>): string {
  const [file = '', pointer = ''] = ref.split('#');
  if (file === '') return ref;
  if (pointer) return `#${pointer}`;
  return `#/$defs/${rootNames.get(file) ?? file}`;
}
