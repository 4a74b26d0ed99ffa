import { describe, expect, it } from 'vitest';
import { SqlParams, bindSqlParams } from './sql-params.ts';

describe('SqlParams', () => {
  it('numbers placeholders from the first parameter and reuses variables', () => {
    const p = new SqlParams(3);
    expect(p.value('a', 'text')).toBe('$3::text');
    expect(p.variable(['user', 'id'], 'text')).toBe('$4::text');
    expect(p.variable(['user', 'id'], 'text')).toBe('$4::text');
    expect(p.value(5n, 'bigint')).toBe('$5::bigint');
    expect(p.params).toEqual([
      { kind: 'value', value: 'a' },
      { kind: 'var', path: ['user', 'id'] },
      { kind: 'value', value: 5n },
    ]);
  });
});

describe('bindSqlParams', () => {
  it('resolves variables and converts bigints', () => {
    const now = new Date('2024-05-10T15:30:00Z');
    const user = { id: 'u1', username: 'ann', orgUnit: null, roles: ['sales'], units: ['eu'] };
    const values = bindSqlParams(
      [
        { kind: 'var', path: ['user', 'id'] },
        { kind: 'var', path: ['user', 'orgUnit'] },
        { kind: 'var', path: ['user', 'units'] },
        { kind: 'var', path: ['now'] },
        { kind: 'var', path: ['today'] },
        { kind: 'value', value: 2n ** 62n },
        { kind: 'value', value: [1n, 2n] },
      ],
      { user, now },
    );
    expect(values).toEqual(['u1', null, ['eu'], now, new Date('2024-05-10T00:00:00Z'), '4611686018427387904', [1, 2]]);
  });

  it('gives null for user variables without a user', () => {
    expect(bindSqlParams([{ kind: 'var', path: ['user', 'roles'] }], {})).toEqual([null]);
  });
});
