import { describe, expect, it } from 'vitest';
import type { Field } from '../generated/config.ts';
import { celTypeOfField, celTypeOfResultType } from './field-cel-types.ts';

const label = { en: 'x' };
const f = (type: string, extra: Record<string, unknown> = {}): Field => ({ id: 'x', type, label, ...extra }) as Field;

describe('celTypeOfField', () => {
  it.each([
    ['text', 'string'],
    ['longText', 'string'],
    ['email', 'string'],
    ['phone', 'string'],
    ['url', 'string'],
    ['reference', 'string'],
    ['user', 'string'],
    ['autoNumber', 'string'],
    ['number', 'double'],
    ['currency', 'double'],
    ['percent', 'double'],
    ['date', 'timestamp'],
    ['datetime', 'timestamp'],
    ['boolean', 'bool'],
  ])('%s → %s', (type, cel) => {
    expect(celTypeOfField(f(type))).toBe(cel);
  });

  it('maps choice and multi-choice', () => {
    expect(celTypeOfField(f('choice', { options: [] }))).toBe('string');
    expect(celTypeOfField(f('multiChoice', { options: [] }))).toBe('list<string>');
  });

  it('maps formulas by result type', () => {
    expect(celTypeOfField(f('formula', { expression: 'a', resultType: 'percent' }))).toBe('double');
    expect(celTypeOfField(f('formula', { expression: 'a', resultType: 'datetime' }))).toBe('timestamp');
    expect(celTypeOfResultType('text')).toBe('string');
    expect(celTypeOfResultType('boolean')).toBe('bool');
  });

  it('maps rollups by function and summarised field', () => {
    const lookup = (_o: string, id: string): Field | undefined => (id === 'closeDate' ? f('date') : id === 'amount' ? f('currency') : undefined);
    expect(celTypeOfField(f('rollup', { from: 'o', via: 'a', function: 'count' }), lookup)).toBe('int');
    expect(celTypeOfField(f('rollup', { from: 'o', via: 'a', function: 'sum', field: 'amount' }), lookup)).toBe('double');
    expect(celTypeOfField(f('rollup', { from: 'o', via: 'a', function: 'max', field: 'closeDate' }), lookup)).toBe('timestamp');
    expect(celTypeOfField(f('rollup', { from: 'o', via: 'a', function: 'min', field: 'amount' }), lookup)).toBe('double');
  });
});
