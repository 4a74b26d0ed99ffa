import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExpr } from '../check-expr.ts';
import { createExprEnv } from '../env/create-env.ts';
import { DIFF_SCOPE } from './differential-rows.ts';
import { celString, conditionArbitrary } from './expr-arbitrary.ts';

describe('conditionArbitrary', () => {
  it('only generates conditions that type-check', () => {
    const env = createExprEnv(DIFF_SCOPE);
    fc.assert(
      fc.property(conditionArbitrary, (src) => {
        const r = checkExpr(env, src, 'bool');
        expect(r, src).toMatchObject({ ok: true });
      }),
      { numRuns: 300 },
    );
  });

  it('writes string literals that cel-js reads back', () => {
    const env = createExprEnv(DIFF_SCOPE);
    expect(checkExpr(env, celString('a"\\\n\u0001中😀'))).toMatchObject({ ok: true, type: 'string' });
  });
});
