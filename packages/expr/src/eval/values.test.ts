import { describe, expect, it } from 'vitest';
import { ExprError } from '../expr-error.ts';
import { readerFor, toPlain } from './values.ts';

describe('readers', () => {
  it('turns absent values into null', () => {
    for (const t of ['double', 'int', 'string', 'bool', 'timestamp', 'list<string>', 'dyn'] as const) {
      expect(readerFor(t, 'f')(undefined)).toBeNull();
      expect(readerFor(t, 'f')(null)).toBeNull();
    }
  });

  it('accepts numbers, bigints and numeric text', () => {
    expect(readerFor('double', 'f')(3)).toBe(3);
    expect(readerFor('double', 'f')(3n)).toBe(3);
    expect(readerFor('double', 'f')('12.50')).toBe(12.5);
    expect(readerFor('int', 'f')(3)).toBe(3n);
    expect(readerFor('int', 'f')('42')).toBe(42n);
    expect(() => readerFor('int', 'f')(1.5)).toThrow(ExprError);
  });

  it('accepts ISO text for dates', () => {
    expect(readerFor('timestamp', 'f')('2024-01-15')).toEqual(new Date('2024-01-15T00:00:00Z'));
    expect(() => readerFor('timestamp', 'f')('soon')).toThrow(/must be a date/);
    expect(() => readerFor('timestamp', 'f')(new Date(NaN))).toThrow(ExprError);
  });

  it('rejects values of the wrong type with the field name', () => {
    expect(() => readerFor('string', 'stage')(5)).toThrow("the value of 'stage' must be text, got a number");
  });
});

describe('toPlain', () => {
  it('turns safe ints into numbers', () => {
    expect(toPlain(5n)).toBe(5);
    expect(toPlain(2n ** 60n)).toBe(2n ** 60n);
    expect(toPlain([1n, 'a'])).toEqual([1, 'a']);
  });
});
