import { compile, type Options } from 'json-schema-to-typescript';
import { bundleSchemas } from './bundle-schemas.ts';
import { readSchemaFile } from './schema-files.ts';

const banner = `/* eslint-disable */
/**
 * generated — do not edit.
 * Source: schemas/*.schema.json. Regenerate with \`pnpm gen\`; \`pnpm test\` fails when this file is stale.
 */`;

const options: Partial<Options> = {
  additionalProperties: false,
  unreachableDefinitions: false,
  ignoreMinAndMaxItems: true,
  style: { singleQuote: true, printWidth: 100 },
};

/** Renders the TypeScript types of the configuration package (and diagnostics) from the JSON Schemas. */
export async function renderConfigTypes(): Promise<string> {
  const config = await compile(bundleSchemas({ forTypes: true }) as never, 'ConfigPackage', { ...options, bannerComment: banner });
  const diagnostic = await compile(readSchemaFile('diagnostic.schema.json') as never, 'Diagnostic', { ...options, bannerComment: '' });
  return `${config}\n${diagnostic}`;
}
