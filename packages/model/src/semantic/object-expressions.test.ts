import { describe, expect, it } from 'vitest';
import { checkObjectExpressions } from './object-expressions.ts';
import { at, field, run, summary, text, withBase } from './test-fixtures.ts';
import type { Field } from '../generated/config.ts';

const withField = (f: Field) => withBase((p) => at(p.objects, 1).fields.push(f));
const rule = (expression: string) => ({ id: 'rule', expression, message: text('Wrong') });

describe('object expressions', () => {
  it('accepts the base package and well-typed expressions', () => {
    const pkg = withBase((p) => {
      const opportunity = at(p.objects, 1);
      opportunity.validations = [rule('amount >= 0.0 && stage != "lost" || discount <= 0.3')];
      at(opportunity.fields, 1).validations = [rule('amount < 1000000.0')];
      opportunity.fields.push(
        field('followUp', 'date', { defaultExpression: 'addDays(today(), 7)' }),
        field('weighted', 'formula', { expression: 'amount * (1.0 - discount)', resultType: 'currency' }),
        field('count', 'number', { defaultExpression: '1' }),
        field('labels', 'multiChoice', { options: [{ value: 'a', label: text('A') }], defaultExpression: '["a"]' }),
      );
      at(p.objects, 0).fields.push(field('wonCount', 'rollup', { from: 'opportunity', via: 'account', function: 'count', filter: 'stage == "won"' }));
    });
    expect(run(checkObjectExpressions, pkg)).toEqual([]);
  });

  it('reports syntax and type errors in validations with their range', () => {
    const pkg = withBase((p) => {
      at(p.objects, 1).validations = [rule('amount >')];
      at(at(p.objects, 1).fields, 1).validations = [rule('amount > "big"')];
    });
    const diagnostics = run(checkObjectExpressions, pkg);
    expect(summary(diagnostics)).toEqual(['config.expr.parse /objects/1/validations/0/expression', 'config.expr.type /objects/1/fields/1/validations/0/expression']);
    expect(diagnostics[0]!.range).toEqual({ start: 8, end: 8 });
    expect(diagnostics[0]!.message.en).toBe('The validation "rule" of object "opportunity" has a syntax error: Unexpected token: EOF.');
    expect(diagnostics[1]!.range).toEqual({ start: 0, end: 14 });
    expect(diagnostics[1]!.message['zh-CN']).toContain('对象 "opportunity" 字段 "amount" 的校验规则 "rule"存在类型错误');
  });

  it('needs validations to be conditions', () => {
    const diagnostics = run(checkObjectExpressions, withBase((p) => (at(p.objects, 1).validations = [rule('amount * 2.0')])));
    expect(summary(diagnostics)).toEqual(['config.expr.result-type /objects/1/validations/0/expression']);
    expect(diagnostics[0]!.message.en).toBe('The validation "rule" of object "opportunity" gives a number (double); true/false (bool) is needed here.');
    expect(diagnostics[0]!.range).toEqual({ start: 0, end: 12 });
  });

  it('reports unknown fields', () => {
    const diagnostics = run(checkObjectExpressions, withBase((p) => (at(p.objects, 1).validations = [rule('probability > 0.5')])));
    expect(summary(diagnostics)).toEqual(['config.expr.type /objects/1/validations/0/expression']);
    expect(diagnostics[0]!.range).toEqual({ start: 0, end: 11 });
  });

  it('needs default expressions of the field type', () => {
    expect(summary(run(checkObjectExpressions, withField(field('due', 'date', { defaultExpression: '"tomorrow"' }))))).toEqual(['config.expr.result-type /objects/1/fields/7/defaultExpression']);
    expect(summary(run(checkObjectExpressions, withField(field('flag', 'boolean', { defaultExpression: 'amount' }))))).toEqual(['config.expr.result-type /objects/1/fields/7/defaultExpression']);
  });

  it('needs formulas to give their result type (config.formula.result-type)', () => {
    const diagnostics = run(checkObjectExpressions, withField(field('label', 'formula', { expression: 'amount * 2.0', resultType: 'text' })));
    expect(summary(diagnostics)).toEqual(['config.formula.result-type /objects/1/fields/7/expression']);
    expect(diagnostics[0]!.message.en).toBe('The formula of field "label" in object "opportunity" gives a number (double); text (string) is needed here.');
    expect(summary(run(checkObjectExpressions, withField(field('big', 'formula', { expression: 'amount > 10.0', resultType: 'boolean' }))))).toEqual([]);
  });

  it('checks rollup filters over the child object', () => {
    const pkg = withBase((p) => at(p.objects, 0).fields.push(field('won', 'rollup', { from: 'opportunity', via: 'account', function: 'count', filter: 'tier == "gold"' })));
    const diagnostics = run(checkObjectExpressions, pkg);
    expect(summary(diagnostics)).toEqual(['config.expr.type /objects/0/fields/3/filter']);
    expect(diagnostics[0]!.message.en).toContain('(over "opportunity" records)');
  });

  it('says nothing about expressions of a rollup over an unknown object', () => {
    const pkg = withBase((p) => at(p.objects, 0).fields.push(field('x', 'rollup', { from: 'ghost', via: 'account', function: 'count', filter: 'whatever' })));
    expect(run(checkObjectExpressions, pkg)).toEqual([]);
  });
});
