import { describe, expect, it } from 'vitest';
import { expressionIdentifiers } from './expression-identifiers.ts';

describe('expressionIdentifiers', () => {
  it('finds bare names, not members, functions or names inside strings', () => {
    expect(expressionIdentifiers('owner == user.id && status in ["new", "owner"]')).toEqual(['owner', 'user', 'status', 'in']);
    expect(expressionIdentifiers("isActive == true && (validTo == null || validTo >= today())")).toEqual(['isActive', 'true', 'validTo', 'null']);
    expect(expressionIdentifiers(`name.startsWith('it\\'s amount')`)).toEqual(['name']);
  });
});
