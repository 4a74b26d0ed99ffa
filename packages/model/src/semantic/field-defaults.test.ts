import { describe, expect, it } from 'vitest';
import { checkFieldDefaults } from './field-defaults.ts';
import { at, choice, field, run, summary, withBase } from './test-fixtures.ts';
import type { Field } from '../generated/config.ts';

const withField = (f: Field) => withBase((p) => at(p.objects, 1).fields.push(f));
const check = (f: Field) => summary(run(checkFieldDefaults, withField(f)));

describe('field defaults', () => {
  it('accepts valid defaults', () => {
    expect(check(choice('size', ['s', 'm'], { default: 'm' }))).toEqual([]);
    expect(check(field('tags', 'multiChoice', { options: [{ value: 'a', label: { en: 'A' } }, { value: 'b', label: { en: 'B' } }], default: ['a', 'b'] }))).toEqual([]);
    expect(check(field('qty', 'number', { min: 0, max: 10, default: 10 }))).toEqual([]);
    expect(check(field('code', 'text', { pattern: '[A-Z]{2}[0-9]+', maxLength: 5, default: 'AB12' }))).toEqual([]);
    expect(check(field('due', 'date', { defaultExpression: 'today()' }))).toEqual([]);
  });

  it('refuses both default and defaultExpression', () => {
    expect(check(field('qty', 'number', { default: 1, defaultExpression: '2' }))).toEqual(['config.field.default-conflict /objects/1/fields/7/defaultExpression']);
  });

  it('refuses a default expression on a computed field', () => {
    expect(check(field('n', 'autoNumber', { format: 'N-{000}', defaultExpression: '"x"' }))).toEqual(['config.field.default-on-computed /objects/1/fields/7/defaultExpression']);
    expect(check(field('f', 'formula', { expression: '1.0', resultType: 'number', defaultExpression: '2.0' }))).toEqual(['config.field.default-on-computed /objects/1/fields/7/defaultExpression']);
  });

  it('refuses a choice default that is not an option, warns on a retired one', () => {
    expect(check(choice('size', ['s', 'm'], { default: 'xl' }))).toEqual(['config.field.default-not-option /objects/1/fields/7/default']);
    const retired = choice('size', ['s', 'm'], { default: 's' });
    if (retired.type === 'choice') at(retired.options, 0).retired = true;
    const diagnostics = run(checkFieldDefaults, withField(retired));
    expect(summary(diagnostics)).toEqual(['config.field.default-retired-option /objects/1/fields/7/default']);
    expect(diagnostics[0]!.severity).toBe('warning');
  });

  it('refuses multi-choice defaults that are not options, each at its position', () => {
    const f = field('tags', 'multiChoice', { options: [{ value: 'a', label: { en: 'A' } }], default: ['a', 'b', 'c'] });
    expect(check(f)).toEqual(['config.field.default-not-option /objects/1/fields/7/default/1', 'config.field.default-not-option /objects/1/fields/7/default/2']);
  });

  it('refuses numeric defaults outside min/max and min above max', () => {
    expect(check(field('qty', 'number', { min: 1, default: 0 }))).toEqual(['config.field.default-out-of-range /objects/1/fields/7/default']);
    expect(check(field('rate', 'percent', { max: 1, default: 1.5 }))).toEqual(['config.field.default-out-of-range /objects/1/fields/7/default']);
    expect(check(field('price', 'currency', { min: 10, max: 5 }))).toEqual(['config.field.min-max /objects/1/fields/7/min']);
  });

  it('checks text defaults against maxLength and pattern, and the pattern itself', () => {
    expect(check(field('code', 'text', { maxLength: 3, default: 'ABCD' }))).toEqual(['config.field.default-out-of-range /objects/1/fields/7/default']);
    expect(check(field('code', 'text', { pattern: '[A-Z]+', default: 'abc' }))).toEqual(['config.field.default-pattern-mismatch /objects/1/fields/7/default']);
    expect(check(field('code', 'text', { pattern: '[A-Z' }))).toEqual(['config.field.pattern-invalid /objects/1/fields/7/pattern']);
    expect(check(field('notes', 'longText', { maxLength: 2, default: 'abc' }))).toEqual(['config.field.default-out-of-range /objects/1/fields/7/default']);
  });
});
