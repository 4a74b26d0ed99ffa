import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigTypes } from '../schema/render-config-types.ts';

describe('generated config types', () => {
  it('match schemas/ (run `pnpm gen` after changing a schema)', async () => {
    const committed = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
    expect(committed === (await renderConfigTypes()), 'packages/model/src/generated/config.ts is stale: run `pnpm gen`').toBe(true);
  });
});
