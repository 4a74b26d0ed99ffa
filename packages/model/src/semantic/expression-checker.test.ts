import { describe, expect, it } from 'vitest';
import { buildContext } from './context.ts';
import { ExpressionChecker, expressionChecker } from './expression-checker.ts';
import { basePackage } from './test-fixtures.ts';

const site = { path: '/x', en: 'test expression', zh: '测试表达式' };

describe('ExpressionChecker', () => {
  it('builds one environment per object (and per object with prev) within a run', () => {
    const ctx = buildContext(basePackage());
    const checker = expressionChecker(ctx);
    expect(expressionChecker(ctx)).toBe(checker);
    expect(checker.env('opportunity')).toBe(checker.env('opportunity'));
    expect(checker.env('opportunity', true)).not.toBe(checker.env('opportunity'));
    expect(checker.env('ghost')).toBeUndefined();
  });

  it('sees the object fields with their CEL types, the system fields, user and now', () => {
    const checker = new ExpressionChecker(buildContext(basePackage()));
    expect(checker.result('opportunity', 'amount * discount')).toMatchObject({ ok: true, type: 'double' });
    expect(checker.result('opportunity', 'closeDate < now && owner == user.id')).toMatchObject({ ok: true, type: 'bool' });
    expect(checker.result('account', 'opportunityCount + 1')).toMatchObject({ ok: true, type: 'int' });
    expect(checker.result('opportunity', 'prev.amount', undefined, false)).toMatchObject({ ok: false });
    expect(checker.result('opportunity', 'prev.amount', undefined, true)).toMatchObject({ ok: true, type: 'double' });
  });

  it('checks expectations: any, number, type, condition, SQL condition', () => {
    const checker = new ExpressionChecker(buildContext(basePackage()));
    const codes = (source: string, expectation: Parameters<ExpressionChecker['check']>[3]) => checker.check('opportunity', source, site, expectation).map((d) => d.code);
    expect(codes('stage', { kind: 'any' })).toEqual([]);
    expect(codes('amount > 1.0 ? 1 : 2', { kind: 'number' })).toEqual([]);
    expect(codes('stage', { kind: 'number' })).toEqual(['config.expr.result-type']);
    expect(codes('1', { kind: 'type', type: 'double' })).toEqual([]);
    expect(codes('"x"', { kind: 'type', type: 'double', code: 'config.formula.result-type' })).toEqual(['config.formula.result-type']);
    expect(codes('stage.matches("x")', { kind: 'condition' })).toEqual([]);
    expect(codes('stage.matches("x")', { kind: 'condition', sql: true })).toEqual(['config.expr.sql-unsupported']);
    expect(codes('amount', { kind: 'condition', sql: true })).toEqual(['config.expr.result-type']);
  });

  it('reports nothing for an unknown object (the reference checks do)', () => {
    const checker = new ExpressionChecker(buildContext(basePackage()));
    expect(checker.check('ghost', '%%%', site, { kind: 'condition' })).toEqual([]);
  });
});
