import { describe, expect, it } from 'vitest';
import { objectScopeFields } from './object-scope.ts';
import type { Field } from '../generated/config.ts';

describe('objectScopeFields', () => {
  it('gives each field its CEL type, the first of a repeated id winning', () => {
    const fields = [
      { id: 'name', type: 'text', label: { en: 'Name' } },
      { id: 'amount', type: 'currency', label: { en: 'Amount' } },
      { id: 'name', type: 'number', label: { en: 'Again' } },
      { id: 'n', type: 'rollup', label: { en: 'N' }, from: 'child', via: 'parent', function: 'count' },
    ] as Field[];
    expect(objectScopeFields(fields)).toEqual({ name: 'string', amount: 'double', n: 'int' });
  });
});
