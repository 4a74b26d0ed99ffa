import { describe, expect, it } from 'vitest';
import { fromCelJsType, isAssignable, toCelJsType } from './type-names.ts';

describe('type names', () => {
  it('translates timestamps both ways', () => {
    expect(toCelJsType('timestamp')).toBe('google.protobuf.Timestamp');
    expect(fromCelJsType('list<google.protobuf.Timestamp>')).toBe('list<timestamp>');
    expect(fromCelJsType('list')).toBe('list<dyn>');
  });

  it('accepts int where double is expected, not the reverse', () => {
    expect(isAssignable('int', 'double')).toBe(true);
    expect(isAssignable('double', 'int')).toBe(false);
    expect(isAssignable('string', 'bool')).toBe(false);
    expect(isAssignable('dyn', 'bool')).toBe(true);
    expect(isAssignable('null', 'timestamp')).toBe(true);
  });
});
