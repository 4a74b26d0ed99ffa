import { describe, expect, it } from 'vitest';
import { checkExpr } from '../check-expr.ts';
import { createExprEnv } from '../env/create-env.ts';
import { ExprError } from '../expr-error.ts';
import { EXPR_LIMITS } from '../limits.ts';
import { SAMPLE_SCOPE } from '../testing/sample-scope.ts';
import { compileExpr } from './compile-expr.ts';

const env = createExprEnv(SAMPLE_SCOPE);
const costProblem = (source: string) => {
  const r = checkExpr(env, source);
  return r.ok ? undefined : r.problems[0];
};

describe('cost budget at check time', () => {
  it('limits the source length', () => {
    expect(costProblem(`stage == "${'x'.repeat(EXPR_LIMITS.maxSourceLength)}"`)).toMatchObject({ code: 'expr.cost' });
  });

  it('applies the parser limits', () => {
    const list = `[${Array.from({ length: EXPR_LIMITS.maxListElements + 1 }, () => '1').join(',')}]`;
    expect(costProblem(`qty in ${list}`)).toMatchObject({ code: 'expr.cost', message: expect.stringContaining('maxListElements') });
    expect(costProblem(`${'('.repeat(60)}true${')'.repeat(60)}`)).toMatchObject({ code: 'expr.cost' });
    const terms = Array.from({ length: EXPR_LIMITS.maxAstNodes / 2 + 1 }, () => '1').join('+');
    expect(costProblem(`qty == ${terms}`)).toMatchObject({ code: 'expr.cost', message: expect.stringContaining('maxAstNodes') });
  });

  it('refuses comprehensions nested too deep', () => {
    expect(costProblem('tags.exists(a, tags.exists(b, a == b))')).toBeUndefined();
    expect(costProblem('tags.exists(a, tags.exists(b, tags.exists(c, a == c)))')).toEqual({
      code: 'expr.cost',
      message: "'exists' nests more than 2 levels deep",
      start: 30,
      end: 52,
    });
    expect(costProblem('cel.bind(a, tags + tags, cel.bind(b, a + a, cel.bind(c, b + b, c)))')).toMatchObject({ code: 'expr.cost' });
  });

  it('refuses regular expressions that can backtrack without end', () => {
    expect(costProblem('stage.matches("(a+)+$")')).toMatchObject({ code: 'expr.cost', start: 14, end: 22 });
    expect(costProblem('stage.matches(stage)')).toMatchObject({ code: 'expr.cost' });
    expect(costProblem('stage.matches("[")')).toMatchObject({ code: 'expr.type' });
  });
});

describe('cost budget at evaluation time', () => {
  const many = Array.from({ length: 200 }, (_, i) => `t${i}`);

  it('stops a comprehension after the step budget', () => {
    const c = compileExpr(env, 'tags.all(a, tags.all(b, a != "" && b != ""))');
    expect(c.evaluate({ record: { tags: many.slice(0, 50) } })).toBe(true);
    let error: unknown;
    try {
      c.evaluate({ record: { tags: many } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExprError);
    expect((error as ExprError).code).toBe('expr.cost');
  });

  it('counts list elements built by +', () => {
    const c = compileExpr(env, 'tags.map(a, size(tags + tags + tags)).size() > 0');
    expect(() => c.evaluate({ record: { tags: many } })).toThrow(/stopped after/);
  });

  it('starts each evaluation with a fresh budget', () => {
    const c = compileExpr(env, 'tags.exists(a, a == "none")');
    for (let i = 0; i < 100; i++) expect(c.evaluate({ record: { tags: many } })).toBe(false);
  });
});
