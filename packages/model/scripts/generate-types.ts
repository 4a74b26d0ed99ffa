// Generates src/generated/config.ts from schemas/*.schema.json (`pnpm gen`).
// src/generated/config.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigTypes } from '../src/schema/render-config-types.ts';

const target = fileURLToPath(new URL('../src/generated/config.ts', import.meta.url));
writeFileSync(target, await renderConfigTypes());
console.log(`wrote ${target}`);
