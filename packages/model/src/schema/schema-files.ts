import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The schema files of the configuration package, root first. */
export const schemaFileNames = [
  'config-package.schema.json',
  'common.schema.json',
  'object.schema.json',
  'field.schema.json',
  'role.schema.json',
  'process.schema.json',
  'view.schema.json',
  'queue.schema.json',
  'navigation.schema.json',
] as const;

export const schemasDir = fileURLToPath(new URL('../../../../schemas/', import.meta.url));

export function readSchemaFile(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(schemasDir + name, 'utf8')) as Record<string, unknown>;
}
