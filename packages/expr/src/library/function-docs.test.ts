import { describe, expect, it } from 'vitest';
import { createExprEnv, envInternals } from '../env/create-env.ts';
import { exprFunctionDocs } from './function-docs.ts';

describe('exprFunctionDocs', () => {
  it('describes every library function, marking those that run in SQL', () => {
    const docs = exprFunctionDocs();
    expect(docs.find((d) => d.name === 'addDays')).toEqual({
      name: 'addDays',
      signatures: ['addDays(timestamp, int): timestamp'],
      description: 'The date plus a number of days (negative to go back).',
      sql: true,
    });
    expect(docs.find((d) => d.name === 'round')?.sql).toBe(false);
    for (const d of docs) expect(d.description.length).toBeGreaterThan(10);
  });

  it('registers the descriptions with cel-js too', () => {
    const definitions = envInternals(createExprEnv({ fields: {} })).cel.getDefinitions();
    const orElse = definitions.functions.filter((f) => f.name === 'orElse');
    expect(orElse.length).toBeGreaterThanOrEqual(6);
    expect(orElse[0]?.description).toBe('The value, or the fallback when the value is empty.');
    expect(orElse[0]?.params.map((p) => p.name)).toEqual(['value', 'fallback']);
  });
});
